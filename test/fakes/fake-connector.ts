import { createServer, type Server } from 'node:http';
import { adaptiveCardProblems } from '../helpers/render-check.ts';
import { closeServer, listenOnLoopback } from './loopback.ts';

/** An activity the bot sent to the connector. */
export interface SentActivity {
  readonly method: string;
  readonly conversationId: string;
  /** The activity replied to, when the bot answered in a thread or a turn. */
  readonly replyToId: string | null;
  readonly activity: Record<string, unknown>;
  readonly authorization: string | undefined;
}

type Fault = { status: number; headers?: Record<string, string> };

/**
 * A Bot Framework connector on loopback (the `serviceUrl` of incoming activities): it records what the
 * bot sends to `/v3/conversations/{id}/activities[/{replyToId}]` and can answer with faults.
 */
export class FakeConnector {
  readonly sent: SentActivity[] = [];
  /** Every request in order, with the status answered and when it arrived. */
  readonly attempts: { status: number; at: number }[] = [];
  /** What the adaptivecards parser said about cards the bot sent; {@link stop} fails when any was invalid. */
  readonly invalidCards: string[] = [];
  private readonly faults: Fault[] = [];
  private readonly waiters: { count: number; resolve: () => void }[] = [];
  private readonly server: Server;
  private counter = 0;
  port = 0;

  constructor() {
    this.server = createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (raw += chunk));
      req.on('end', () => {
        const fault = this.faults.shift();
        if (fault !== undefined) {
          this.attempts.push({ status: fault.status, at: Date.now() });
          res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
          res.end(JSON.stringify({ error: { code: 'Fault', message: `injected ${fault.status}` } }));
          return;
        }
        const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
        if (match === null) {
          res.writeHead(404).end();
          return;
        }
        const activity = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
        const problems = cardProblems(activity);
        if (problems.length > 0) {
          // Teams refuses a malformed card with 400 BadArgument.
          this.invalidCards.push(...problems);
          this.attempts.push({ status: 400, at: Date.now() });
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'BadArgument', message: problems.join('; ') } }));
          return;
        }
        this.attempts.push({ status: 200, at: Date.now() });
        this.sent.push({
          method: req.method ?? 'POST',
          conversationId: decodeURIComponent(match[1] ?? ''),
          replyToId: match[2] === undefined ? null : decodeURIComponent(match[2]),
          activity,
          authorization: req.headers.authorization,
        });
        for (const waiter of [...this.waiters]) {
          if (this.sent.length >= waiter.count) {
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `activity-${++this.counter}` }));
      });
    });
  }

  async start(): Promise<this> {
    this.port = await listenOnLoopback(this.server);
    return this;
  }

  /** Stops listening; fails when the bot sent a card the adaptivecards parser rejected, so every test checks its cards. */
  async stop(): Promise<void> {
    await closeServer(this.server);
    if (this.invalidCards.length > 0) throw new Error(`the bot sent invalid Adaptive Cards: ${this.invalidCards.join('; ')}`);
  }

  get serviceUrl(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** The next requests fail with these statuses, in order. */
  fail(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** Resolves once `count` activities have arrived in all. */
  waitForSent(count: number, timeoutMs = 5000): Promise<void> {
    if (this.sent.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.sent.length} of ${count} activities arrived`)), timeoutMs);
      this.waiters.push({
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }
}

/** Every parser complaint about the Adaptive Cards an activity carries. */
function cardProblems(activity: Record<string, unknown>): string[] {
  const attachments = (activity.attachments ?? []) as { contentType?: string; content?: unknown }[];
  return attachments.filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive').flatMap((a) => adaptiveCardProblems(a.content));
}
