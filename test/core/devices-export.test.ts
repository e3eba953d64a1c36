import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { attachmentsIn, plainText, type FileElement, type Reply } from '../../src/chat/reply.ts';
import { auditCsv, auditRows, auditViews } from '../../src/domain/fleet/audit-export.ts';
import { ADMIN, NON_ADMIN, device, from, inventoryRig } from '../helpers/inventory-fixtures.ts';
import { replyText } from '../helpers/messages.ts';
import { readRfc4180 } from '../helpers/rfc4180.ts';

const FLEET = [
  device('ams-edge-fw1', '6.3.0r19', { tags: ['exposure=internet'] }),
  device('ams-dc-fw1', '6.3.0r21'),
  device('fra-dc-fw1', '6.2.0r16', { site: 'Frankfurt', owner: '=cmd()' }),
  device('fra-dc-fw2', '6.3.0r26', { site: 'Frankfurt', owner: 'netops-fra@example.com' }),
];

/** The one file of a reply. */
function fileOf(reply: Reply): FileElement {
  const files = attachmentsIn(reply).filter((a): a is FileElement => a.kind === 'file');
  assert.equal(files.length, 1, replyText(reply));
  const [file] = files;
  assert.ok(file !== undefined);
  return file;
}

/** The CSV's records after the byte order mark, header first. */
function records(file: FileElement): string[][] {
  assert.ok(file.content.startsWith('\uFEFF'), 'a byte order mark, so that Excel reads UTF-8');
  return readRfc4180(file.content.slice(1));
}

