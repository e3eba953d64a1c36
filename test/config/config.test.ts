import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXAMPLE_FLEET, loadConfig, secretsOf, type Config } from '../../src/infrastructure/config.ts';
import { AdminList } from '../../src/infrastructure/config/admins.ts';
import { BotError } from '../../src/domain/errors.ts';
import { createLogger } from '../../src/infrastructure/log.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs loadConfig and returns the BotError it throws, failing when it does not throw one. */
function configError(environment: Record<string, string | undefined>): BotError {
  try {
    loadConfig(environment);
  } catch (error) {
    assert.ok(error instanceof BotError, `not a BotError: ${String(error)}`);
    return error;
  }
  assert.fail(`loadConfig accepted ${JSON.stringify(environment)}`);
}

/** The message of the configuration error, for assertions on its wording. */
function invalid(environment: Record<string, string>): string {
  return configError(environment).message;
}

void describe('loadConfig', () => {
  let dir: string;
  const configFile = async (name: string, text: string): Promise<string> => {
    const file = path.join(dir, name);
    await writeFile(file, text);
    return file;
  };

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-config-'));
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  void it('falls back to development, no log level, colour, and the shipped advisories/ folder when nothing is set', () => {
    const expected: Config = {
      environment: 'development',
      logLevel: null,
      color: true,
      advisoriesDir: path.join(PROJECT_ROOT, 'advisories'),
      port: 3000,
      host: null,
      metricsToken: null,
      publicUrl: null,
      slack: null,
      teams: null,
      inventory: { kind: 'file', path: EXAMPLE_FLEET },
      inventorySyncMinutes: 15,
      inventoryLimits: { maxBytes: 64 * 1024 * 1024, maxDevices: 100_000 },
      inventoryMaxLossPercent: 50,
      dataDir: path.resolve('data'),
      databaseUrl: null,
      admins: AdminList.parse('console').admins,
      reminderTimezone: 'UTC',
      reminderGraceMinutes: 60,
      briefingChannelPattern: /^inc[-_]/i,
      briefingDefaultAdvisory: 'JSA10713',
      kev: { url: null, refreshHours: 24 },
      given: new Set(),
    };
    assert.deepEqual(loadConfig({}), expected);
  });

  void it('ignores variables that are not settings, such as PATH and HOME', () => {
    assert.deepEqual(loadConfig({ PATH: '/usr/bin', HOME: '/root', SLACK_BOT_TOKEN: undefined }), loadConfig({}));
  });

  void it('takes every setting from the environment, trimmed, with the folder made absolute', () => {
    const relative = path.relative(process.cwd(), dir);
    const slack = {
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_SIGNING_SECRET: ' s3cret ',
      SLACK_APP_TOKEN: 'xapp-1-A-1-abc',
      SLACK_API_URL: 'http://127.0.0.1:9/api',
      SLACK_COMMAND: '/fw',
    };
    assert.deepEqual(loadConfig({ NODE_ENV: 'production', LOG_LEVEL: ' debug ', NO_COLOR: '1', ADVISORIES_DIR: relative, PORT: '8080', ...slack }), {
      environment: 'production',
      logLevel: 'debug',
      color: false,
      advisoriesDir: dir,
      port: 8080,
      host: null,
      metricsToken: null,
      publicUrl: null,
      slack: { botToken: 'xoxb-1-2-abc', signingSecret: 's3cret', appToken: 'xapp-1-A-1-abc', apiUrl: 'http://127.0.0.1:9/api/', command: '/fw' },
      teams: null,
      inventory: null,
      inventorySyncMinutes: 15,
      inventoryLimits: { maxBytes: 64 * 1024 * 1024, maxDevices: 100_000 },
      inventoryMaxLossPercent: 50,
      dataDir: path.resolve('data'),
      databaseUrl: null,
      admins: AdminList.parse('console').admins,
      reminderTimezone: 'UTC',
      reminderGraceMinutes: 60,
      briefingChannelPattern: /^inc[-_]/i,
      briefingDefaultAdvisory: 'JSA10713',
      kev: { url: null, refreshHours: 24 },
      given: new Set(['NODE_ENV', 'LOG_LEVEL', 'NO_COLOR', 'ADVISORIES_DIR', 'PORT', ...Object.keys(slack)]),
    });
  });

  void it('reports every bad value at once in one invalid_config error that names each variable', () => {
    const error = configError({ LOG_LEVEL: 'loud', NODE_ENV: 'staging', ADVISORIES_DIR: '/nonexistent' });
    assert.equal(error.code, 'invalid_config');
    assert.equal(
      error.message,
      [
        'The configuration has 3 problems:',
        '  - NODE_ENV: “staging” is not one of development, production, test',
        '  - LOG_LEVEL: “loud” is not one of debug, info, warn, error',
        '  - ADVISORIES_DIR: “/nonexistent” is not a folder',
      ].join('\n'),
    );
  });

  void it('reports an ADVISORIES_DIR that is a file rather than a folder', async () => {
    const file = await configFile('not-a-folder.json', '{}');
    assert.match(configError({ ADVISORIES_DIR: file }).message, /ADVISORIES_DIR: “.*not-a-folder\.json” is not a folder/);
  });

  void it('takes values from a YAML CONFIG_FILE', async () => {
    const file = await configFile('bot.yaml', `# settings for the bot\nNODE_ENV: test\nLOG_LEVEL: error\nNO_COLOR: "yes"\nADVISORIES_DIR: ${dir}\n`);
    assert.deepEqual(
      {
        ...loadConfig({ CONFIG_FILE: file }),
        host: null,
        metricsToken: null,
        publicUrl: null,
        inventory: null,
        admins: null,
        dataDir: null,
        databaseUrl: null,
        inventorySyncMinutes: null,
        inventoryLimits: null,
        inventoryMaxLossPercent: null,
        reminderTimezone: null,
        reminderGraceMinutes: null,
        briefingChannelPattern: null,
        briefingDefaultAdvisory: null,
        kev: null,
      },
      {
        environment: 'test',
        logLevel: 'error',
        color: false,
        advisoriesDir: dir,
        port: 3000,
        host: null,
        metricsToken: null,
        publicUrl: null,
        slack: null,
        teams: null,
        inventory: null,
        admins: null,
        dataDir: null,
        databaseUrl: null,
        inventorySyncMinutes: null,
        inventoryLimits: null,
        inventoryMaxLossPercent: null,
        reminderTimezone: null,
        reminderGraceMinutes: null,
        briefingChannelPattern: null,
        briefingDefaultAdvisory: null,
        kev: null,
        given: new Set(['CONFIG_FILE', 'NODE_ENV', 'LOG_LEVEL', 'NO_COLOR', 'ADVISORIES_DIR']),
      },
    );
  });

  void it('tells the settings given a value from defaults: an empty variable and a variable that is no setting do not count', () => {
    const config = loadConfig({ DATA_DIR: '', INVENTORY_FILE: 'fleet.csv', PATH: '/usr/bin' });
    assert.deepEqual([...config.given], ['INVENTORY_FILE']);
    assert.equal(config.dataDir, path.resolve('data'));
  });

  void it('takes values from a JSON CONFIG_FILE too', async () => {
    const file = await configFile('bot.json', JSON.stringify({ LOG_LEVEL: 'warn' }));
    assert.equal(loadConfig({ CONFIG_FILE: file }).logLevel, 'warn');
  });

  void it('lets the environment win over CONFIG_FILE, setting by setting', async () => {
    const file = await configFile('env-wins.yaml', 'NODE_ENV: test\nLOG_LEVEL: error\n');
    const config = loadConfig({ CONFIG_FILE: file, LOG_LEVEL: 'debug' });
    assert.equal(config.logLevel, 'debug');
    assert.equal(config.environment, 'test');
  });

  void it('reports a key in CONFIG_FILE that is not a setting, naming it and the known ones', async () => {
    const file = await configFile('typo.yaml', 'LOGLEVEL: debug\nNODE_ENV: test\n');
    const error = configError({ CONFIG_FILE: file });
    assert.equal(error.code, 'invalid_config');
    assert.match(
      error.message,
      /CONFIG_FILE: “LOGLEVEL” is not a setting \(known: NODE_ENV, LOG_LEVEL, NO_COLOR, ADVISORIES_DIR, PORT, HOST, METRICS_TOKEN, SLACK_BOT_TOKEN/,
    );
  });

  void it('reports a bad value from CONFIG_FILE together with the bad values from the environment', async () => {
    const file = await configFile('bad-values.yaml', 'LOG_LEVEL: loud\nADVISORIES_DIR:\n  - a\n  - b\n');
    const error = configError({ CONFIG_FILE: file, NODE_ENV: 'staging' });
    assert.match(error.message, /^The configuration has 3 problems:/);
    assert.match(error.message, /ADVISORIES_DIR \(in CONFIG_FILE\): must be a single value/);
    assert.match(error.message, /NODE_ENV: “staging”/);
    assert.match(error.message, /LOG_LEVEL: “loud”/);
  });

  void it('reports a CONFIG_FILE that does not exist, or does not hold a mapping', async () => {
    assert.match(configError({ CONFIG_FILE: path.join(dir, 'missing.yaml') }).message, /CONFIG_FILE: “.*missing\.yaml” could not be read/);
    const list = await configFile('list.yaml', '- LOG_LEVEL\n');
    assert.match(configError({ CONFIG_FILE: list }).message, /CONFIG_FILE: “.*list\.yaml” must hold a mapping/);
  });

  void it('turns colour off when NO_COLOR is set to anything, and leaves it on when NO_COLOR is empty (no-color.org)', () => {
    assert.equal(loadConfig({ NO_COLOR: '1' }).color, false);
    assert.equal(loadConfig({ NO_COLOR: 'false' }).color, false);
    assert.equal(loadConfig({ NO_COLOR: '' }).color, true);
    assert.equal(loadConfig({}).color, true);
  });
});

void describe('the logger', () => {
  const SECRET = 'xoxb-2718281828-3141592653-s3cr3tT0k3n';

  function capture(secrets: readonly string[]): { log: ReturnType<typeof createLogger>; lines: string[] } {
    const lines: string[] = [];
    return { log: createLogger({ level: 'debug', secrets, write: (line) => lines.push(line) }), lines };
  }

  void it('never writes a secret, whether in the message, an error message, its stack or a nested field', () => {
    const { log, lines } = capture([SECRET]);
    const error = new Error(`POST https://slack.com/api/chat.postMessage?token=${SECRET} failed`);
    log.error(`could not post with ${SECRET}`, {
      error,
      request: { headers: { authorization: `Bearer ${SECRET}` }, retries: [{ token: SECRET }] },
    });
    assert.equal(lines.length, 1);
    const line = lines[0] ?? '';
    assert.ok(!line.includes(SECRET), line);
    assert.ok(!line.includes('s3cr3tT0k3n'));
    const parsed = JSON.parse(line) as { message: string; error: { message: string }; request: { headers: { authorization: string } } };
    assert.equal(parsed.message, 'could not post with [redacted]');
    assert.equal(parsed.error.message, 'POST https://slack.com/api/chat.postMessage?token=[redacted] failed');
    assert.equal(parsed.request.headers.authorization, 'Bearer [redacted]');
  });

  void it('writes one JSON object a line, and nothing below its level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', write: (line) => lines.push(line) });
    log.debug('d');
    log.info('i');
    log.warn('w', { count: 2 });
    log.error('e');
    assert.deepEqual(
      lines.map((l) => JSON.parse(l) as Record<string, unknown>).map(({ level, message, count }) => ({ level, message, count })),
      [
        { level: 'warn', message: 'w', count: 2 },
        { level: 'error', message: 'e', count: undefined },
      ],
    );
  });
});

