import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { loadConfig } from '../../src/infrastructure/config.ts';
import { BotError } from '../../src/domain/errors.ts';

const TOKEN = 'xoxb-1111-2222-secretTokenValue';

/** The message of the configuration error that `environment` causes. */
function problemsOf(environment: Record<string, string>): string {
  try {
    loadConfig(environment);
  } catch (error) {
    assert.ok(error instanceof BotError, `not a BotError: ${String(error)}`);
    assert.equal(error.code, 'invalid_config');
    return error.message;
  }
  assert.fail('the configuration was accepted');
}

/** Everything Node printed as a process warning while `run` ran (the YAML parser warns that way). */
async function warningsDuring(run: () => void): Promise<string[]> {
  const warnings: string[] = [];
  const listen = (warning: Error): void => {
    warnings.push(`${warning.message}\n${warning.stack ?? ''}`);
  };
  process.on('warning', listen);
  try {
    run();
    // process.emitWarning delivers on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', listen);
  }
  return warnings;
}

describe('configuration errors never show a secret', () => {
  let dir: string;
  const configFile = async (name: string, text: string): Promise<string> => {
    const file = path.join(dir, name);
    await writeFile(file, text);
    return file;
  };
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'screenos-config-secrets-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names the file, line and column of a YAML syntax error on the token’s line, and the kind of mistake, without quoting the line', async () => {
    const file = await configFile('syntax.yaml', `PORT: 3000\nSLACK_BOT_TOKEN: ${TOKEN}: oops\nSLACK_SIGNING_SECRET: s3cret-signing\n`);
    const message = problemsOf({ CONFIG_FILE: file });
    assert.ok(message.includes(`CONFIG_FILE: “${file}” line 2, column `), message);
    assert.match(message, /quote/i, 'says what to do about a “: ” inside a value');
    assert.ok(!message.includes('xoxb-'), `the token is not shown: ${message}`);
    assert.ok(!message.includes('PORT: 3000'), `no line of the file is shown: ${message}`);
  });

  it('reports an unclosed quote, a duplicate setting and tab indentation by position only', async () => {
    const cases = [
      { name: 'quote.yaml', text: `SLACK_BOT_TOKEN: "${TOKEN}\n`, kind: /quote/i },
      { name: 'twice.yaml', text: `SLACK_BOT_TOKEN: ${TOKEN}\nSLACK_BOT_TOKEN: ${TOKEN}\n`, kind: /twice/i },
      { name: 'tab.yaml', text: `SLACK_BOT_TOKEN:\t${TOKEN}\n\tPORT: 1\n`, kind: /tab/i },
    ];
    for (const c of cases) {
      const message = problemsOf({ CONFIG_FILE: await configFile(c.name, c.text) });
      assert.match(message, /line \d+, column \d+/, message);
      assert.match(message, c.kind, message);
      assert.ok(!message.includes('secretTokenValue'), `${c.name}: the token is not shown: ${message}`);
    }
  });

  it('reports a value that YAML reads as an alias or a tag by position, and prints no warning that quotes it', async () => {
    const alias = await configFile('alias.yaml', `SLACK_BOT_TOKEN: *${TOKEN}\n`);
    const tag = await configFile('tag.yaml', `SLACK_BOT_TOKEN: !${TOKEN} rest\n`);
    let aliasMessage = '';
    let tagMessage = '';
    const warnings = await warningsDuring(() => {
      aliasMessage = problemsOf({ CONFIG_FILE: alias });
      tagMessage = problemsOf({ CONFIG_FILE: tag });
    });
    assert.match(aliasMessage, /line 1, column 18/);
    assert.match(tagMessage, /line 1, column 18/);
    for (const text of [aliasMessage, tagMessage, ...warnings]) assert.ok(!text.includes('secretTokenValue'), `the token is not shown: ${text}`);
  });

  it('never quotes the value of a secret setting, whatever is wrong with it', () => {
    const message = problemsOf({
      SLACK_BOT_TOKEN: 'xoxp-user-token-value',
      SLACK_SIGNING_SECRET: 'signing-secret-value',
      SLACK_APP_TOKEN: 'xoxb-not-an-app-token-value',
      NETBOX_URL: 'https://netbox.example.com',
      NETBOX_TOKEN: 'not-a-netbox-token-value',
      MicrosoftAppId: '00000000-0000-0000-0000-000000000000',
      MicrosoftAppPassword: 'client-secret-value',
      MicrosoftAppType: 'Nonsense',
    });
    for (const name of ['SLACK_BOT_TOKEN:', 'SLACK_APP_TOKEN:', 'NETBOX_TOKEN:', 'MicrosoftAppType:'])
      assert.ok(message.includes(name), `${name} in ${message}`);
    for (const value of ['xoxp-user-token-value', 'signing-secret-value', 'xoxb-not-an-app-token-value', 'not-a-netbox-token-value', 'client-secret-value']) {
      assert.ok(!message.includes(value), `${value} is not shown: ${message}`);
    }
  });

  it('does not quote a token pasted into the wrong setting, nor a secret repeated in another value', () => {
    const message = problemsOf({
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: 'signing-secret-value',
      SLACK_API_URL: TOKEN,
      SLACK_COMMAND: 'signing-secret-value',
    });
    assert.match(message, /SLACK_API_URL: .*is not an http\(s\) URL/);
    assert.match(message, /SLACK_COMMAND: .*is not a slash command/);
    assert.ok(!message.includes('secretTokenValue') && !message.includes('signing-secret-value'), message);
  });
});
