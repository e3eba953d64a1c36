import { createHmac } from 'node:crypto';

/** Slack's request signature: `v0=` HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function signSlackRequest(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SlackPost {
  readonly body: string;
  readonly contentType: 'application/x-www-form-urlencoded' | 'application/json';
  /** Defaults to now. */
  readonly timestamp?: number;
  /** Overrides the signature (or omits it with null). */
  readonly signature?: string | null;
  readonly retryNum?: number;
}

/** POSTs a request to `/slack/events` signed exactly as Slack signs it. */
export async function postToSlackEndpoint(url: string, secret: string, post: SlackPost): Promise<{ status: number; text: string }> {
  const timestamp = post.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': post.contentType, 'x-slack-request-timestamp': String(timestamp) };
  const signature = post.signature === undefined ? signSlackRequest(secret, timestamp, post.body) : post.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  if (post.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(post.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const response = await fetch(url, { method: 'POST', headers, body: post.body });
  return { status: response.status, text: await response.text() };
}

/** A slash command as Slack sends it: a form body. */
export function slashCommandBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Interactivity payloads arrive as a form with one `payload` field holding JSON. */
export function interactivityBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
