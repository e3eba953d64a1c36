import { randomBytes } from 'node:crypto';
import { attachmentBytes, attachmentFileName, attachmentMediaType, type Attachment } from '../../chat/reply.ts';
import type { HttpRoute } from './http-server.ts';
import type { LinkedFileContent, LinkedFileStore } from '../store/store.ts';

/** Where chart pictures are served, under the bot's public URL. */
export const CHART_PATH = '/charts/';
/** Where files (exports) are served, under the bot's public URL. */
export const FILE_PATH = '/files/';
/** How long a chart's link works: a living briefing gets a new one whenever it is edited, at least daily. */
export const CHART_LINK_DAYS = 30;
/**
 * How long an export's link works. An export lists the devices an attacker would look for first, and
 * whoever asked downloads it at once; a day leaves room for a meeting, and asking again gives a new link.
 */
export const FILE_LINK_HOURS = 24;

const TOKEN = /^[A-Za-z0-9_-]{32}$/;
const HOUR_MS = 3_600_000;

/** How each kind is served: under which path, with which extension, for how long. */
const SERVED: Readonly<Record<string, { readonly path: string; readonly extension: string; readonly lifetimeMs: number }>> = {
  'image/png': { path: CHART_PATH, extension: '.png', lifetimeMs: CHART_LINK_DAYS * 24 * HOUR_MS },
  'text/csv': { path: FILE_PATH, extension: '.csv', lifetimeMs: FILE_LINK_HOURS * HOUR_MS },
};

/** A published attachment: where it is, and until when. */
export interface FileLink {
  readonly url: string;
  readonly expiresAt: Date;
}

export interface LinkedFilesOptions {
  readonly store: LinkedFileStore;
  /** The bot's public base URL (`PUBLIC_URL`), without a trailing slash. */
  readonly baseUrl: string;
  readonly now: () => Date;
}

/**
 * Pictures and files behind links, for a platform that takes them only from a URL: a Teams Adaptive Card
 * shows an Image from a URL, and a Teams bot cannot attach a file in a channel. Each is kept in the store
 * under a random 192-bit token and served at `<PUBLIC_URL>/charts/<token>.png` (charts, for
 * {@link CHART_LINK_DAYS} days) or `<PUBLIC_URL>/files/<token>.csv` (exports, for {@link FILE_LINK_HOURS}
 * hours), then forgotten. The token is the only key, so a link cannot be guessed from another; the store
 * is shared, so any replica serves it.
 */
export class LinkedFiles {
  constructor(private readonly options: LinkedFilesOptions) {}

  /** Keeps the attachment and gives its link. */
  async publish(attachment: Attachment): Promise<FileLink> {
    const { store, baseUrl, now } = this.options;
    const mediaType = attachmentMediaType(attachment);
    const served = SERVED[mediaType];
    if (served === undefined) throw new Error(`no link path serves ${mediaType}`);
    const token = randomBytes(24).toString('base64url');
    const createdAt = now();
    const expiresAt = new Date(createdAt.getTime() + served.lifetimeMs);
    await store.saveLinkedFile({ token, bytes: attachmentBytes(attachment), mediaType, fileName: attachmentFileName(attachment), createdAt, expiresAt });
    return { url: `${baseUrl}${served.path}${token}${served.extension}`, expiresAt };
  }

  /**
   * `GET /charts/<token>.png` and `GET /files/<token>.csv`: the content, or 404 for a token unknown,
   * expired or asked under the other path (the same answer, so nothing tells them apart).
   */
  routes(): HttpRoute[] {
    return [CHART_PATH, FILE_PATH].map((prefix) => ({
      path: prefix,
      prefix: true,
      methods: ['GET', 'HEAD'],
      handler: async (request, response) => {
        const name = new URL(request.url ?? '/', 'http://localhost').pathname.slice(prefix.length);
        const dot = name.lastIndexOf('.');
        const token = dot < 0 ? '' : name.slice(0, dot);
        const found = TOKEN.test(token) ? await this.options.store.linkedFile(token, this.options.now()) : null;
        const served = found === null ? undefined : SERVED[found.mediaType];
        if (found === null || served === undefined || served.path !== prefix || name.slice(dot) !== served.extension) {
          response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end('no such file, or its link expired');
          return;
        }
        response.writeHead(200, { ...headersFor(found), 'content-length': found.bytes.length, 'x-content-type-options': 'nosniff' });
        response.end(request.method === 'HEAD' ? undefined : found.bytes);
      },
    }));
  }
}

/**
 * A chart is shown in place and never changes: clients (and Teams' image proxy) may keep it a day. An
 * export is downloaded under its name and kept by nobody on the way: it lists the devices to attack.
 */
function headersFor(file: LinkedFileContent): Record<string, string> {
  if (file.mediaType === 'image/png') return { 'content-type': 'image/png', 'cache-control': 'public, max-age=86400, immutable' };
  return {
    'content-type': `${file.mediaType}; charset=utf-8`,
    'content-disposition': `attachment; filename="${file.fileName.replace(/[^A-Za-z0-9._-]/g, '-')}"`,
    'cache-control': 'private, no-store',
    'referrer-policy': 'no-referrer',
  };
}
