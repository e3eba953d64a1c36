import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/infrastructure/config.ts';

describe('PUBLIC_URL', () => {
  it('takes the bot’s https base URL, without a trailing slash', () => {
    assert.equal(loadConfig({ PUBLIC_URL: ' https://bot.example.com/ ' }).publicUrl, 'https://bot.example.com');
    assert.equal(loadConfig({ PUBLIC_URL: 'https://example.com/screenos-bot/' }).publicUrl, 'https://example.com/screenos-bot');
    assert.equal(loadConfig({ PUBLIC_URL: 'http://127.0.0.1:3978' }).publicUrl, 'http://127.0.0.1:3978', 'plain http for a loopback host, to test locally');
    assert.equal(loadConfig({}).publicUrl, null);
  });

  it('refuses plain http elsewhere, credentials, a query, and what is no URL, naming the setting', () => {
    assert.throws(
      () => loadConfig({ PUBLIC_URL: 'http://bot.example.com' }),
      /PUBLIC_URL: “http:\/\/bot\.example\.com” must be an https URL \(Teams loads images only over https/,
    );
    assert.throws(
      () => loadConfig({ PUBLIC_URL: 'https://user:pw@bot.example.com' }),
      /PUBLIC_URL: give the base URL alone, without a user name, password, query or fragment/,
    );
    assert.throws(() => loadConfig({ PUBLIC_URL: 'https://bot.example.com/?x=1' }), /PUBLIC_URL: give the base URL alone/);
    assert.throws(() => loadConfig({ PUBLIC_URL: 'bot.example.com' }), /PUBLIC_URL: “bot\.example\.com” is not a URL/);
  });
});
