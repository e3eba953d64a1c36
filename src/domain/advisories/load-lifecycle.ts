import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeReadError, parseChecked, type LoadProblem } from './load-advisories.ts';
import type { ProductLifecycle } from './types.ts';
import { validateLifecycle } from './validate-lifecycle.ts';

/** The folder under `advisories/` that holds the end-of-life files. */
export const LIFECYCLE_FOLDER = 'lifecycle';

export interface LoadedLifecycles {
  readonly lifecycles: ProductLifecycle[];
  /** Files left out, named `lifecycle/<file>` so that they read as paths under `advisories/`. */
  readonly problems: LoadProblem[];
}

/**
 * Loads every `*.json` file in `<advisoriesDir>/lifecycle/`, sorted by name. A file that does not parse
 * or validate is left out with its problems, as a bulletin would be; a second file for a product that
 * is already loaded is left out too. No folder means no end-of-life data, which is not an error: the
 * answers then say nothing about support.
 */
export async function loadLifecycles(advisoriesDir: string): Promise<LoadedLifecycles> {
  const dir = path.join(advisoriesDir, LIFECYCLE_FOLDER);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lifecycles: [], problems: [] };
    return { lifecycles: [], problems: [{ file: `${LIFECYCLE_FOLDER}/`, field: '(folder)', reason: `could not be read: ${describeReadError(error)}` }] };
  }
  const lifecycles: ProductLifecycle[] = [];
  const problems: LoadProblem[] = [];
  for (const name of names) {
    const file = `${LIFECYCLE_FOLDER}/${name}`;
    let text: string;
    try {
      text = await readFile(path.join(dir, name), 'utf8');
    } catch (error) {
      problems.push({ file, field: '(file)', reason: `could not be read: ${describeReadError(error)}` });
      continue;
    }
    const result = parseLifecycle(file, text);
    if ('problems' in result) {
      problems.push(...result.problems);
      continue;
    }
    const product = result.lifecycle.product.trim().toLowerCase();
    if (lifecycles.some((l) => l.product.trim().toLowerCase() === product)) {
      problems.push({ file, field: 'product', reason: `${result.lifecycle.product} is already loaded from another file` });
      continue;
    }
    lifecycles.push(result.lifecycle);
  }
  return { lifecycles, problems };
}

/** Parses and validates one end-of-life file's text. */
export function parseLifecycle(file: string, text: string): { lifecycle: ProductLifecycle } | { problems: LoadProblem[] } {
  const checked = parseChecked<ProductLifecycle>(file, text, validateLifecycle);
  return 'problems' in checked ? checked : { lifecycle: checked.value };
}
