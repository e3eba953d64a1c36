import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { closeServer, listenOnLoopback } from './loopback.ts';

/** The issuer of tokens the Bot Framework's channels send to a bot (public cloud). */
export const CHANNEL_ISSUER = 'https://api.botframework.com';

const KEY_ID = 'fake-key-1';

/**
 * Microsoft's Bot Framework identity service on loopback: the OpenID metadata document, its signing
 * keys (JWKS, endorsed for `msteams`) and tokens signed with them, so that the Teams endpoint verifies
 * requests for real. It can answer the metadata with an error status or not answer at all.
 */
export class FakeIdentity {
  /** Requests in order, by path. */
  readonly requests: string[] = [];
  /** When set, the metadata document answers this status. */
  metadataStatus: number | null = null;
  /** When true, requests get no answer (a hung endpoint). */
  hang = false;
  private readonly waiters: { readonly count: number; readonly resolve: () => void }[] = [];
  private readonly privateKey: KeyObject;
  private readonly jwk: Record<string, unknown>;
  private readonly server: Server;
  port = 0;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    this.jwk = { ...publicKey.export({ format: 'jwk' }), kid: KEY_ID, use: 'sig', endorsements: ['msteams'] };
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      this.requests.push(path);
      for (const waiter of this.waiters.filter((w) => this.requests.length >= w.count)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      if (this.hang) return;
      if (path === '/openid' && this.metadataStatus !== null) {
        res.writeHead(this.metadataStatus).end();
        return;
      }
      const body =
        path === '/openid'
          ? { issuer: CHANNEL_ISSUER, jwks_uri: `${this.base}/keys`, id_token_signing_alg_values_supported: ['RS256'] }
          : path === '/keys'
            ? { keys: [this.jwk] }
            : null;
      if (body === null) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  }

  /** Resolves once `count` requests in all have arrived (a hung one counts when it arrives). */
  whenRequested(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async start(): Promise<this> {
    this.port = await listenOnLoopback(this.server);
    return this;
  }

  async stop(): Promise<void> {
    await closeServer(this.server);
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * The settings that point botbuilder at this service instead of Microsoft's (botbuilder's own names).
   * The login URL is here too, so that nothing in a test can reach the internet for a token.
   */
  get endpoints(): Record<string, string | boolean> {
    return {
      ToBotFromChannelOpenIdMetadataUrl: `${this.base}/openid`,
      ToBotFromEmulatorOpenIdMetadataUrl: `${this.base}/openid`,
      ToBotFromChannelTokenIssuer: CHANNEL_ISSUER,
      ToChannelFromBotLoginUrl: `${this.base}/login`,
      ToChannelFromBotOAuthScope: CHANNEL_ISSUER,
      OAuthUrl: this.base,
      CallerId: 'urn:botframework:azure',
      ValidateAuthority: false,
    };
  }

  /** A channel token for `appId` and `serviceUrl`, signed RS256 with the published key. */
  token(appId: string, serviceUrl: string, claims: Record<string, unknown> = {}): string {
    const header = { alg: 'RS256', typ: 'JWT', kid: KEY_ID };
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: CHANNEL_ISSUER, aud: appId, serviceurl: serviceUrl, nbf: now - 60, exp: now + 3600, ...claims };
    const input = `${encode(header)}.${encode(payload)}`;
    const signature = createSign('RSA-SHA256').update(input).sign(this.privateKey);
    return `${input}.${signature.toString('base64url')}`;
  }

  /** The same claims under an algorithm Bot Framework does not allow: HS256 keyed with a guessable secret. */
  tokenWithAlgorithm(alg: 'HS256', appId: string, serviceUrl: string): string {
    const header = { alg, typ: 'JWT', kid: KEY_ID };
    const now = Math.floor(Date.now() / 1000);
    const input = `${encode(header)}.${encode({ iss: CHANNEL_ISSUER, aud: appId, serviceurl: serviceUrl, nbf: now - 60, exp: now + 3600 })}`;
    return `${input}.${createHmac('sha256', 'public-key-as-secret').update(input).digest('base64url')}`;
  }
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
