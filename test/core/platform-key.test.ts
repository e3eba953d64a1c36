import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlatformKey, platformKey, platformOf } from '../../src/chat/message.ts';

describe('platform keys', () => {
  it('round-trip a Teams conversation id that holds colons itself', () => {
    const ref = { platform: 'teams' as const, id: '19:0a1b2c3d@thread.tacv2;messageid=1700000000000' };
    assert.equal(platformKey(ref), 'teams:19:0a1b2c3d@thread.tacv2;messageid=1700000000000');
    assert.deepEqual(parsePlatformKey(platformKey(ref)), ref);
    assert.equal(platformOf(platformKey(ref)), 'teams');
  });

  it('read nothing from text that is not a key: no platform, an unknown one, or no id', () => {
    for (const text of ['C123', 'irc:#netops', 'slack:', ':C123', '']) assert.equal(parsePlatformKey(text), null, text);
    assert.throws(() => platformOf('C123'), /not a platform key/);
  });
});
