import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EXAMPLE_FLEET, isSecretSetting, loadConfig, PROJECT_ROOT, secretsOf, SETTINGS, type SettingName } from '../../src/infrastructure/config.ts';
import { Refusal } from '../../src/infrastructure/config/setting.ts';
import { BotError } from '../../src/domain/errors.ts';

const SHIPPED = { advisories: path.join(PROJECT_ROOT, 'advisories'), exampleFleet: EXAMPLE_FLEET };
const NAMES = Object.keys(SETTINGS) as SettingName[];

/** The message of the configuration error that `environment` causes. */
function problemsOf(environment: Record<string, string>): string {
  try {
    loadConfig(environment);
  } catch (error) {
    assert.ok(error instanceof BotError && error.code === 'invalid_config', `not an invalid_config BotError: ${String(error)}`);
    return error.message;
  }
  assert.fail(`loadConfig accepted ${JSON.stringify(environment)}`);
}

/** A valid value for every secret setting, with what it needs beside it to take effect. */
const SECRET_SAMPLES: Partial<Record<SettingName, { readonly value: string; readonly with: Record<string, string> }>> = {
  METRICS_TOKEN: { value: 'metrics-0123456789abcdef', with: {} },
  SLACK_BOT_TOKEN: { value: 'xoxb-1-2-bottokenvalue', with: { SLACK_SIGNING_SECRET: 'signing-secret-value' } },
  SLACK_SIGNING_SECRET: { value: 'signing-secret-value', with: { SLACK_BOT_TOKEN: 'xoxb-1-2-bottokenvalue' } },
  SLACK_APP_TOKEN: { value: 'xapp-1-A-apptokenvalue', with: { SLACK_BOT_TOKEN: 'xoxb-1-2-bottokenvalue', SLACK_SIGNING_SECRET: 'signing-secret-value' } },
  MicrosoftAppPassword: { value: 'client~secret~value', with: { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppTenantId: 'tenant-1' } },
  DATABASE_URL: { value: 'postgres://bot:db-password-value@db.internal:5432/screenos', with: {} },
  NETBOX_TOKEN: { value: 'nbt_abcdefghijklmnop.0123456789', with: { NETBOX_URL: 'https://netbox.example.com' } },
};

void describe('the settings table', () => {
  void it('reads every default with the setting’s own parser, without a problem', () => {
    const refused = NAMES.filter((name) => {
      const { default: fallback, parse } = SETTINGS[name];
      if (fallback === null) return false;
      return parse(typeof fallback === 'string' ? fallback : fallback(SHIPPED)) instanceof Refusal;
    });
    assert.deepEqual(refused, []);
  });

  void it('changes nothing but what counts as given when a setting is set to the default the README shows', () => {
    const unset = { ...loadConfig({}), given: null };
    for (const name of NAMES) {
      const fallback = SETTINGS[name].default;
      if (typeof fallback !== 'string') continue;
      assert.equal(SETTINGS[name].defaultText.startsWith(`\`${fallback}\``), true, `${name}: README shows ${SETTINGS[name].defaultText}`);
      assert.deepEqual({ ...loadConfig({ [name]: fallback }), given: null }, unset, name);
    }
  });

  void it('marks as secret every setting named like a credential, and the database URL with its password', () => {
    const expected = NAMES.filter((name) => /(TOKEN|SECRET|PASSWORD)$/i.test(name) || name === 'DATABASE_URL');
    assert.deepEqual(
      NAMES.filter((name) => SETTINGS[name].secret),
      expected,
    );
    assert.ok(isSecretSetting('DATABASE_URL'));
    assert.ok(isSecretSetting('GITHUB_TOKEN'), 'a variable that is no setting but is named like a credential');
    assert.ok(!isSecretSetting('PUBLIC_URL'));
  });

  void it('hands the value of every secret setting to the logger to redact', () => {
    for (const name of NAMES.filter((n) => SETTINGS[n].secret)) {
      const sample = SECRET_SAMPLES[name];
      assert.ok(sample !== undefined, `${name} is secret: add a sample value to SECRET_SAMPLES`);
      const config = loadConfig({ ...sample.with, [name]: sample.value });
      assert.ok(secretsOf(config).includes(sample.value), `${name} is not among the secrets the logger redacts`);
    }
  });

  void it('lists the problems of the values in the order of README’s table', () => {
    const message = problemsOf({ KEV_REFRESH_HOURS: '0', PORT: 'http', NODE_ENV: 'staging', BOT_ADMINS: 'bob' });
    const order = [...message.matchAll(/^ {2}- (\w+):/gm)].map((m) => m[1]);
    assert.deepEqual(order, ['NODE_ENV', 'PORT', 'BOT_ADMINS', 'KEV_REFRESH_HOURS']);
  });

  void it('does not quote a database URL pasted into another setting, as it holds a password', () => {
    const url = 'postgres://bot:hunter2-db-pass@db.internal/screenos';
    const message = problemsOf({ DATABASE_URL: url, KEV_URL: url });
    assert.match(message, /KEV_URL: “\[redacted\]” is not an http\(s\) URL/);
    assert.ok(!message.includes('hunter2'), message);
  });

  void it('names a database URL whose password holds a % that starts no escape, instead of failing at start', () => {
    const message = problemsOf({ DATABASE_URL: 'postgres://bot:50%off-pass@db.internal/screenos' });
    assert.match(message, /DATABASE_URL: the user name or password holds a % that starts no escape; write %25 for a percent sign/);
    assert.ok(!message.includes('50%off'), message);
    assert.ok(secretsOf(loadConfig({ DATABASE_URL: 'postgres://bot:50%25off-pass@db.internal/screenos' })).includes('50%off-pass'));
  });

  void it('names an unknown Teams app type alone, without guessing what that type would need', () => {
    const message = problemsOf({ MicrosoftAppId: 'id', MicrosoftAppType: 'Personal' });
    assert.match(message, /^The configuration has 1 problem:\n {2}- MicrosoftAppType: “Personal” is not one of SingleTenant, MultiTenant, UserAssignedMSI$/);
  });

  void it('checks a value even while its area is off, so that turning Slack or NetBox on later does not meet an old typo', () => {
    const message = problemsOf({ SLACK_COMMAND: 'screenos', NETBOX_OWNER: 'boss' });
    assert.match(message, /SLACK_COMMAND: “screenos” is not a slash command/);
    assert.match(message, /NETBOX_OWNER: “boss” is not tenant, contact or custom_field:<name>/);
  });

  void it('counts an empty value in CONFIG_FILE as unset, like an empty variable', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-settings-'));
    try {
      const file = path.join(dir, 'bot.yaml');
      await writeFile(file, 'PORT: ""\nINVENTORY_SYNC_MINUTES: " "\n');
      const config = loadConfig({ CONFIG_FILE: file });
      assert.equal(config.port, 3000);
      assert.equal(config.inventorySyncMinutes, 15);
      assert.deepEqual([...config.given], ['CONFIG_FILE']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
