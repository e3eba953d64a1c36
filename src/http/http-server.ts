import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.ts';

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** A path an adapter serves on the shared listener, e.g. `/slack/events` or `/api/messages`. */
export interface HttpRoute {
  readonly path: string;
  readonly handler: RouteHandler;
}

export interface HttpServerOptions {
  readonly routes: readonly HttpRoute[];
  /** The body of `GET /healthz`; `status` other than `ok` answers 503. */
  readonly health: () => { readonly status: string } & Record<string, unknown>;
  readonly log: Logger;
}

/**
 * The one HTTP listener of the bot: every platform adapter mounts its routes here, so Slack and Teams
 * share a port and a `/healthz`. It knows nothing about either platform.
 */
export function createHttpServer(options: HttpServerOptions): Server {
  const routes = new Map(options.routes.map((r) => [r.path, r.handler]));
  return createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/healthz' && (request.method === 'GET' || request.method === 'HEAD')) {
      const report = options.health();
      sendJson(response, report.status === 'ok' ? 200 : 503, report);
      return;
    }
    const handler = routes.get(path);
    if (handler === undefined) {
      sendJson(response, 404, { error: 'not found' });
      return;
    }
    Promise.resolve()
      .then(() => handler(request, response))
      .catch((error: unknown) => {
        options.log.error('http handler failed', { path, error });
        if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
        else response.end();
      });
  });
}

/** Starts listening; port 0 picks a free port. Resolves with the port actually bound. */
export function listen(server: Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops accepting connections and closes idle ones, so that a restart can bind the port again. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
