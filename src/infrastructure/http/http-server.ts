import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log.ts';

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** A path an adapter serves on the shared listener, e.g. `/slack/events` or `/api/messages`. */
export interface HttpRoute {
  readonly path: string;
  /** True: the route serves every path under `path` (which then ends in `/`), such as `/charts/<token>.png`. */
  readonly prefix?: boolean;
  /** The methods the route answers (upper case); any other gets 405 with an `Allow` header, before the handler runs. */
  readonly methods: readonly string[];
  readonly handler: RouteHandler;
}

/** The body of `/healthz`; `status` other than `ok` answers 503. */
export type HealthReport = { readonly status: string } & Record<string, unknown>;

export interface HttpServerOptions {
  readonly routes: readonly HttpRoute[];
  /**
   * The body of `GET /healthz`. `detailed` is true only for a request that carries the metrics token:
   * anyone can reach `/healthz`, so the plain report holds a status and counts, never paths or errors.
   */
  readonly health: (detailed: boolean) => HealthReport;
  /** The bearer token (`METRICS_TOKEN`) that unlocks the detailed report; null: nobody gets it over HTTP. */
  readonly healthToken?: string | null;
  readonly log: Logger;
}

const HEALTH_PATH = '/healthz';
const HEALTH_METHODS = ['GET', 'HEAD'];

/**
 * The one HTTP listener of the bot: every platform adapter mounts its routes here, so Slack and Teams
 * share a port and a `/healthz`. It knows nothing about either platform.
 *
 * Nothing a client sends may stop it: a request line node cannot parse is answered 400 on the socket
 * (`clientError`), a target that is no URL gets 400, a method a route does not declare gets 405, and
 * whatever a handler throws, at once or later, is logged and answered 500 without detail.
 */
export function createHttpServer(options: HttpServerOptions): Server {
  const routes = new Map(options.routes.filter((r) => r.prefix !== true).map((r) => [r.path, r]));
  const prefixes = options.routes.filter((r) => r.prefix === true);
  const { log } = options;
  const healthToken = options.healthToken ?? null;

  const serve = (request: IncomingMessage, response: ServerResponse, path: string): void => {
    if (path === HEALTH_PATH) {
      if (!allows(HEALTH_METHODS, request, response)) return;
      const presented = bearerToken(request.headers.authorization);
      if (presented !== null && healthToken !== null && !sameSecret(presented, healthToken)) {
        sendJson(response, 401, { error: 'the bearer token is not the metrics token' }, { 'www-authenticate': 'Bearer' });
        return;
      }
      const report = options.health(presented !== null && healthToken !== null);
      sendJson(response, report.status === 'ok' ? 200 : 503, report);
      return;
    }
    const route = routes.get(path) ?? prefixes.find((r) => path.startsWith(r.path));
    if (route === undefined) {
      sendJson(response, 404, { error: 'not found' });
      return;
    }
    if (!allows(route.methods, request, response)) return;
    Promise.resolve()
      .then(() => route.handler(request, response))
      .catch((error: unknown) => fail(response, path, error));
  };

  const fail = (response: ServerResponse, path: string, error: unknown): void => {
    log.error('http handler failed', { path, error });
    try {
      if (!response.headersSent) sendJson(response, 500, { error: 'internal error' });
      else response.end();
    } catch (sendError) {
      // The socket is already gone: nothing left to answer.
      log.debug('http: could not answer a failed request', { path, error: sendError });
    }
  };

  const server = createServer((request, response) => {
    // The request callback runs on node's parser: anything thrown here would end the process.
    const path = pathOf(request.url);
    try {
      if (path === null) {
        sendJson(response, 400, { error: 'the request target is not a URL' });
        return;
      }
      serve(request, response, path);
    } catch (error) {
      fail(response, path ?? '(not a URL)', error);
    }
  });

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // Scanners send garbage all day: note it at debug, never its bytes.
    log.debug('http: malformed request refused', { code: error.code });
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
    if (!socket.writable || error.code === 'ECONNRESET' || inFlight?.headersSent === true) {
      socket.destroy();
      return;
    }
    const [status, reason] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout']
          : [400, 'Bad Request'];
    const body = JSON.stringify({ error: reason.toLowerCase() });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
  return server;
}

/**
 * A target that is a plain path: segments of letters, digits and `_.~-`, none starting with a dot (so no
 * `.` or `..` to resolve), no query, nothing to decode. A URL parser would give it back unchanged.
 */
const PLAIN_PATH = /^(?:(?:\/[\w~-][\w.~-]*)+\/?|\/)$/;

/** The path of a request target, or null when it is no URL (`http://a:99999/` has a port past 65535). */
function pathOf(target: string | undefined): string | null {
  const text = target ?? '/';
  // Every request passes here, and nearly all of them name a plain path: it is its own path, unparsed.
  if (PLAIN_PATH.test(text)) return text;
  return URL.canParse(text, 'http://localhost') ? new URL(text, 'http://localhost').pathname : null;
}

/** True when `methods` holds the request's method; otherwise answers 405 with the methods that would do. */
function allows(methods: readonly string[], request: IncomingMessage, response: ServerResponse): boolean {
  if (methods.includes(request.method ?? '')) return true;
  sendJson(response, 405, { error: `use ${methods.join(' or ')}` }, { allow: methods.join(', ') });
  return false;
}

/**
 * Whether a request carries `token` as its bearer token (`Authorization: Bearer <token>`), compared in
 * constant time: the one check behind the detailed `/healthz` and `/metrics`.
 */
export function presentsBearer(request: IncomingMessage, token: string): boolean {
  const presented = bearerToken(request.headers.authorization);
  return presented !== null && sameSecret(presented, token);
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** Compares in time independent of where the two differ: both sides are hashed to the same length first. */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
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

/** Answers with a JSON body; the listener's own answers and routes' errors share it. */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