// Fails today: config.ts treats an empty variable as unset when it picks a default (`value === ''`),
// but definedOnly() still lets the empty string override CONFIG_FILE. `LOG_LEVEL=` (as docker-compose
// passes `LOG_LEVEL=${LOG_LEVEL}` when the host has none) silently discards `LOG_LEVEL: debug` from the file.
void describe('an empty environment variable counts as unset, so the value CONFIG_FILE gives still applies', () => {
  void it('keeps the CONFIG_FILE value of a setting whose variable is set but empty', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-config-empty-'));
    try {
      const file = path.join(dir, 'bot.yaml');
      await writeFile(file, 'LOG_LEVEL: debug\n');
      assert.equal(loadConfig({ CONFIG_FILE: file, LOG_LEVEL: '' }).logLevel, 'debug');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

/** Every string inside a parsed JSON value. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsIn);
  return [];
}

// Fails today: log.ts redacts by searching the secret in the JSON-encoded line, where a `"` or a `\`
// inside the secret has become `\"` or `\\`; the secret is then written as is, and JSON.parse of the
// line gives it back verbatim.
void describe('the logger redacts secrets even when they contain characters JSON escapes', () => {
  void it('never writes a secret that contains a quote or a backslash', () => {
    const secret = 'pa"ss\\w0rd-for-netbox';
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', secrets: [secret], write: (line) => lines.push(line) });
    log.error('login failed', { error: new Error(`bad password ${secret}`), password: secret });
    const line = lines[0] ?? '';
    const leaked = stringsIn(JSON.parse(line)).filter((text) => text.includes(secret));
    assert.deepEqual(leaked, []);
  });
});

void describe('Slack settings', () => {
  const invalid = (environment: Record<string, string>): string => {
    try {
      loadConfig(environment);
    } catch (error) {
      assert.ok(error instanceof BotError);
      assert.equal(error.code, 'invalid_config');
      return error.message;
    }
    assert.fail('the configuration was accepted');
  };

  void it('refuses a bot token without a signing secret, saying there is no unverified mode', () => {
    assert.match(invalid({ SLACK_BOT_TOKEN: 'xoxb-1' }), /SLACK_SIGNING_SECRET: missing; the Slack adapter does not run without verifying requests/);
  });

  void it('names tokens of the wrong kind, a bad API URL and a bad command together', () => {
    const message = invalid({
      SLACK_BOT_TOKEN: 'xoxp-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_APP_TOKEN: 'xoxb-2',
      SLACK_API_URL: 'ftp://x',
      SLACK_COMMAND: 'screenos',
      PORT: '70000',
    });
    for (const name of [
      'SLACK_BOT_TOKEN: a bot token starts with xoxb-',
      'SLACK_APP_TOKEN: an app-level token starts with xapp-',
      'SLACK_API_URL:',
      'SLACK_COMMAND:',
      'PORT:',
    ]) {
      assert.ok(message.includes(name), `${name} in ${message}`);
    }
  });

  void it('refuses to start in production without a verified chat platform', () => {
    assert.match(invalid({ NODE_ENV: 'production' }), /NODE_ENV: production needs a chat platform with verified requests/);
  });

  void it('reports Slack settings that do nothing without a bot token', () => {
    assert.match(invalid({ SLACK_SIGNING_SECRET: 's' }), /SLACK_BOT_TOKEN: missing/);
  });

  void it('lists every token and secret for the logger to redact', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-abc', SLACK_SIGNING_SECRET: 'shh-secret', SLACK_APP_TOKEN: 'xapp-def' });
    assert.deepEqual(secretsOf(config).sort(), ['shh-secret', 'xapp-def', 'xoxb-abc']);
  });
});

void describe('inventory, store and admin settings', () => {
  void it('audits the example fleet in the console demo, and nothing unconfigured once a platform is set', () => {
    assert.deepEqual(loadConfig({}).inventory, { kind: 'file', path: EXAMPLE_FLEET });
    assert.equal(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).inventory, null);
  });

  void it('reads a NetBox source with its filter, owner field and token, and redacts the token', () => {
    const token = 'nbt_abcdefghijklmnop.0123456789';
    const config = loadConfig({
      NETBOX_URL: 'https://netbox.example.com/',
      NETBOX_TOKEN: token,
      NETBOX_FILTER: 'platform=screenos,site=ams1,site=fra1,tag=edge',
      NETBOX_OWNER: 'custom_field:owner_email',
      NETBOX_PAGE_SIZE: '500',
    });
    assert.deepEqual(config.inventory, {
      kind: 'netbox',
      url: 'https://netbox.example.com',
      token,
      filters: { platform: ['screenos'], site: ['ams1', 'fra1'], tag: ['edge'] },
      versionField: 'software_version',
      owner: { from: 'custom_field', field: 'owner_email' },
      pageSize: 500,
    });
    assert.ok(secretsOf(config).includes(token));
  });

  void it('names every bad inventory, NetBox and admin setting at once', () => {
    const message = invalid({
      NETBOX_URL: 'netbox',
      NETBOX_TOKEN: 'short',
      NETBOX_FILTER: 'colour=red',
      NETBOX_OWNER: 'boss',
      INVENTORY_SYNC_MINUTES: '0',
      BOT_ADMINS: 'slack:U123ABC,bob,teams:0f6b',
    });
    for (const part of [
      'NETBOX_URL:',
      'NETBOX_TOKEN: expected 40 hex characters',
      'NETBOX_FILTER: “colour=red”',
      'NETBOX_OWNER: “boss”',
      'INVENTORY_SYNC_MINUTES:',
      'BOT_ADMINS: “bob”',
      'BOT_ADMINS: “teams:0f6b”',
    ]) {
      assert.ok(message.includes(part), `${part} in ${message}`);
    }
  });

  void it('refuses two inventory sources at once', () => {
    assert.match(
      invalid({ INVENTORY_FILE: 'a.csv', NETBOX_URL: 'https://nb', NETBOX_TOKEN: '0123456789abcdef0123456789abcdef01234567' }),
      /set one inventory source, not both/,
    );
  });
});

void describe('Teams settings', () => {
  void it('uses the Bot Framework’s own names, defaulting to a SingleTenant app, and redacts the password', () => {
    const config = loadConfig({
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'client~secret',
      MicrosoftAppTenantId: 'tenant-1',
    });
    assert.deepEqual(config.teams, {
      appId: '00000000-0000-0000-0000-000000000001',
      appPassword: 'client~secret',
      appType: 'SingleTenant',
      tenantId: 'tenant-1',
      allowUnauthenticated: false,
      serviceUrlHosts: [],
    });
    assert.ok(secretsOf(config).includes('client~secret'));
  });

  void it('runs without an app id only when TEAMS_ALLOW_UNAUTHENTICATED=true, and never in production', () => {
    assert.equal(loadConfig({}).teams, null);
    assert.equal(loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' }).teams?.allowUnauthenticated, true);
    assert.match(invalid({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', NODE_ENV: 'production' }), /TEAMS_ALLOW_UNAUTHENTICATED: not allowed in production/);
  });

  void it('names a missing password or tenant, and an unknown app type', () => {
    const message = invalid({ MicrosoftAppId: 'id', MicrosoftAppType: 'Personal' });
    assert.match(message, /MicrosoftAppType: “Personal” is not one of SingleTenant, MultiTenant, UserAssignedMSI/);
    assert.match(invalid({ MicrosoftAppId: 'id' }), /MicrosoftAppPassword: missing[\s\S]*MicrosoftAppTenantId: missing/);
  });
});

void describe('listener settings', () => {
  void it('binds every interface unless HOST says otherwise, and loopback when Teams runs unauthenticated', () => {
    assert.equal(loadConfig({}).host, null);
    assert.equal(loadConfig({ HOST: ' 0.0.0.0 ' }).host, '0.0.0.0');
    assert.equal(loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' }).host, '127.0.0.1');
    assert.equal(loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', HOST: '::' }).host, '::');
  });

  void it('names a HOST that is neither an address nor a host name', () => {
    assert.match(invalid({ HOST: 'http://bot.example.com:3000' }), /HOST: “http:\/\/bot\.example\.com:3000” is not an IP address or a host name/);
  });

  void it('takes a METRICS_TOKEN of at least 16 characters, and hands it to the logger to redact', () => {
    const token = 'metrics-0123456789abcdef';
    const config = loadConfig({ METRICS_TOKEN: token });
    assert.equal(config.metricsToken, token);
    assert.ok(secretsOf(config).includes(token));
    assert.match(invalid({ METRICS_TOKEN: 'short' }), /METRICS_TOKEN: use at least 16 characters/);
  });

  void it('takes the serviceUrl hosts unauthenticated Teams may answer, lower-cased, and refuses them with a verified app', () => {
    assert.deepEqual(loadConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', TEAMS_SERVICE_URL_HOSTS: 'Emulator.Example.com, 192.0.2.7' }).teams?.serviceUrlHosts, [
      'emulator.example.com',
      '192.0.2.7',
    ]);
    assert.match(
      invalid({ TEAMS_ALLOW_UNAUTHENTICATED: 'true', TEAMS_SERVICE_URL_HOSTS: 'https://emulator.example.com/' }),
      /TEAMS_SERVICE_URL_HOSTS: “https:\/\/emulator\.example\.com\/” is not a host name/,
    );
    assert.match(
      invalid({ MicrosoftAppId: 'id', MicrosoftAppPassword: 'p', MicrosoftAppTenantId: 't', TEAMS_SERVICE_URL_HOSTS: 'x.example.com' }),
      /TEAMS_SERVICE_URL_HOSTS: only applies with TEAMS_ALLOW_UNAUTHENTICATED=true/,
    );
  });
});
