import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Advisory } from './types.ts';
import { validateAdvisory, type FieldProblem } from './validate-advisory.ts';

/** A file that was left out, and why: shown at start, in `help` and in `advisories`. */
export interface LoadProblem {
  readonly file: string;
  readonly field: string;
  readonly reason: string;
}

export interface LoadedAdvisories {
  readonly advisories: Advisory[];
  readonly problems: LoadProblem[];
}

/**
 * Why a file could not be read, by its error code: Node's messages carry the full path
 * (`ENOENT: no such file or directory, open '/srv/…'`), and `advisories` shows these in chat rooms,
 * where the file's name (given with the problem) is all a reader needs.
 */
export function describeReadError(error: unknown): string {
  const { code } = error as NodeJS.ErrnoException;
  switch (code ?? '') {
    case 'ENOENT':
      return 'no such file (a dangling link?)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return typeof code === 'string' ? code : 'it could not be opened';
  }
}

/**
 * Loads every `*.json` file in `dir`, sorted by name. A file that does not parse or validate is left
 * out with its problems; the others load. A second file with an id already loaded is left out too.
 */
export async function loadAdvisories(dir: string): Promise<LoadedAdvisories> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  const advisories: Advisory[] = [];
  const problems: LoadProblem[] = [];
  for (const name of names) {
    let text: string;
    try {
      text = await readFile(path.join(dir, name), 'utf8');
    } catch (error) {
      problems.push({ file: name, field: '(file)', reason: `could not be read: ${describeReadError(error)}` });
      continue;
    }
    const result = parseAdvisory(name, text);
    if ('problems' in result) {
      problems.push(...result.problems);
      continue;
    }
    const clash = advisories.find((a) => a.id === result.advisory.id);
    if (clash !== undefined) {
      problems.push({ file: name, field: 'id', reason: `${result.advisory.id} is already loaded from another file` });
      continue;
    }
    advisories.push(result.advisory);
  }
  return { advisories, problems };
}

/** Parses and validates one file's text. */
export function parseAdvisory(file: string, text: string): { advisory: Advisory } | { problems: LoadProblem[] } {
  const checked = parseChecked<Advisory>(file, text, validateAdvisory);
  if ('problems' in checked) return checked;
  const advisory = checked.value;
  // `advisory JSA…` points at the file of a bulletin that failed to load by its name.
  if (`${advisory.id}.json`.toLowerCase() !== path.basename(file).toLowerCase()) {
    return { problems: [{ file, field: 'id', reason: `${advisory.id} must be in a file named ${advisory.id}.json` }] };
  }
  return { advisory };
}

/**
 * A data file's JSON, checked by `validate` (bulletins, end-of-life files): the value once it has no
 * problem, or every problem named with the file.
 */
export function parseChecked<T>(file: string, text: string, validate: (raw: unknown) => readonly FieldProblem[]): { value: T } | { problems: LoadProblem[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { problems: [{ file, field: '(file)', reason: `is not valid JSON: ${(error as Error).message}` }] };
  }
  const fieldProblems = validate(raw);
  if (fieldProblems.length > 0) return { problems: fieldProblems.map((p) => ({ file, ...p })) };
  return { value: raw as T };
}

/** "JSA10799.json: vulnerabilities[0].id: “CVE-1” is not a CVE id", one line a problem. */
export function formatLoadProblem(problem: LoadProblem): string {
  return `${problem.file}: ${problem.field}: ${problem.reason}`;
}
