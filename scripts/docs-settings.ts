/**
 * `npm run docs:settings`: writes README.md's settings table from the settings table in
 * src/infrastructure/config/settings.ts, and says whether anything changed.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { withSettingsTable } from './settings-table.ts';

const README = new URL('../README.md', import.meta.url);

const before = await readFile(README, 'utf8');
const after = withSettingsTable(before);
if (after === before) {
  console.log('README.md: the settings table is up to date');
} else {
  await writeFile(README, after);
  console.log('README.md: the settings table is rewritten from src/infrastructure/config/settings.ts');
}
