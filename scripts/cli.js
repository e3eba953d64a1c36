// @ts-check
/**
 * `npm run cli -- …`: the compiled command line in dist/ when it is up to date, which starts in a
 * fraction of the time; otherwise the TypeScript sources through tsx, so that a developer's edits show
 * at once without a build. Both run in this process, with these arguments. Prints nothing of its own,
 * so that `--json` output stays one document.
 */
import process from 'node:process';
import { staleReason } from './build.js';

const reason = staleReason();
if (reason === null) {
  await import('../dist/app/cli.js');
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write(
      `Cannot run the command line: ${reason}, and tsx is not installed to run the sources. Run \`npm run build\` where the dev dependencies are.\n`,
    );
    process.exit(70);
  }
  register();
  await import('../app/cli.ts');
}
