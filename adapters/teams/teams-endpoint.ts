import type { IncomingMessage as HttpRequest, ServerResponse } from 'node:http';
import { CloudAdapter, type Activity, type ConfigurationBotFrameworkAuthentication, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { HttpRoute } from '../../src/infrastructure/http/http-server.ts';
import type { Logger } from '../../src/infrastructure/log.ts';
import { settleWithin, type Clock } from '../../src/infrastructure/clock.ts';
import { authenticationFailure } from './connector-errors.ts';

export const TEAMS_MESSAGES_PATH = '/api/messages';

/** The largest activity accepted; Bot Framework activities are a few kilobytes, attachments travel as links. */
export const BODY_LIMIT = 1024 * 1024;
/** Past this much (refused) body the connection is cut instead of drained. */
const DRAIN_LIMIT = 4 * BODY_LIMIT;
/** botbuilder fetches the OpenID metadata and signing keys without a timeout: a hung endpoint would hold every request. */
const DEFAULT_AUTH_TIMEOUT_MS = 10_000;

type Verified = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
type Logic = (context: TurnContext) => Promise<void>;

/**
 * CloudAdapter with its turn pipeline reachable for a request this endpoint has already verified.
 * `process()` would verify the request itself and answer every failure as 401 or 500 with botbuilder's
 * internal message as the body; verifying first lets the endpoint tell a bad token (401) from
 * unreachable signing keys (503) and log why.
 */
export class VerifiedCloudAdapter extends CloudAdapter {
  /** Runs `logic` for an activity whose request passed {@link ConfigurationBotFrameworkAuthentication.authenticateRequest}. */
  runVerified(verified: Verified, activity: Activity, logic: Logic): Promise<InvokeResponse | undefined> {
    return this.processActivity(verified, activity, logic);
  }
}

export interface MessagesEndpointOptions {
  readonly adapter: VerifiedCloudAdapter;
  readonly authentication: Pick<ConfigurationBotFrameworkAuthentication, 'authenticateRequest'>;
  readonly turn: Logic;
  readonly log: Logger;
  /** Unauthenticated test mode: activities must name a loopback `serviceUrl` or one of `serviceUrlHosts`. */
  readonly allowUnauthenticated: boolean;
  readonly serviceUrlHosts: readonly string[];
  /** How long verification may wait for the key endpoints before answering 503. */
  readonly authTimeoutMs?: number;
  /** Times that wait. */
  readonly clock: Clock;
}

/**
 * `POST /api/messages`: reads the activity (413 past {@link BODY_LIMIT}, 400 when it is no activity),
 * verifies the request's token (401 when it does not verify, 503 when Microsoft's key endpoints cannot
 * be read), then runs the turn and answers with its invoke response.
 */
export function createMessagesRoute(options: MessagesEndpointOptions): HttpRoute {
  const { adapter, authentication, turn, log } = options;
  const authTimeoutMs = options.authTimeoutMs ?? DEFAULT_AUTH_TIMEOUT_MS;
  return {
    path: TEAMS_MESSAGES_PATH,
    methods: ['POST'],
    handler: async (request, response) => {
      const body = await readJsonBody(request);
      if (body.kind === 'too_large') {
        answer(response, 413, { error: `the activity is larger than ${BODY_LIMIT} bytes` });
        return;
      }
      const activity = body.kind === 'json' ? toActivity(body.value) : null;
      if (activity === null) {
        answer(response, 400, { error: 'expected a JSON activity with a type' });
        return;
      }
      if (options.allowUnauthenticated && !isAllowedServiceUrl(activity.serviceUrl, options.serviceUrlHosts)) {
        // Unverified, the bot would post its answer (and store a reference for reminders) wherever the sender says.
        log.warn('teams: refused an unauthenticated activity whose serviceUrl is not loopback nor in TEAMS_SERVICE_URL_HOSTS', {
          serviceUrl: String(activity.serviceUrl),
        });
        answer(response, 403, { error: 'serviceUrl is not loopback nor in TEAMS_SERVICE_URL_HOSTS' });
        return;
      }
      const authorization = request.headers.authorization ?? '';
      let verified: Verified;
      try {
        verified = await within(options.clock, authentication.authenticateRequest(activity, authorization), authTimeoutMs);
      } catch (error) {
        const failure = authenticationFailure(error);
        // The reason never carries the token: botbuilder's messages name claims, not the token, and the token is cut out besides.
        const reason = redact(failure.reason, authorization);
        if (failure.kind === 'rejected') {
          log.warn('teams: refused a request whose token did not verify', { reason });
          answer(response, 401, { error: 'the request’s token did not verify' });
        } else if (failure.kind === 'unavailable') {
          log.error('teams: could not verify a request: the Bot Framework OpenID metadata or signing keys could not be read', { reason });
          answer(response, 503, { error: 'the Bot Framework signing keys are unavailable; try again later' }, { 'retry-after': '10' });
        } else {
          log.error('teams: request verification failed', { reason, name: failure.name });
          answer(response, 500, { error: 'internal error' });
        }
        return;
      }
      const invoke = await adapter.runVerified(verified, activity, turn);
      answer(response, invoke?.status ?? 200, invoke?.body);
    },
  };
}

/** Rejects after `ms` with an error that counts as an unavailable key endpoint. */
function within<T>(clock: Clock, work: Promise<T>, ms: number): Promise<T> {
  return settleWithin(clock, work, ms, (): never => {
    throw Object.assign(new Error(`no answer from the key endpoints within ${ms} ms`), { code: 'ETIMEDOUT' });
  });
}

function redact(text: string, authorization: string): string {
  const token = authorization.replace(/^\S+\s+/, '').trim();
  return token.length >= 8 ? text.split(token).join('[token]') : text;
}

function answer(response: ServerResponse, status: number, body?: unknown, headers: Readonly<Record<string, string>> = {}): void {
  if (body === undefined || body === null) {
    response.writeHead(status, headers).end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, {
    ...headers,
    'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/** True for an http(s) URL on loopback, or on one of `hosts`. */
export function isAllowedServiceUrl(serviceUrl: unknown, hosts: readonly string[]): boolean {
  if (typeof serviceUrl !== 'string' || !URL.canParse(serviceUrl)) return false;
  const url = new URL(serviceUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  // The URL parser has already normalised 127.1, 0x7f.0.0.1 and the like to dotted decimal.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host) || hosts.includes(host);
}

/** The checks and date fields botbuilder's own `process()` applies to a request body. */
function toActivity(body: Record<string, unknown>): Activity | null {
  if (typeof body.type !== 'string') return null;
  const activity: Record<string, unknown> = { ...body };
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity as unknown as Activity;
}

type Body = { readonly kind: 'json'; readonly value: Record<string, unknown> } | { readonly kind: 'invalid' } | { readonly kind: 'too_large' };

/**
 * Reads a JSON object of at most {@link BODY_LIMIT} bytes. Past the limit it settles at once as
 * `too_large` and drains the rest unread, so that the 413 reaches a client still sending instead of a
 * reset; a body past {@link DRAIN_LIMIT} cuts the connection.
 */
function readJsonBody(request: HttpRequest): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = Number(request.headers['content-length'] ?? 0) > BODY_LIMIT;
    if (refused) resolve({ kind: 'too_large' });
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (refused) {
        if (size > DRAIN_LIMIT) request.destroy();
        return;
      }
      if (size > BODY_LIMIT) {
        refused = true;
        chunks.length = 0;
        resolve({ kind: 'too_large' });
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (refused) return;
      try {
        const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
        resolve(
          typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
            ? { kind: 'json', value: parsed as Record<string, unknown> }
            : { kind: 'invalid' },
        );
      } catch {
        resolve({ kind: 'invalid' });
      }
    });
    request.on('error', reject);
  });
}
