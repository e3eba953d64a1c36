/**
 * The command line for scripts and pipelines (a composition root, like main.ts):
 *
 *   npm run cli -- check <version>... [--product junos|screenos] [--platform MODEL] [--json]
 *                                                  exit 1 if any affected, else 2 if any unknown, else 0
 *   npm run cli -- check - [--json]                versions from standard input, one a line
 *   npm run cli -- advisory [ID] [--json]          exit 2 when the bulletin is not loaded
 *   npm run cli -- advisories [--json]
 *   npm run cli -- audit [--inventory <file>] [--advisory ID] [--csv|--json]
 *                                                  exit 1 if any device is unpatched, else 2 if any unknown, else 0
 *
 * Usage errors exit 64, configuration errors 78, anything else that fails 70 (sysexits.h).
 * With --json, standard output is exactly one JSON document; with --csv, exactly one CSV file.
 */
import { readProductName } from '../src/domain/version/product-names.ts';
import { systemClock, type Clock } from '../src/infrastructure/clock.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { renderReplyText } from '../adapters/console/render-text.ts';
import { formatLoadProblem } from '../src/domain/advisories/load-advisories.ts';
import { primaryReference } from '../src/domain/advisories/primary-reference.ts';
import { loadConfig, type Config } from '../src/infrastructure/config.ts';
import { buildAdvisoryCard } from '../src/chat/render/advisory-card.ts';
import { renderVerdictSummary, renderVerdictCard } from '../src/chat/render/verdict-card.ts';
import { advisoriesCommand } from '../src/chat/commands/advisories.ts';
import { DEFAULT_ADVISORY } from '../src/chat/commands/advisory.ts';
import { cardReply, type Reply } from '../src/chat/reply.ts';
import { loadCatalog } from '../src/features/catalog/load-catalog.ts';
import { AdminList } from '../src/infrastructure/config/admins.ts';
import { BotError } from '../src/domain/errors.ts';
import { createLogger } from '../src/infrastructure/log.ts';
import { inventoryFileFormat } from '../src/infrastructure/inventory-sources/file-source.ts';
import { exitStatusFor, verdictToJson } from '../src/domain/matching/verdict-json.ts';
import type { AdvisoryCatalog } from '../src/domain/matching/catalog.ts';
import { auditCounts, auditCsv, auditExitStatus, auditRows, auditRowToJson, auditViews } from '../src/domain/fleet/audit-export.ts';
import { auditFleet } from '../src/domain/fleet/fleet-audit.ts';
import { countByStatus, deviceLine } from '../src/chat/render/device-lines.ts';
import type { Logger } from '../src/infrastructure/log.ts';
import { createSource } from './runtime.ts';
import { openConfiguredStore } from '../src/infrastructure/store/open-store.ts';
import type { DeviceState } from '../src/infrastructure/store/store.ts';

const USAGE = `usage: npm run cli -- check <version>... [--product junos|screenos] [--platform MODEL] [--json]
       npm run cli -- check - [--json]        (versions from standard input, one a line)
       npm run cli -- advisory [ID] [--json]
       npm run cli -- advisories [--json]
       npm run cli -- audit [--inventory <file>] [--advisory ID] [--csv|--json]
                            (without --inventory: INVENTORY_FILE, or NETBOX_URL and NETBOX_TOKEN)`;
const EXIT_USAGE = 64;
const EXIT_SOFTWARE = 70;
const EXIT_CONFIG = 78;

interface Output {
  json: boolean;
  color: boolean;
}

/** Options that take a value (`--inventory fleet.csv` or `--inventory=fleet.csv`), and the commands that take them. */
const VALUE_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  '--inventory': ['audit'],
  '--advisory': ['audit'],
  '--product': ['check'],
  '--platform': ['check'],
};
const FLAG_OPTIONS: Readonly<Record<string, readonly string[]>> = { '--json': ['check', 'advisory', 'advisories', 'audit'], '--csv': ['audit'] };

const COMMANDS: ReadonlySet<string> = new Set(['check', 'advisory', 'advisories', 'audit']);

interface CliArgs {
  readonly words: string[];
  readonly flags: Set<string>;
  readonly values: Map<string, string>;
  readonly problems: string[];
}

/**
 * Splits the arguments into words, flags and options with values, and lists every mistake at once: an
 * unknown option, an option without its value, or one the command does not take (`check --csv`).
 */
