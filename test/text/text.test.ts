import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findHiddenCharacter, normaliseName, replaceMatches, splitSurroundingSpace, stripBidiControls } from '../../src/domain/text.ts';

const BIDI_CONTROLS = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];

void describe('stripBidiControls', () => {
  void it('removes every embedding, override, isolate and direction mark, and nothing else', () => {
    assert.equal(stripBidiControls(`fw1${BIDI_CONTROLS.join('')}lanretni`), 'fw1lanretni');
    assert.equal(stripBidiControls('שלום fw-ams1 “6.3.0r19” ✓\n\ttab'), 'שלום fw-ams1 “6.3.0r19” ✓\n\ttab');
  });
});

void describe('normaliseName', () => {
  void it('reads fullwidth letters and digits as their plain spelling', () => {
    assert.equal(normaliseName('ｆｗ-ａｍｓ１'), 'fw-ams1');
  });

  void it('reads every typographic hyphen, dash and minus sign as “-”', () => {
    for (const dash of ['\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\ufe63', '\uff0d']) {
      assert.equal(normaliseName(`fw${dash}ams1`), 'fw-ams1', `U+${dash.codePointAt(0)?.toString(16)}`);
    }
  });

  void it('keeps case, spaces between words and letters of other scripts', () => {
    assert.equal(normaliseName('Core FW 2 Zürich'), 'Core FW 2 Zürich');
  });
});

void describe('findHiddenCharacter', () => {
  void it('names a zero-width space, a right-to-left override and a NUL by code point and kind', () => {
    assert.equal(findHiddenCharacter('fw\u200b-ams1'), 'U+200B, an invisible character');
    assert.equal(findHiddenCharacter('fw1\u202elanretni'), 'U+202E, a text direction control');
    assert.equal(findHiddenCharacter('fw\u0000ams1'), 'U+0000, a control character');
  });

  void it('finds a soft hyphen, a word joiner, a byte order mark, a C1 control and a line separator', () => {
    for (const char of ['\u00ad', '\u2060', '\ufeff', '\u0085', '\u2028'])
      assert.notEqual(findHiddenCharacter(`a${char}b`), null, `U+${char.codePointAt(0)?.toString(16)}`);
  });

  void it('finds nothing in ordinary names, addresses and versions, whatever their script', () => {
    for (const text of ['fw-ams1', 'core fw 2', 'netops-ams@example.com', '6.3.0r13-dnd1', 'Zürich', '東京-fw1', 'Москва'])
      assert.equal(findHiddenCharacter(text), null, text);
  });
});

void describe('splitSurroundingSpace', () => {
  void it('splits leading and trailing whitespace from the text between', () => {
    assert.deepEqual(splitSurroundingSpace('  a  b \n'), ['  ', 'a  b', ' \n']);
    assert.deepEqual(splitSurroundingSpace('ab'), ['', 'ab', '']);
  });

  void it('gives text that is only whitespace as its lead', () => {
    assert.deepEqual(splitSurroundingSpace('   '), ['   ', '', '']);
    assert.deepEqual(splitSurroundingSpace(''), ['', '', '']);
  });
});

void describe('replaceMatches', () => {
  const upper = (match: RegExpExecArray): string => `[${match[0].toUpperCase()}]`;

  void it('gives what replace gives for a global pattern, captures, line starts and empty matches included', () => {
    const cases: [string, RegExp][] = [
      ['fw-ams1 and core fw 2', /fw/g],
      ['- a\n  + b\n12. c', /^([ \t]*)([-+]|\d+\.)(?=\s)/gm],
      ['abc', /x*/g],
      ['a😀b', /(?:)/gu],
      ['a😀b', /(?:)/g],
      ['', /x*/g],
    ];
    for (const [text, pattern] of cases)
      assert.equal(
        replaceMatches(text, pattern, upper),
        text.replace(pattern, (m) => `[${m.toUpperCase()}]`),
        String(pattern),
      );
  });

  void it('starts from the beginning whatever search ran before with the same pattern', () => {
    const pattern = /a/g;
    pattern.exec('xxa');
    assert.equal(replaceMatches('aba', pattern, upper), '[A]b[A]');
  });

  void it('refuses a pattern that is not global, as replaceAll does', () => {
    assert.throws(() => replaceMatches('a', /a/, upper), TypeError);
  });
});
