// @ts-check
/**
 * `npm run build`: compiles src/, adapters/ and app/ with tsc (tsconfig.build.json) into dist/, which
 * `npm start` and `npm run cli` run with plain node.
 *
 *   node scripts/build.js              build now
 *   node scripts/build.js --if-stale   build only when dist/ is missing or older than a source (npm's prestart)
 *
 * Plain JavaScript, so that it runs where only the production dependencies are installed: there it
 * finds dist/ up to date (or says how to build it) and never needs TypeScript.
 *
 * The compiler writes into a fresh folder beside dist/, which then takes dist/'s place, and the stamp
 * that marks dist/ complete is written last: a process that looks at dist/ meanwhile finds either the
 * old build or none, never half of one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
/** Written after a complete build, with the time the build started as its modification time. */
const STAMP = path.join(DIST, '.build-stamp');
/** What the build reads: a change to any of them makes dist/ stale. */
const SOURCE_DIRS = ['src', 'adapters', 'app'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json'];

/**
 * Why dist/ cannot be run as it is, or null when it is up to date. A source newer than the stamp
 * (an edit, a checkout, a pull) makes it stale; where the sources are absent (a production image that
 * ships dist/ alone) only the stamp counts.
 *
 * @returns {string | null}
 */
export function staleReason() {
  if (!existsSync(STAMP)) return 'dist/ has not been built';
  const built = statSync(STAMP).mtimeMs;
  const newer = newestSource();
  if (newer !== null && newer.mtimeMs > built) return `${path.relative(ROOT, newer.file)} changed since dist/ was built`;
  return null;
}

/** @returns {{ file: string, mtimeMs: number } | null} */
function newestSource() {
  /** @type {{ file: string, mtimeMs: number } | null} */
  let newest = null;
  /** @param {string} file */
  const consider = (file) => {
    const { mtimeMs } = statSync(file);
    if (newest === null || mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  };
  for (const name of SOURCE_FILES) if (existsSync(path.join(ROOT, name))) consider(path.join(ROOT, name));
  for (const dir of SOURCE_DIRS) {
    if (!existsSync(path.join(ROOT, dir))) continue;
    for (const entry of readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts')) consider(path.join(entry.parentPath, entry.name));
    }
  }
  return newest;
}

/**
 * Compiles into a fresh folder, then puts it in dist/'s place. Returns tsc's exit status; nonzero
 * leaves dist/ as it was.
 *
 * @returns {number}
 */
export function build() {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    process.stderr.write(
      'Cannot build dist/: TypeScript is not installed (installed with --omit=dev?). Run `npm ci` and `npm run build` where the dev dependencies are, and ship dist/.\n',
    );
    return 1;
  }
  const started = new Date();
  const next = path.join(ROOT, `dist.building-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', next], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    rmSync(next, { recursive: true, force: true });
    return result.status ?? 1;
  }
  const stamp = path.join(next, '.build-stamp');
  writeFileSync(stamp, `${started.toISOString()}\n`);
  // Sources saved while tsc ran are newer than this, so the next start builds again.
  utimesSync(stamp, started, started);
  const old = path.join(ROOT, `dist.old-${process.pid}`);
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(next, DIST);
  rmSync(old, { recursive: true, force: true });
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv.includes('--if-stale')) {
    const reason = staleReason();
    if (reason !== null) {
      process.stderr.write(`Building dist/ (${reason})…\n`);
      process.exitCode = build();
    }
  } else {
    process.exitCode = build();
  }
}