function parseCliArgs(argv: readonly string[]): CliArgs {
  const parsed: CliArgs = { words: [], flags: new Set(), values: new Map(), problems: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      parsed.words.push(arg);
      continue;
    }
    const [name = '', inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name in FLAG_OPTIONS && inline === undefined) parsed.flags.add(name);
    else if (name in VALUE_OPTIONS) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) parsed.problems.push(`${name} needs a value`);
      else parsed.values.set(name, value);
    } else parsed.problems.push(`unknown option ${arg}`);
  }
  const command = parsed.words[0];
  for (const option of [...parsed.flags, ...parsed.values.keys()]) {
    const allowed = FLAG_OPTIONS[option] ?? VALUE_OPTIONS[option] ?? [];
    if (command !== undefined && COMMANDS.has(command) && !allowed.includes(command)) parsed.problems.push(`${option} does not apply to ${command}`);
  }
  if (parsed.flags.has('--json') && parsed.flags.has('--csv')) parsed.problems.push('--csv and --json: choose one');
  return parsed;
}

async function runCli(argv: readonly string[]): Promise<number> {
  const parsed = parseCliArgs(argv);
  const json = parsed.flags.has('--json');
  const [command, ...args] = parsed.words;
  if (command === undefined || command === 'help' || command === '-h' || parsed.problems.length > 0) {
    for (const problem of parsed.problems) process.stderr.write(`${problem}\n`);
    process.stderr.write(USAGE + '\n');
    return (command === 'help' || command === '-h') && parsed.problems.length === 0 ? 0 : EXIT_USAGE;
  }
  const config = loadConfig(process.env);
  const clock = systemClock;
  const log = createLogger({ level: config.logLevel ?? 'warn', now: clock.now });
  const catalog = await loadCatalog(config.advisoriesDir, log, clock.now);
  const out: Output = { json, color: config.color && process.stdout.isTTY === true };

  switch (command) {
    case 'check': {
      const inputs = args.length === 1 && args[0] === '-' ? readStdinLines() : args;
      if (inputs.length === 0) {
        process.stderr.write(`check needs at least one version\n${USAGE}\n`);
        return EXIT_USAGE;
      }
      const stated = parsed.values.get('--product');
      const product = stated === undefined ? null : readProductName(stated);
      if (stated !== undefined && product === null) {
        process.stderr.write(`--product ${stated}: not a product this tool judges; use junos, junos-evo or screenos\n`);
        return EXIT_USAGE;
      }
      const platform = parsed.values.get('--platform') ?? null;
      const verdicts = inputs.map((input) => catalog.check(input, { product, platform }));
      if (out.json) print({ results: verdicts.map(verdictToJson) });
      else
        printReply(
          verdicts.length === 1 && verdicts[0]
            ? renderVerdictCard(verdicts[0])
            : renderVerdictSummary(verdicts, { fullCards: verdicts.length <= 3, leftOut: 0 }),
          out,
        );
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
      if (out.json)
        print({
          advisories: catalog.advisories.map((a) => ({
            id: a.id,
            title: a.title,
            published: a.published,
            cves: a.vulnerabilities.map((v) => v.id),
            source: primaryReference(a)?.url ?? null,
          })),
          problems: catalog.problems,
        });
      else
        printReply(
          await advisoriesCommand.run({
            args: '',
            message: { conversation: { platform: 'console', id: 'cli' }, author: { platform: 'console', id: 'cli' }, text: 'advisories', addressedToBot: true },
            services: { catalog, now: clock.now, log, inventory: null, admins: AdminList.parse('').admins, reminders: null, briefings: null },
          }),
          out,
        );
      return 0;
    }
    case 'audit':
      return runAudit(config, catalog, log, clock, parsed, out);
    default:
      process.stderr.write(`unknown command “${command}”\n${USAGE}\n`);
      return EXIT_USAGE;
  }
}

/**
 * `audit`: reads the inventory (the file given, else the configured file or NetBox) once, judges every
 * device, and takes each device's state from the store when one is configured (DATA_DIR or
 * DATABASE_URL): an acknowledged device then passes the gate, as it leaves reminders.
 */
