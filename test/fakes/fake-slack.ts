import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { slackPayloadProblems } from '../helpers/render-check.ts';
import { closeServer, listenOnLoopback } from './loopback.ts';

/** One call the fake received: a Web API method or a post to a response_url. */
export interface RecordedCall {
  readonly method: string;
  readonly body: Record<string, unknown>;
  readonly authorization: string | undefined;
}

type Answer = { status?: number; headers?: Record<string, string>; body: Record<string, unknown> };

/** A file uploaded through the external upload flow and shared by `files.completeUploadExternal`. */
export interface SharedFile {
  readonly id: string;
  readonly filename: string;
  readonly title: string | null;
  readonly altText: string | null;
  readonly channel: string;
  readonly threadTs: string | null;
  /** The bytes POSTed to the upload URL. */
  readonly bytes: Buffer;
}

/** A message the fake accepted with chat.postMessage, as conversations.history shows it. */
export interface PostedMessage {
  readonly channel: string;
  readonly ts: string;
  readonly text: string;
  readonly metadata: { readonly event_type: string; readonly event_payload: Record<string, unknown> } | null;
}

/**
 * A Slack Web API on loopback that records every call. It answers `auth.test` for the bot, `chat.*`
 * with a fresh `ts`, `apps.connections.open` with a WebSocket URL on itself (Socket Mode), and
 * `/response/<id>` as a response_url. Tests can queue other answers per method (errors, 429s), and
 * make posts to chosen channels hang (never answered) or slow.
 *
 * Files go through Slack's external upload: `files.getUploadURLExternal` hands out an upload URL on the
 * fake itself, where the bytes are POSTed (as a multipart form, the way the Web API client sends them),
 * and `files.completeUploadExternal` shares them into a channel or thread; {@link sharedFiles} keeps them.
 *
 * Accepted posts are kept per channel with their message metadata, and `conversations.history` answers
 * from them (newest first, from `oldest`, metadata only with `include_all_metadata`). A slow channel's
 * post is kept when it arrives, before the answer: a client that dies meanwhile still posted it. A
 * hanging channel's post is never kept.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly sockets: WebSocket[] = [];
  private readonly queued = new Map<string, Answer[]>();
  /** Answers to chat.postMessage per channel, taken before the method's own queue. */
  private readonly queuedForChannel = new Map<string, Answer[]>();
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly waiters: { predicate: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }[] = [];
  private socketListeners: ((socket: WebSocket) => void)[] = [];
  private tsCounter = 0;
  /** When set, chat.postMessage to one channel faster than this answers 429 (Retry-After: 1), as Slack does. */
  minPostIntervalMs: number | null = null;
  /** 429s answered because of {@link minPostIntervalMs}. */
  rateLimited = 0;
  private readonly lastPostAt = new Map<string, number>();
  /** Channels whose chat.postMessage is recorded and then never answered, as a hung Slack would do. */
  readonly hangingChannels = new Set<string>();
  /** Channels whose chat.postMessage is answered only after this many milliseconds. */
  readonly slowChannels = new Map<string, number>();
  /** Channels whose chat.postMessage is kept at once but answered only when the test releases it (see {@link holdPosts}). */
  private readonly heldChannels = new Map<string, Promise<void>>();
  /** Uploaded files by name, served at `/files/<name>` as url_private_download. */
  readonly files = new Map<string, string>();
  /** Channel names by id, for conversations.info. */
  readonly channelNames = new Map<string, string>();
  /** Workspace members by email, for users.lookupByEmail. */
  readonly users = new Map<string, string>();
  /** Messages accepted by chat.postMessage, oldest first. */
  readonly messages: PostedMessage[] = [];
  /** Files shared by files.completeUploadExternal, oldest first. */
  readonly sharedFiles: SharedFile[] = [];
  /** Upload URLs handed out, by file id: what getUploadURLExternal was told, and the bytes once POSTed. */
  private readonly uploads = new Map<string, { filename: string; length: number; altText: string | null; bytes: Buffer | null }>();
  private fileCounter = 0;
  /** The clock that stamps messages' `ts`, in milliseconds; tests that move the bot's clock move this too. */
  clock: () => number = Date.now;
  private lastTsMicros = 0;
  /** Problems with message payloads the bot sent; {@link stop} fails when there is any, so every test checks its blocks. */
  readonly invalidPayloads: string[] = [];
  port = 0;

  constructor() {
    this.server = createServer((req, res) => {
      void readBody(req).then(async (bytes) => {
        const raw = bytes.toString('utf8');
        const url = new URL(req.url ?? '/', 'http://localhost');
        const method = url.pathname.startsWith('/api/') ? url.pathname.slice('/api/'.length) : url.pathname;
        if (method.startsWith('/upload/')) {
          await this.receiveUpload(method.slice('/upload/'.length), bytes, req.headers['content-type'], res);
          return;
        }
        const call: RecordedCall = { method, body: parseBody(raw, req.headers['content-type']), authorization: req.headers.authorization };
        this.calls.push(call);
        for (const waiter of [...this.waiters]) {
          if (waiter.predicate(call)) {
            this.waiters.splice(this.waiters.indexOf(waiter), 1);
            waiter.resolve(call);
          }
        }
        const file = method.startsWith('/files/') ? this.files.get(method.slice('/files/'.length)) : undefined;
        if (method.startsWith('/files/')) {
          // Files need the bot token, as url_private does.
          const allowed = file !== undefined && req.headers.authorization?.startsWith('Bearer xoxb-') === true;
          res.writeHead(allowed ? 200 : 404, { 'content-type': 'text/plain' });
          res.end(allowed ? file : 'not found');
          return;
        }
        const channel = method === 'chat.postMessage' ? String(call.body.channel) : '';
        // The request stays open until the client gives up or the fake stops.
        if (this.hangingChannels.has(channel)) return;
        const problems = MESSAGE_METHODS.test(method) ? slackPayloadProblems(call.body) : [];
        this.invalidPayloads.push(...problems.map((p) => `${method}: ${p}`));
        // Slack refuses blocks it cannot take with invalid_blocks.
        const refused: Answer | undefined = problems.length > 0 ? { body: { ok: false, error: 'invalid_blocks', errors: problems } } : undefined;
        const forChannel = method === 'chat.postMessage' ? this.queuedForChannel.get(channel)?.shift() : undefined;
        const answer =
          refused ??
          forChannel ??
          this.queued.get(method)?.shift() ??
          this.rateLimit(method, call) ??
          (method === 'chat.postMessage' ? this.accept(call) : this.defaultAnswer(method, call));
        const send = (): void => {
          if (res.destroyed) return;
          res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
          res.end(JSON.stringify(answer.body));
        };
        const delay = this.slowChannels.get(channel);
        const held = this.heldChannels.get(channel);
        if (held !== undefined) void held.then(send);
        else if (delay === undefined) send();
        else setTimeout(send, delay);
      });
    });
    this.wss = new WebSocketServer({ server: this.server, path: '/socket' });
    this.wss.on('connection', (socket) => {
      this.sockets.push(socket);
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'fake', approximate_connection_time: 18060 },
          connection_info: { app_id: 'A0FAKE' },
        }),
      );
      for (const listener of this.socketListeners) listener(socket);
    });
  }

  /**
   * From now on, posts to `channel` are kept when they arrive (as a slow channel's are) and answered when
   * the returned function is called, so that a test decides what the bot does while a post is on its way.
   */
  holdPosts(channel: string): () => void {
    let release = (): void => undefined;
    this.heldChannels.set(channel, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.heldChannels.delete(channel);
      release();
    };
  }

  async start(): Promise<this> {
    this.port = await listenOnLoopback(this.server);
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await closeServer(this.server);
    if (this.invalidPayloads.length > 0) throw new Error(`the bot sent invalid Slack messages: ${this.invalidPayloads.join('; ')}`);
  }

  /** The base URL to give the bot as SLACK_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** The url_private_download of an uploaded file. */
  fileUrl(name: string): string {
    return `http://127.0.0.1:${this.port}/files/${name}`;
  }

  /** A response_url that lands in this fake, recorded as method `/response/<id>`. */
  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  /** Answers the next call of `method` with `answer` instead of the default. */
  queue(method: string, answer: Answer): void {
    const list = this.queued.get(method) ?? [];
    list.push(answer);
    this.queued.set(method, list);
  }

  /** Answers the next `times` posts to `channel` with `answer`; other channels are answered as usual. */
  queueForChannel(channel: string, answer: Answer, times = 1): void {
    const list = this.queuedForChannel.get(channel) ?? [];
    for (let i = 0; i < times; i++) list.push(answer);
    this.queuedForChannel.set(channel, list);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first call (already made or still to come) that matches. */
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    const done = this.calls.find(predicate);
    if (done !== undefined) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching call within ${timeoutMs} ms; calls: ${this.calls.map((c) => c.method).join(', ')}`)),
        timeoutMs,
      );
      this.waiters.push({
        predicate,
        resolve: (c) => {
          clearTimeout(timer);
          resolve(c);
        },
      });
    });
  }

  /** Calls `listener` for every Socket Mode connection, after the hello. */
  onSocket(listener: (socket: WebSocket) => void): void {
    this.socketListeners.push(listener);
  }

  private rateLimit(method: string, call: RecordedCall): Answer | undefined {
    if (this.minPostIntervalMs === null || method !== 'chat.postMessage') return undefined;
    const channel = String(call.body.channel);
    const now = Date.now();
    const last = this.lastPostAt.get(channel);
    if (last !== undefined && now - last < this.minPostIntervalMs) {
      this.rateLimited++;
      return { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } };
    }
    this.lastPostAt.set(channel, now);
    return undefined;
  }

  /**
   * The bytes POSTed to an upload URL: the Web API client sends them as the `file` part of a multipart
   * form (any part holding a file is taken). Slack answers 200 with a short text.
   */
  private async receiveUpload(fileId: string, bytes: Buffer, contentType: string | undefined, res: ServerResponse): Promise<void> {
    const upload = this.uploads.get(fileId);
    let received: Buffer | null = null;
    if (contentType?.startsWith('multipart/form-data') === true) {
      const form = await new Response(bytes, { headers: { 'content-type': contentType } }).formData();
      const file = [...form.values()].find((v) => typeof v !== 'string');
      received = file === undefined || typeof file === 'string' ? null : Buffer.from(await file.arrayBuffer());
    } else {
      received = bytes;
    }
    if (upload === undefined || received === null) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('unknown upload');
      return;
    }
    upload.bytes = received;
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${received.length}`);
  }

  private uploadUrl(call: RecordedCall): Answer {
    const length = Number(call.body.length);
    const filename = typeof call.body.filename === 'string' ? call.body.filename : '';
    if (filename === '' || !Number.isInteger(length) || length <= 0) return { body: { ok: false, error: 'invalid_arguments' } };
    const id = `F${String(++this.fileCounter).padStart(6, '0')}`;
    this.uploads.set(id, { filename, length, altText: typeof call.body.alt_text === 'string' ? call.body.alt_text : null, bytes: null });
    return { body: { ok: true, upload_url: `http://127.0.0.1:${this.port}/upload/${id}`, file_id: id } };
  }

  /** Shares uploaded files, as Slack does: every file must have been uploaded whole, at the length announced. */
  private completeUpload(call: RecordedCall): Answer {
    const files = Array.isArray(call.body.files) ? (call.body.files as { id?: unknown; title?: unknown }[]) : [];
    const channel = typeof call.body.channel_id === 'string' ? call.body.channel_id : null;
    if (files.length === 0 || channel === null) return { body: { ok: false, error: 'invalid_arguments' } };
    const shared: SharedFile[] = [];
    for (const file of files) {
      const upload = typeof file.id === 'string' ? this.uploads.get(file.id) : undefined;
      if (upload?.bytes == null || upload.bytes.length !== upload.length) return { body: { ok: false, error: 'file_not_found' } };
      shared.push({
        id: String(file.id),
        filename: upload.filename,
        title: typeof file.title === 'string' ? file.title : null,
        altText: upload.altText,
        channel,
        threadTs: typeof call.body.thread_ts === 'string' ? call.body.thread_ts : null,
        bytes: upload.bytes,
      });
    }
    this.sharedFiles.push(...shared);
    return { body: { ok: true, files: shared.map((f) => ({ id: f.id, title: f.title ?? f.filename })) } };
  }

  /** The messages accepted in `channel`, oldest first. */
  postsTo(channel: string): PostedMessage[] {
    return this.messages.filter((m) => m.channel === channel);
  }

  /** Keeps a posted message, with a `ts` from {@link clock} that never repeats, and answers with it. */
  private accept(call: RecordedCall): Answer {
    const micros = Math.max(this.clock() * 1000, this.lastTsMicros + 1);
    this.lastTsMicros = micros;
    const ts = `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
    const channel = typeof call.body.channel === 'string' ? call.body.channel : 'C0';
    const metadata = call.body.metadata as PostedMessage['metadata'] | undefined;
    this.messages.push({ channel, ts, text: typeof call.body.text === 'string' ? call.body.text : '', metadata: metadata ?? null });
    return { body: { ok: true, channel, ts } };
  }

  private history(call: RecordedCall): Answer {
    const channel = String(call.body.channel);
    const oldest = Number(call.body.oldest ?? 0);
    const withMetadata = String(call.body.include_all_metadata) === 'true';
    const limit = Number(call.body.limit ?? 100);
    const start = Number(call.body.cursor ?? 0);
    const all = this.postsTo(channel)
      .filter((m) => Number(m.ts) > oldest)
      .reverse();
    const page = all
      .slice(start, start + limit)
      .map((m) => ({ type: 'message', ts: m.ts, text: m.text, ...(withMetadata && m.metadata !== null ? { metadata: m.metadata } : {}) }));
    const more = start + limit < all.length;
    return { body: { ok: true, messages: page, has_more: more, ...(more ? { response_metadata: { next_cursor: String(start + limit) } } : {}) } };
  }

  private defaultAnswer(method: string, call: RecordedCall): Answer {
    switch (method) {
      case 'auth.test':
        return {
          body: { ok: true, url: 'https://fake.slack.test/', team: 'Fake Team', user: 'screenos-bot', team_id: 'T0FAKE', user_id: 'UBOT', bot_id: 'BBOT' },
        };
      case 'bots.info':
        // auth.test does not name a bot token's app (workspace T0FAKE); bots.info does (A0FAKE).
        return { body: { ok: true, bot: { id: this.calls.at(-1)?.body.bot ?? 'BBOT', app_id: 'A0FAKE', user_id: 'UBOT', name: 'screenos-bot' } } };
      case 'users.lookupByEmail': {
        const email = this.calls.at(-1)?.body.email;
        const id = typeof email === 'string' ? this.users.get(email.toLowerCase()) : undefined;
        return { body: id === undefined ? { ok: false, error: 'users_not_found' } : { ok: true, user: { id, name: id.toLowerCase() } } };
      }
      case 'users.info': {
        const user = this.calls.at(-1)?.body.user;
        const email = [...this.users].find(([, id]) => id === user)?.[0];
        return { body: { ok: true, user: { id: user, profile: email === undefined ? {} : { email } } } };
      }
      case 'conversations.info': {
        const channel = this.calls.at(-1)?.body.channel;
        const id = typeof channel === 'string' ? channel : '';
        return { body: { ok: true, channel: { id, name: this.channelNames.get(id) ?? 'general', is_channel: true } } };
      }
      case 'apps.connections.open':
        return { body: { ok: true, url: `ws://127.0.0.1:${this.port}/socket` } };
      case 'conversations.history':
        return this.history(call);
      case 'files.getUploadURLExternal':
        return this.uploadUrl(call);
      case 'files.completeUploadExternal':
        return this.completeUpload(call);
      case 'chat.update':
      case 'chat.postEphemeral':
        return { body: { ok: true, channel: this.calls.at(-1)?.body.channel ?? 'C0', ts: `1700000000.${String(++this.tsCounter).padStart(6, '0')}` } };
      default:
        return { body: { ok: true } };
    }
  }
}

/** Calls that carry a message: their blocks are checked against Slack's limits. */
const MESSAGE_METHODS = /^(chat\.postMessage|chat\.update|chat\.postEphemeral|\/response\/.*)$/;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The Web API client sends forms with JSON-encoded nested fields; response_url posts are JSON. */
function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType?.includes('application/json') === true) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = /^[[{]/.test(value) ? (JSON.parse(value) as unknown) : value;
  }
  return out;
}
