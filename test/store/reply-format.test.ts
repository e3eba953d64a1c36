import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cardReply, type FileElement, type ImageElement } from '../../src/chat/reply.ts';
import { decodeReply, encodeReply } from '../../src/infrastructure/store/reply-format.ts';

const PICTURE: ImageElement = {
  kind: 'image',
  png: 'iVBORw0KGgo=',
  width: 1200,
  height: 750,
  title: 'JSA10713',
  alt: 'a chart',
  fileName: 'progress-jsa10713.png',
  text: ['affected 3 █ 3'],
};

describe('replies kept in the outbox', () => {
  it('keeps a reply without a picture in format 1, which releases before pictures read, and one with a picture in format 2', () => {
    const plain = cardReply({ title: 'Reminder', tone: 'info', elements: [{ kind: 'text', text: 'fw1' }], actions: [] });
    const pictured = cardReply({ title: 'Progress', tone: 'info', elements: [PICTURE], actions: [] });
    assert.equal((JSON.parse(encodeReply(plain)) as { format: number }).format, 1);
    assert.equal((JSON.parse(encodeReply(pictured)) as { format: number }).format, 2);
    assert.deepEqual(decodeReply(encodeReply(plain)), { kind: 'reply', reply: plain });
    assert.deepEqual(decodeReply(encodeReply(pictured)), { kind: 'reply', reply: pictured });
    assert.deepEqual(decodeReply('{"format":4,"reply":{"cards":[],"fallback":"x"}}'), {
      kind: 'unreadable',
      reason: 'the stored reply has format version 4; this release reads versions 1 to 3 (written by a newer release)',
    });
  });

  it('keeps a reply with a file in format 3, which a release that knows only pictures refuses rather than posts half', () => {
    const file: FileElement = {
      kind: 'file',
      content: 'name\r\nfw1\r\n',
      mediaType: 'text/csv',
      fileName: 'devices.csv',
      title: 'Devices',
      description: 'CSV of 1 device',
      elsewhere: 'npm run cli -- audit --csv',
    };
    const exported = cardReply({ title: 'Devices as CSV', tone: 'info', elements: [file, PICTURE], actions: [] });
    assert.equal((JSON.parse(encodeReply(exported)) as { format: number }).format, 3);
    assert.deepEqual(decodeReply(encodeReply(exported)), { kind: 'reply', reply: exported });
  });
});
