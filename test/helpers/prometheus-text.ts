/**
 * A strict reader of Prometheus' text exposition format 0.0.4, written from the format's description
 * (https://prometheus.io/docs/instrumenting/exposition_formats/) rather than with prom-client, so that a
 * test reads what a scraper would: every line is a comment, a blank, or one sample; label values
 * unescape `\\`, `\"` and `\n`; every sample belongs to a family declared by `# TYPE`. Anything else
 * throws, naming the line.
 */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Exposition {
  readonly samples: readonly Sample[];
  /** Family name → type (`counter`, `gauge`, `histogram`, `summary`, `untyped`). */
  readonly types: ReadonlyMap<string, string>;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES = ['_bucket', '_sum', '_count', '_total', '_created', ''];

export function parseExposition(text: string): Exposition {
  if (!text.endsWith('\n')) throw new Error('the exposition does not end with a line feed');
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((line, index) => {
    const where = `line ${index + 1}: ${JSON.stringify(line.slice(0, 80))}`;
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\S+)$/.exec(line);
      if (type !== null) {
        if (!TYPES.has(type[2] ?? '')) throw new Error(`${where}: unknown type`);
        if (types.has(type[1] ?? '')) throw new Error(`${where}: a second TYPE for one family`);
        types.set(type[1] ?? '', type[2] ?? '');
      } else if (/^# (HELP|TYPE)\b/.test(line) && !/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]*( |$)/.test(line)) {
        throw new Error(`${where}: malformed HELP or TYPE`);
      }
      return;
    }
    const sample = readSample(line, where);
    const family = SUFFIXES.map((s) => (s !== '' && sample.name.endsWith(s) ? sample.name.slice(0, -s.length) : s === '' ? sample.name : null)).find(
      (f) => f !== null && types.has(f),
    );
    if (family === undefined) throw new Error(`${where}: no TYPE declares the family of ${sample.name}`);
    samples.push(sample);
  });
  return { samples, types };
}

function readSample(line: string, where: string): Sample {
  const name = NAME.exec(line)?.[0];
  if (name === undefined) throw new Error(`${where}: no metric name`);
  let at = name.length;
  const labels: Record<string, string> = {};
  if (line[at] === '{') {
    at++;
    while (line[at] !== '}') {
      const label = LABEL_NAME.exec(line.slice(at))?.[0];
      if (label === undefined) throw new Error(`${where}: a label name is expected at column ${at + 1}`);
      at += label.length;
      if (line.slice(at, at + 2) !== '="') throw new Error(`${where}: ="…" is expected after ${label}`);
      at += 2;
      let value = '';
      for (;;) {
        const char = line[at];
        if (char === undefined) throw new Error(`${where}: the value of ${label} is not closed`);
        if (char === '"') break;
        if (char === '\\') {
          const next = line[at + 1];
          if (next === 'n') value += '\n';
          else if (next === '\\' || next === '"') value += next;
          else throw new Error(`${where}: unknown escape \\${next ?? ''} in ${label}`);
          at += 2;
        } else {
          value += char;
          at++;
        }
      }
      at++;
      if (label in labels) throw new Error(`${where}: label ${label} twice`);
      labels[label] = value;
      if (line[at] === ',') at++;
      else if (line[at] !== '}') throw new Error(`${where}: , or } is expected after ${label}`);
    }
    at++;
  }
  const rest = line.slice(at);
  const match = /^ (\S+)(?: (-?\d+))?$/.exec(rest);
  if (match === null) throw new Error(`${where}: a value is expected after the labels`);
  const text = match[1] ?? '';
  const value = text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : /^nan$/i.test(text) ? NaN : Number(text);
  if (Number.isNaN(value) && !/^nan$/i.test(text)) throw new Error(`${where}: “${text}” is not a number`);
  return { name, labels, value };
}

/** The samples of one metric whose labels include `labels`. */
export function samplesOf(exposition: Exposition, name: string, labels: Readonly<Record<string, string>> = {}): Sample[] {
  return exposition.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** The value of the one sample of `name` with exactly these labels; throws when there is none or several. */
export function valueOf(exposition: Exposition, name: string, labels: Readonly<Record<string, string>> = {}): number {
  const found = exposition.samples.filter((s) => s.name === name && sameLabels(s.labels, labels));
  if (found.length !== 1) throw new Error(`${found.length} samples of ${name}${JSON.stringify(labels)}`);
  return found[0]?.value ?? NaN;
}

function sameLabels(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
