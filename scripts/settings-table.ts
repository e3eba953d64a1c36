/**
 * README's settings table, rendered from the settings table in src/infrastructure/config/settings.ts: the one source of
 * each setting's parser, default and row. `npm run docs:settings` writes it into README.md, and
 * test/config/readme-settings.test.ts fails when README.md holds anything else.
 */
import { SETTINGS } from '../src/infrastructure/config.ts';

/** The heading of the README section that holds the table. */
const SETTINGS_SECTION = '## Configuration';

const HEADER = ['variable', 'meaning', 'default'] as const;

/** One row of the settings table, as its cells' Markdown. */
export interface SettingsRow {
  readonly name: string;
  readonly meaning: string;
  readonly defaultText: string;
}

/** The rows the README must show, in the table's order. */
function settingsRows(): SettingsRow[] {
  return Object.entries(SETTINGS).map(([name, setting]) => ({ name, meaning: setting.meaning, defaultText: setting.defaultText }));
}

/** The table as Markdown lines: header, separator, one line a setting. */
export function renderSettingsTable(rows: readonly SettingsRow[] = settingsRows()): string[] {
  const line = (cells: readonly string[]): string => `| ${cells.map((c) => c.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(HEADER), '|---|---|---|', ...rows.map((row) => line([`\`${row.name}\``, row.meaning, row.defaultText]))];
}

/** Where the table sits in the README's lines: the first table under {@link SETTINGS_SECTION} with our header. */
function findSettingsTable(lines: readonly string[]): { readonly start: number; readonly end: number } {
  const section = lines.indexOf(SETTINGS_SECTION);
  if (section === -1) throw new Error(`README.md has no “${SETTINGS_SECTION}” section`);
  const next = lines.findIndex((l, i) => i > section && /^#{1,2} /.test(l));
  const start = lines.findIndex((l, i) => i > section && (next === -1 || i < next) && splitRow(l)?.join('|') === HEADER.join('|'));
  if (start === -1) throw new Error(`README.md's “${SETTINGS_SECTION}” section has no table headed ${HEADER.join(' | ')}`);
  let end = start;
  while (end < lines.length && lines[end]?.startsWith('|') === true) end++;
  return { start, end };
}

/** The rows of the README's table, read back from its Markdown (the first two lines are header and separator). */
export function readSettingsTable(readme: string): SettingsRow[] {
  const lines = readme.split('\n');
  const { start, end } = findSettingsTable(lines);
  return lines.slice(start + 2, end).map((line, i) => {
    const cells = splitRow(line);
    if (cells?.length !== 3) throw new Error(`README.md line ${start + 3 + i}: expected three cells: ${line}`);
    const [name = '', meaning = '', defaultText = ''] = cells;
    return { name: name.replace(/^`(.*)`$/, '$1'), meaning, defaultText };
  });
}

/** The README with its settings table replaced by the rendered one. */
export function withSettingsTable(readme: string): string {
  const lines = readme.split('\n');
  const { start, end } = findSettingsTable(lines);
  return [...lines.slice(0, start), ...renderSettingsTable(), ...lines.slice(end)].join('\n');
}

/** A table line's cells, trimmed, with `\|` read back as `|`; null for a line that is no table row. */
function splitRow(line: string): string[] | null {
  if (!line.startsWith('|') || !line.trimEnd().endsWith('|')) return null;
  return line
    .trim()
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replaceAll('\\|', '|'));
}