async function runAudit(config: Config, catalog: AdvisoryCatalog, log: Logger, clock: Clock, parsed: CliArgs, out: Output): Promise<number> {
  const file = parsed.values.get('--inventory');
  const query = parsed.values.get('--advisory');
  const extra = parsed.words.slice(1);
  if (extra.length > 0) {
    process.stderr.write(`audit takes no “${extra.join(' ')}”; name the inventory with --inventory <file>\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  const advisory = query === undefined ? undefined : catalog.findAdvisory(query);
  if (query !== undefined && advisory === undefined) {
    process.stderr.write(`No loaded bulletin or CVE “${query}”. Loaded: ${catalog.advisories.map((a) => a.id).join(', ')}\n`);
    return EXIT_USAGE;
  }
  // The console demo's example fleet is a default of the chat, never something to gate a pipeline on.
  const configured = config.given.has('INVENTORY_FILE') || config.inventory?.kind === 'netbox' ? config.inventory : null;
  const inventory = file !== undefined ? { kind: 'file' as const, path: path.resolve(file) } : configured;
  if (inventory === null) {
    process.stderr.write(`audit needs an inventory: --inventory <file>, or INVENTORY_FILE, or NETBOX_URL and NETBOX_TOKEN\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (inventory.kind === 'file' && inventoryFileFormat(inventory.path) === null) {
    process.stderr.write(`--inventory: “${path.basename(inventory.path)}” must end in .csv, .json, .yaml or .yml\n`);
    return EXIT_USAGE;
  }
  const source = createSource(inventory, config.inventoryLimits, log, clock);
  let read;
  try {
    read = await source.read();
  } catch (error) {
    process.stderr.write(`The inventory (${source.description}) could not be read: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_SOFTWARE;
  }
  const states = await storedStates(config, log, clock);
  const now = clock.now();
  const id = advisory?.id;
  const views = auditViews(auditFleet(read.devices, catalog), states, now, id);
  const rows = auditRows(views, id);
  if (parsed.flags.has('--csv')) process.stdout.write(auditCsv(rows, id !== undefined));
  else if (out.json) {
    print({
      inventory: source.description,
      advisory: id ?? null,
      generatedAt: now.toISOString(),
      stateStore: storeNamed(config) ? (config.databaseUrl === null ? 'sqlite' : 'postgres') : null,
      counts: auditCounts(rows),
      devices: rows.map((r) => auditRowToJson(r, id !== undefined)),
      rejected: read.rejected,
    });
  } else {
    const lines = views.map((v) => deviceLine(v, id));
    const rejected = read.rejected.map((r) => `${r.ref}: ${r.reason}`);
    printReply(
      cardReply({
        title: `Audit of ${source.description}${id === undefined ? '' : ` for ${id}`}: ${rows.filter((r) => r.status === 'unpatched').length} unpatched of ${rows.length}`,
        tone: 'info',
        elements: [
          { kind: 'text', text: `${rows.length} device${rows.length === 1 ? '' : 's'}: ${countByStatus(views)}.` },
          { kind: 'list', title: 'Devices, most urgent first', items: lines.length > 0 ? lines : ['none'] },
          ...(rejected.length > 0 ? [{ kind: 'list' as const, title: `Rows left out of the audit (${rejected.length})`, items: rejected }] : []),
        ],
        actions: [],
      }),
      out,
    );
  }
  if (read.rejected.length > 0 && (parsed.flags.has('--csv') || out.json))
    process.stderr.write(`${read.rejected.length} inventory row(s) left out of the audit: ${read.rejected.map((r) => `${r.ref}: ${r.reason}`).join('; ')}\n`);
  return auditExitStatus(rows, read.rejected.length);
}

/** Whether someone named a store to read device states from: the default DATA_DIR does not count. */
function storeNamed(config: Config): boolean {
  return config.given.has('DATA_DIR') || config.databaseUrl !== null;
}

/** Device states from the configured store; none when no store is named (DATA_DIR or DATABASE_URL unset). */
async function storedStates(config: Config, log: Logger, clock: Clock): Promise<Map<string, DeviceState>> {
  if (!storeNamed(config)) return new Map();
  const store = await openConfiguredStore(config, log, clock);
  try {
    return new Map((await store.deviceStates()).map((s) => [s.device.toLowerCase(), s]));
  } finally {
    await store.close();
  }
}

function readStdinLines(): string[] {
  return readFileSync(0, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
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
    // A BotError is worded for the operator (it names the setting at fault); anything else is a bug.
    process.stderr.write(error instanceof BotError ? `${error.message}\n` : `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = error instanceof BotError && error.code === 'invalid_config' ? EXIT_CONFIG : EXIT_SOFTWARE;
  },
);
