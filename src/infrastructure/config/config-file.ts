import { readFileSync } from 'node:fs';
import YAML, { LineCounter, isAlias, isMap, isNode, isScalar } from 'yaml';
import { isSettingName, SETTINGS } from './settings.ts';

/**
 * The settings of `CONFIG_FILE` (YAML, or JSON, which YAML reads too), as text like the environment's.
 * The file holds secrets, so a problem is reported by line, column and kind, never by quoting the file.
 */
export function readConfigFile(file: string | undefined, problems: string[]): Record<string, string> {
  if (file === undefined || file.trim() === '') return {};
  const where = `CONFIG_FILE: “${file}”`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    problems.push(`${where} could not be read: ${describeFileError(error)}`);
    return {};
  }
  // The parser's own messages (and its process warnings, silenced here) show the offending line.
  const lines = new LineCounter();
  const document = YAML.parseDocument(text, { lineCounter: lines, logLevel: 'silent' });
  const at = (offset: number): string => {
    const { line, col } = lines.linePos(offset);
    return `${where} line ${line}, column ${col}`;
  };
  const syntax = [...document.errors, ...document.warnings];
  for (const error of syntax) problems.push(`${at(error.pos[0])}: ${YAML_MISTAKES[error.code] ?? `not valid YAML (${error.code})`}`);
  if (syntax.length > 0) return {};
  const contents = document.contents;
  if (!isMap(contents)) {
    problems.push(`${where} must hold a mapping of setting names to values`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const { key, value } of contents.items) {
    const start = isNode(key) ? (key.range?.[0] ?? 0) : 0;
    const name = isScalar(key) ? String(key.value) : null;
    if (name === null || !/^\w{1,64}$/.test(name)) problems.push(`${at(start)}: a key must be a setting name`);
    else if (!isSettingName(name) || name === 'CONFIG_FILE')
      problems.push(
        `CONFIG_FILE: “${name}” is not a setting (known: ${Object.keys(SETTINGS)
          .filter((k) => k !== 'CONFIG_FILE')
          .join(', ')})`,
      );
    else if (isAlias(value)) problems.push(`${at(value.range?.[0] ?? start)}: a value starting with * is read as an alias; put the value in quotes`);
    else if (!isScalar(value) || !['string', 'number', 'boolean'].includes(typeof value.value))
      problems.push(`${name} (in CONFIG_FILE): must be a single value`);
    else out[name] = String(value.value);
  }
  return out;
}

/** What each YAML mistake means to someone editing a settings file; the codes are the `yaml` package's. */
const YAML_MISTAKES: Readonly<Record<string, string>> = {
  BLOCK_AS_IMPLICIT_KEY: 'a value holds “: ”, which YAML reads as a second key; put the value in quotes',
  MISSING_CHAR: 'a quote or bracket is not closed',
  DUPLICATE_KEY: 'a setting is given twice',
  TAB_AS_INDENT: 'a tab is used as indentation; YAML allows spaces only',
  BAD_INDENT: 'the indentation does not match the lines above',
  BAD_DQ_ESCAPE: 'a backslash in a double-quoted value starts an unknown escape; use single quotes',
  BAD_SCALAR_START: 'a value starts with a character YAML reserves (@, `, %); put the value in quotes',
  TAG_RESOLVE_FAILED: 'a value starting with ! is read as a YAML tag; put the value in quotes',
  BAD_ALIAS: 'a value starting with * is read as an alias; put the value in quotes',
  MULTIPLE_DOCS: 'the file holds several documents (---); keep one',
  MULTILINE_IMPLICIT_KEY: 'a key runs over several lines',
  KEY_OVER_1024_CHARS: 'a key is longer than 1024 characters',
  UNEXPECTED_TOKEN: 'unexpected text; is a quote, comma or bracket out of place?',
};

/** The kind of a file-system error, without the content of anything. */
function describeFileError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'it does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  return typeof code === 'string' ? code : 'unknown error';
}
