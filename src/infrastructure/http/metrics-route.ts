import type { HttpRoute } from './http-server.ts';
import { presentsBearer, sendJson } from './http-server.ts';

/** What `/metrics` serves: a body in some exposition format, and that format's content type. */
export interface MetricsExposition {
  readonly contentType: string;
  exposition(): Promise<string>;
}

export const METRICS_PATH = '/metrics';

/**
 * `GET /metrics` for Prometheus. With `METRICS_TOKEN` set, a request must carry it as its bearer token
 * (the same constant-time check as the detailed `/healthz`) or gets 401 and no figures: device counts
 * per site say where the unpatched firewalls are. Without the token the figures are open to whoever
 * reaches the port.
 */
export function metricsRoute(metrics: MetricsExposition, token: string | null): HttpRoute {
  return {
    path: METRICS_PATH,
    methods: ['GET', 'HEAD'],
    async handler(request, response) {
      if (token !== null && !presentsBearer(request, token)) {
        sendJson(response, 401, { error: 'send the metrics token: Authorization: Bearer <METRICS_TOKEN>' }, { 'www-authenticate': 'Bearer' });
        return;
      }
      const body = await metrics.exposition();
      response.writeHead(200, { 'content-type': metrics.contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
      response.end(body);
    },
  };
}
