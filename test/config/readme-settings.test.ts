import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SETTINGS } from '../../src/infrastructure/config.ts';
import { readSettingsTable, renderSettingsTable, withSettingsTable } from '../../scripts/settings-table.ts';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const STALE = 'README.md’s settings table is stale: run npm run docs:settings';

void describe('README’s settings table', () => {
  void it('lists every setting once, in the settings table’s order, with the default the loader uses', () => {
    const shown = readSettingsTable(README).map(({ name, defaultText }) => ({ name, defaultText }));
    const expected = Object.entries(SETTINGS).map(([name, setting]) => ({ name, defaultText: setting.defaultText }));
    assert.deepEqual(shown, expected, STALE);
  });

  void it('shows each setting’s meaning as the settings table has it, so that no row is edited by hand', () => {
    assert.equal(withSettingsTable(README), README, STALE);
  });

  void it('tells a README missing a setting, or showing a stale default, from the generated one, and the generator repairs it', () => {
    const lines = README.split('\n');
    const tampered = lines
      .filter((line) => !line.startsWith('| `KEV_URL` |'))
      .map((line) => (line.startsWith('| `PORT` |') ? line.replace(/\| `3000` \|$/, '| `8080` |') : line))
      .join('\n');
    const rows = readSettingsTable(tampered);
    assert.equal(rows.length, Object.keys(SETTINGS).length - 1);
    assert.ok(!rows.some((row) => row.name === 'KEV_URL'));
    assert.equal(rows.find((row) => row.name === 'PORT')?.defaultText, '`8080`');
    assert.equal(withSettingsTable(tampered), README);
  });

  void it('reads back a cell holding a pipe, escaped as Markdown requires', () => {
    const table = renderSettingsTable([{ name: 'EXAMPLE', meaning: 'a | b', defaultText: '`x|y`' }]);
    assert.equal(table[2], '| `EXAMPLE` | a \\| b | `x\\|y` |');
    const readme = ['# bot', '', '## Configuration', '', ...table, '', '## Next'].join('\n');
    assert.deepEqual(readSettingsTable(readme), [{ name: 'EXAMPLE', meaning: 'a | b', defaultText: '`x|y`' }]);
  });
});
