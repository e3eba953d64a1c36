import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAdvisory } from '../../src/domain/advisories/load-advisories.ts';
import { PROJECT_ROOT } from '../helpers/run-process.ts';

/** The problems reported for JSA93446 as shipped with one more indicator. */
async function problemsWith(kind: string, value: string): Promise<[field: string, reason: string][]> {
  const doc = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'advisories', 'JSA93446.json'), 'utf8')) as { indicators: unknown[] };
  const at = doc.indicators.length;
  doc.indicators.push({ kind, description: 'test', value, example: null, source: 'test' });
  const result = parseAdvisory('JSA93446.json', JSON.stringify(doc));
  return 'problems' in result ? result.problems.map((p) => [p.field.replace(`indicators[${at}]`, 'indicators[new]'), p.reason]) : [];
}

void describe('indicator values the log hunt searches for', () => {
  void it('accepts a SHA-256 in either case, an IPv4 address, literal and wildcard log patterns, and anything in the kinds it does not search', async () => {
    for (const [kind, value] of [
      ['file_hash', 'E1DE05A2832437AB70D36C4C05B43C4A57F856289224BBD41182DEEA978400ED'],
      ['ip_address', '192.0.2.1'],
      ['log_pattern', 'GET /x y'],
      ['log_pattern', '*%3b*&'],
      ['file_name', 'to'],
      ['ids_rule', 'icmp[4:2] == *'],
    ]) {
      assert.deepEqual(await problemsWith(kind ?? '', value ?? ''), [], `${kind} ${value}`);
    }
  });

  const refused: [kind: string, value: string, reason: RegExp][] = [
    ['file_hash', 'e1de05a2832437ab70d36c4c05b43c4a', /is not a SHA-256 \(64 hexadecimal digits\)/],
    ['file_hash', 'e1de05a2832437ab70d36c4c05b43c4a57f856289224bbd41182deea978400eg', /is not a SHA-256/],
    ['ip_address', '129.126.109.500', /“129\.126\.109\.500” is not an IPv4 address such as 192\.0\.2\.1/],
    ['ip_address', '129.126.109', /is not an IPv4 address/],
    ['log_pattern', '**', /is wildcards alone, which would match every log line/],
    ['log_pattern', '=* ;*&', /has a space and a \* wildcard, which matches within one token: it could never match/],
  ];
  for (const [kind, value, reason] of refused) {
    void it(`refuses the ${kind} “${value}”, naming the field and why`, async () => {
      const problems = await problemsWith(kind, value);
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0]?.[0], 'indicators[new].value');
      assert.match(problems[0]?.[1] ?? '', reason);
    });
  }
});
