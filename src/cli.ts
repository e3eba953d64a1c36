/**
 * The command line for scripts and pipelines (a composition root, like main.ts):
 *
 *   npm run cli -- check <version>... [--json]     exit 1 if any affected, else 2 if any unknown, else 0
 *   npm run cli -- check - [--json]                versions from standard input, one a line
 *   npm run cli -- advisory [ID] [--json]          exit 2 when the bulletin is not loaded
 *   npm run cli -- advisories [--json]
 *
 * Usage errors exit 64, configuration errors 78, anything else that fails 70 (sysexits.h).
 * With --json, standard output is exactly one JSON document.
 */
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { renderReplyText } from '../adapters/console/render-text.ts';
import { formatLoadProblem } from './advisories/load-advisories.ts';
import { primaryReference } from './advisories/primary-reference.ts';
import { loadConfig } from './config.ts';
import { buildAdvisoryCard } from './core/render/advisory-card.ts';
import { renderVerdictSummary, renderVerdictCard } from './core/render/verdict-card.ts';
import { advisoriesCommand } from './core/commands/advisories.ts';
import { DEFAULT_ADVISORY } from './core/commands/advisory.ts';
import { cardReply, type Reply } from './core/reply.ts';
import { loadCatalog } from './core/load-catalog.ts';
import { AdminList } from './core/admins.ts';
import { BotError } from './errors.ts';
import { createLogger } from './log.ts';
import { exitStatusFor, verdictToJson } from './matching/verdict-json.ts';

const USAGE = `usage: npm run cli -- check <version>... [--json]
       npm run cli -- check - [--json]        (versions from standard input, one a line)
       npm run cli -- advisory [ID] [--json]
       npm run cli -- advisories [--json]`;
const EXIT_USAGE = 64;
const EXIT_SOFTWARE = 70;
const EXIT_CONFIG = 78;

interface Output {
  json: boolean;
  color: boolean;
}

async function runCli(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  const unknownFlags = argv.filter((a) => a.startsWith('--') && a !== '--json');
  const [command, ...args] = argv.filter((a) => a !== '--json');
  if (command === undefined || command === 'help' || command === '-h' || unknownFlags.length > 0) {
    if (unknownFlags.length > 0) process.stderr.write(`unknown option ${unknownFlags.join(', ')}\n`);
    process.stderr.write(USAGE + '\n');
    return command === 'help' || command === '-h' ? 0 : EXIT_USAGE;
  }
  const config = loadConfig(process.env);
  const log = createLogger({ level: config.logLevel ?? 'warn' });
  const catalog = await loadCatalog(config.advisoriesDir, log);
  const out: Output = { json, color: config.color && process.stdout.isTTY === true };

  switch (command) {
    case 'check': {
      const inputs = args.length === 1 && args[0] === '-' ? readStdinLines() : args;
      if (inputs.length === 0) {
        process.stderr.write(`check needs at least one version\n${USAGE}\n`);
        return EXIT_USAGE;
      }
      const verdicts = inputs.map((input) => catalog.check(input));
      if (out.json) print({ results: verdicts.map(verdictToJson) });
      else printReply(verdicts.length === 1 && verdicts[0] ? renderVerdictCard(verdicts[0]) : renderVerdictSummary(verdicts, { fullCards: verdicts.length <= 3, leftOut: 0 }), out);
      return exitStatusFor(verdicts);
    }
    case 'advisory': {
      const query = args[0] ?? DEFAULT_ADVISORY;
      const advisory = catalog.findAdvisory(query);
      if (advisory === undefined) {
        const problems = catalog.problems.map(formatLoadProblem);
        if (out.json) print({ error: `no loaded bulletin or CVE “${query}”`, loaded: catalog.advisories.map((a) => a.id), problems });
        else process.stderr.write(`No loaded bulletin or CVE “${query}”. Loaded: ${catalog.advisories.map((a) => a.id).join(', ')}\n`);
        return 2;
      }
      if (out.json) print(advisory);
      else printReply(cardReply(buildAdvisoryCard(advisory, catalog)), out);
      return 0;
    }
    case 'advisories': {
      if (out.json) print({ advisories: catalog.advisories.map((a) => ({ id: a.id, title: a.title, published: a.published, cves: a.vulnerabilities.map((v) => v.id), source: primaryReference(a)?.url ?? null })), problems: catalog.problems });
      else printReply(await advisoriesCommand.run({ args: '', message: { conversation: { platform: 'console', id: 'cli' }, author: { platform: 'console', id: 'cli' }, text: 'advisories', addressedToBot: true }, services: { catalog, now: () => new Date(), log, inventory: null, admins: AdminList.parse('').admins, reminders: null, briefings: null } }), out);
      return 0;
    }
    default:
      process.stderr.write(`unknown command “${command}”\n${USAGE}\n`);
      return EXIT_USAGE;
  }
}

function readStdinLines(): string[] {
  return readFileSync(0, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
}

function print(document: unknown): void {
  process.stdout.write(JSON.stringify(document, null, 2) + '\n');
}

function printReply(reply: Reply, out: Output): void {
  process.stdout.write(renderReplyText(reply, { color: out.color }));
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const isConfig = error instanceof BotError && error.code === 'invalid_config';
    process.stderr.write(isConfig ? `${error.message}\n` : `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = isConfig ? EXIT_CONFIG : EXIT_SOFTWARE;
  },
);