describe('devices export', () => {
  it('hands every device over as the CSV of cli audit --csv, with a one-line summary, visibly', async () => {
    const { bot, inventory, store, clock } = await inventoryRig(FLEET);
    const reply = await bot.handle(from(NON_ADMIN, 'devices export'));
    assert.equal(reply.visibility, 'public', 'the file goes into the conversation, so the summary does too');
    assert.equal(reply.cards[0]?.title, 'Devices as CSV: 3 unpatched of 4');
    assert.match(replyText(reply), /^4 devices: 3 unpatched, 1 not affected\.$/m);
    const file = fileOf(reply);
    assert.equal(file.mediaType, 'text/csv');
    assert.equal(file.fileName, 'devices-20261126T090000Z.csv');
    assert.equal(file.title, 'Devices, 2026-11-26 09:00 UTC');
    // Exactly what the CLI builds from the same findings and states.
    const states = new Map((await store.deviceStates()).map((s) => [s.device.toLowerCase(), s]));
    assert.equal(file.content, auditCsv(auditRows(auditViews(inventory.findings(), states, clock.now())), false));
    const [header, ...rows] = records(file);
    assert.deepEqual(header, [
      'name',
      'site',
      'owner',
      'product',
      'version',
      'status',
      'cves',
      'upgrade_target',
      'state',
      'state_until',
      'state_reason',
      'note',
    ]);
    const listed = [...replyText(await bot.handle(from(ADMIN, 'devices status=all'))).matchAll(/^(\S+) \(/gm)].map((m) => m[1]);
    assert.deepEqual(
      rows.map((r) => r[0]),
      listed,
      'most urgent first, as devices lists them',
    );
    assert.equal(rows.length, 4);
    assert.equal(rows.find((r) => r[0] === 'fra-dc-fw1')?.[2], "'=cmd()", 'an owner that would run as a formula is text');
  });

  it('takes the filters of devices: one bulletin adds its nearest fix, site, owner and status narrow the rows', async () => {
    const { bot } = await inventoryRig(FLEET);
    const bulletin = await bot.handle(from(ADMIN, 'devices export advisory=10713'));
    assert.equal(bulletin.cards[0]?.title, 'Devices for JSA10713 as CSV: 2 unpatched of 4');
    assert.match(replyText(bulletin), /^4 devices, for JSA10713 alone: 2 unpatched, 2 not affected\.$/m);
    const [header, ...rows] = records(fileOf(bulletin));
    assert.equal(header?.[8], 'advisory_fix');
    assert.deepEqual(
      rows.map((r) => [r[0], r[5], r[8]]),
      [
        ['ams-edge-fw1', 'unpatched', '6.3.0r19b'],
        ['fra-dc-fw1', 'unpatched', '6.2.0r19'],
        ['ams-dc-fw1', 'not_affected', ''],
        ['fra-dc-fw2', 'not_affected', ''],
      ],
    );

    const narrowed = await bot.handle(from(ADMIN, 'devices export site=frankfurt status=unpatched'));
    assert.match(replyText(narrowed), /^1 device \(site frankfurt\): 1 unpatched\.$/m);
    assert.deepEqual(
      records(fileOf(narrowed))
        .slice(1)
        .map((r) => r[0]),
      ['fra-dc-fw1'],
    );
    assert.equal(fileOf(narrowed).title, 'Devices (site frankfurt), unpatched, 2026-11-26 09:00 UTC');
    assert.match(
      plainText(fileOf(narrowed).elsewhere),
      /^npm run cli -- audit --csv, run where the bot runs, writes the same columns for every device \(it takes no site, owner or status filter\)\.$/,
    );
    assert.deepEqual(
      records(fileOf(await bot.handle(from(ADMIN, 'devices export owner=NETOPS-FRA@example.com'))))
        .slice(1)
        .map((r) => r[0]),
      ['fra-dc-fw2'],
    );
    assert.equal(plainText(fileOf(bulletin).elsewhere), 'npm run cli -- audit --csv --advisory JSA10713, run where the bot runs, writes the same file.');
  });

  it('keeps an acknowledgement in the state columns', async () => {
    const { bot, inventory } = await inventoryRig(FLEET);
    await inventory.setState('fra-dc-fw1', 'acknowledged', ADMIN, null, 'upgrade booked');
    const row = records(fileOf(await bot.handle(from(ADMIN, 'devices export')))).find((r) => r[0] === 'fra-dc-fw1') ?? [];
    // status, state, state_until, state_reason
    assert.deepEqual([row[5], row[8], row[9], row[10]], ['acknowledged', 'acknowledged', '', 'upgrade booked']);
  });

  it('says there is nothing to export rather than hand over an empty file', async () => {
    const { bot } = await inventoryRig(FLEET);
    const reply = await bot.handle(from(ADMIN, 'devices export site=Paris'));
    assert.equal(reply.cards[0]?.title, 'Nothing to export');
    assert.match(replyText(reply), /No devices for site Paris: nothing to export\./);
    assert.deepEqual(attachmentsIn(reply), []);
  });

  it('names every mistake in the filters at once, with the export’s usage (it has no pages)', async () => {
    const { bot } = await inventoryRig(FLEET);
    const answer = replyText(await bot.handle(from(ADMIN, 'devices export page=2 status=open Amsterdam')));
    assert.match(answer, /“page” is not an option \(advisory, site, owner, status\)/);
    assert.match(answer, /“Amsterdam” is not an option: write site=Amsterdam or owner=Amsterdam/);
    assert.match(answer, /status “open” is not one of affected, unpatched, all/);
    assert.match(answer, /Usage: devices export \[advisory=ID\] \[site=…\] \[owner=…\] \[status=affected\|unpatched\|all\]/);
    assert.equal((await bot.handle(from(ADMIN, 'devices export advisory=JSA99999'))).cards[0]?.title, 'No bulletin “JSA99999”');
  });

  it('is listed in help', async () => {
    const { bot } = await inventoryRig(FLEET);
    assert.match(
      replyText(await bot.handle(from(ADMIN, 'help'))),
      /devices export, with the same filters \(every status unless status= is given\), hands them over as the CSV of cli audit --csv/,
    );
  });
});
