import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The `name` in the project's package.json, which tells its root apart from any folder above it. */
const PACKAGE_NAME = 'screenos-bot';

/**
 * The project's root folder (where `advisories/`, `examples/` and package.json sit), found from the URL
 * of a module inside it. The same module runs from `src/` through tsx and from `dist/src/` once
 * compiled, one level deeper, so the root is not a fixed number of `..` away: it is the nearest folder
 * above the module whose package.json names this project. Throws when there is none, rather than
 * guessing a folder that then lacks the advisories.
 */
export function findProjectRoot(moduleUrl: string): string {
  const start = path.dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (namesThisProject(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json naming ${PACKAGE_NAME} in ${start} or any folder above it`);
  }
}

function namesThisProject(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    const { name } = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown };
    return name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/** The root of the project this module belongs to, whether it runs from `src/` or from `dist/src/`. */
export const PROJECT_ROOT = findProjectRoot(import.meta.url);
