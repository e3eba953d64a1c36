import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildAdvisoryCard } from '../../src/chat/render/advisory-card.ts';
import { buildVerdictCard, FINDINGS_SHOWN } from '../../src/chat/render/verdict-card.ts';
import { plainText, type Card, type CardElement } from '../../src/chat/reply.ts';
import { compareUrgency, auditFleet } from '../../src/domain/fleet/fleet-audit.ts';
import { ADMIN, catalog, device, from, inventoryRig } from '../helpers/inventory-fixtures.ts';

function fields(card: Card): Record<string, string> {
  const element = card.elements.find((e): e is Extract<CardElement, { kind: 'fields' }> => e.kind === 'fields');
  assert.ok(element, `card “${card.title}” has no fields`);
  return Object.fromEntries(element.fields.map((f) => [f.label, plainText(f.value)]));
}

function findings(card: Card): string[] {
  const list = card.elements.find((e) => e.kind === 'list' && e.title === 'Findings');
  assert.ok(list?.kind === 'list', `card “${card.title}” has no findings`);
  return list.items.map(plainText);
}

describe('a verdict card, worst first', () => {
  it('lists the backdoor first for 6.3.0r19: the sentence, the CVE list, the bulletins and the findings', () => {
    const card = buildVerdictCard(catalog.check('6.3.0r19'));
    const [sentence] = card.elements;
    assert.ok(sentence?.kind === 'text');
    assert.match(plainText(sentence.text), /^6\.3\.0r19 is affected by JSA10713 \(CVE-2015-7755, CVE-2015-7756\), /);
    assert.match(fields(card).CVE ?? '', /^CVE-2015-7755, CVE-2016-2108, CVE-2016-2182, /);
    assert.match(fields(card).Bulletins ?? '', /^JSA10713, JSA10759, JSA10732, /);
    assert.match(findings(card)[0] ?? '', /^JSA10713 CVE-2015-7755 Administrative Access: Critical .*known exploited/);
    assert.match(findings(card)[1] ?? '', /^JSA10713 CVE-2015-7756 /, 'a bulletin’s findings stay together');
    assert.match(findings(card)[2] ?? '', /^JSA10759 CVE-2016-2108 .*Critical/);
  });

  it('orders the Show buttons by urgency: JSA10713, then the critical OpenSSL bulletin, not JSA10704 first', () => {
    const card = buildVerdictCard(catalog.check('6.3.0r19'));
    assert.deepEqual(
      card.actions.map((a) => a.command),
      ['advisory JSA10713', 'advisory JSA10759', 'advisory JSA10732'],
    );
  });

  it('keeps the 6.3.0r19 card short: the first findings, then how many more in which bulletins and the command that shows them', () => {
    const card = buildVerdictCard(catalog.check('6.3.0r19'));
    assert.equal(findings(card).length, FINDINGS_SHOWN);
    const more = card.elements.find((e) => e.kind === 'context' && plainText(e.text).startsWith('…and'));
    assert.ok(more?.kind === 'context');
    assert.equal(
      plainText(more.text),
      '…and 19 more findings: JSA10759 (5 more), JSA10732 (1), JSA10733 (4), JSA10808 (1), JSA10841 (1), JSA10782 (5), JSA10894 (1), JSA10704 (1); type advisory JSA10759 for all its CVEs and fixes.',
    );
    assert.ok(
      typeof more.text !== 'string' && more.text.some((s) => s.style === 'code' && s.text === 'advisory JSA10759'),
      'the command is code, to copy as it is',
    );
  });

  it('lists every finding when there are few, with no “more” line', () => {
    const card = buildVerdictCard(catalog.check('6.2.0r16'));
    assert.ok(findings(card).length < FINDINGS_SHOWN);
    assert.equal(
      card.elements.some((e) => e.kind === 'context' && plainText(e.text).startsWith('…and')),
      false,
    );
  });

  it('shows the backdoor first on a device’s card too', async () => {
    const { bot } = await inventoryRig([device('ams-edge-fw1', '6.3.0r19')]);
    const card = (await bot.handle(from(ADMIN, 'device ams-edge-fw1'))).cards[0];
    assert.ok(card);
    assert.match(findings(card)[0] ?? '', /^JSA10713 CVE-2015-7755 /);
    assert.deepEqual(
      card.actions.filter((a) => a.command.startsWith('advisory')).map((a) => a.command),
      ['advisory JSA10713', 'advisory JSA10759', 'advisory JSA10732'],
    );
  });

  it('puts a device with a known exploited finding before an internet-exposed one with an equally severe finding that is not', () => {
    // 6.3.0r22 has JSA10759's critical 9.8 CVEs, but nothing known exploited; 6.3.0r19 has the backdoor.
    const fleet = [device('exposed-r22', '6.3.0r22', { tags: ['exposure=internet'] }), device('internal-r19', '6.3.0r19')];
    assert.deepEqual(
      auditFleet(fleet, catalog)
        .sort(compareUrgency)
        .map((f) => f.device.name),
      ['internal-r19', 'exposed-r22'],
    );
  });

  it('lists a device’s CVEs worst first in `devices`', async () => {
    const { bot } = await inventoryRig([device('ams-edge-fw1', '6.3.0r19')]);
    const reply = await bot.handle(from(ADMIN, 'devices'));
    const list = reply.cards[0]?.elements.find((e) => e.kind === 'list' && e.title?.startsWith('Affected devices'));
    assert.ok(list?.kind === 'list');
    assert.match(plainText(list.items[0] ?? ''), /unpatched · CVE-2015-7755, CVE-2016-2108, CVE-2016-2182 \+23 · → 6\.3\.0r26/);
  });

  it('lists a bulletin’s CVEs worst first on its card: JSA10759’s two critical ones before the medium ones', () => {
    const advisory = catalog.findAdvisory('JSA10759');
    assert.ok(advisory);
    const list = buildAdvisoryCard(advisory, catalog).elements.find((e) => e.kind === 'list' && e.title === 'Vulnerabilities');
    assert.ok(list?.kind === 'list');
    assert.deepEqual(list.items.map((i) => plainText(i).split(' ')[0]).slice(0, 3), ['CVE-2016-2108', 'CVE-2016-2182', 'CVE-2016-0797']);
  });
});
