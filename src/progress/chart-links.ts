import { randomBytes } from 'node:crypto';
import type { ImageElement } from '../core/reply.ts';
import type { HttpRoute } from '../http/http-server.ts';
import type { ChartImageStore } from '../store/store.ts';

/** Where chart pictures are served, under the bot's public URL. */
export const CHART_PATH = '/charts/';
/** How long a chart's link works: a living briefing gets a new one whenever it is edited, at least daily. */
export const CHART_LINK_DAYS = 30;

const TOKEN = /^[A-Za-z0-9_-]{32}$/;

export interface ChartLinksOptions {
  readonly store: ChartImageStore;
  /** The bot's public base URL (`PUBLIC_URL`), without a trailing slash. */
  readonly baseUrl: string;
  readonly now: () => Date;
}

/**
 * Charts behind links, for platforms that show a picture only from a URL (a Teams Adaptive Card's Image):
 * each picture is kept in the store under a random 192-bit token and served at
 * `<PUBLIC_URL>/charts/<token>.png` for {@link CHART_LINK_DAYS} days, then forgotten. The token is the
 * only key, so a link cannot be guessed from another; the store is shared, so any replica serves it.
 */
export class ChartLinks {
  constructor(private readonly options: ChartLinksOptions) {}

  /** Keeps the picture and gives its link. */
  async publish(image: ImageElement): Promise<string> {
    const { store, baseUrl, now } = this.options;
    const token = randomBytes(24).toString('base64url');
    const createdAt = now();
    await store.saveChartImage({ token, png: Buffer.from(image.png, 'base64'), createdAt, expiresAt: new Date(createdAt.getTime() + CHART_LINK_DAYS * 86_400_000) });
    return `${baseUrl}${CHART_PATH}${token}.png`;
  }

  /** `GET /charts/<token>.png`: the picture, or 404 for a token unknown or expired (the same answer, so nothing tells them apart). */
  route(): HttpRoute {
    return {
      path: CHART_PATH,
      prefix: true,
      methods: ['GET', 'HEAD'],
      handler: async (request, response) => {
        const name = new URL(request.url ?? '/', 'http://localhost').pathname.slice(CHART_PATH.length);
        const token = name.endsWith('.png') ? name.slice(0, -'.png'.length) : '';
        const png = TOKEN.test(token) ? await this.options.store.chartImage(token, this.options.now()) : null;
        if (png === null) {
          response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end('no such chart, or its link expired');
          return;
        }
        response.writeHead(200, {
          'content-type': 'image/png',
          'content-length': png.length,
          // A link's picture never changes; clients (and Teams' image proxy) may keep it a day.
          'cache-control': 'public, max-age=86400, immutable',
          'x-content-type-options': 'nosniff',
        });
        response.end(request.method === 'HEAD' ? undefined : png);
      },
    };
  }
}
