import { BotError } from '../errors.ts';

/** One record of a CSV file and the physical line it starts on, which a quoted newline can make differ from its index. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

/** A CSV file read as a header and the records after it. */
export interface CsvTable {
  /** The first record that is not blank; empty when the text has no records at all. */
  readonly header: readonly string[];
  /** The line the header starts on; 0 when there is no header. */
  readonly headerLine: number;
  readonly records: readonly CsvRecord[];
}

/** Text that is not CSV at all: a quote never closed, or text after a closing quote. */
export class CsvSyntaxError extends BotError {
  readonly line: number;

  constructor(line: number, problem: string) {
    super('csv_syntax', `line ${line}: ${problem}`);
    this.name = 'CsvSyntaxError';
    this.line = line;
  }
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Parses CSV as RFC 4180 writes it, plus what spreadsheets add: a UTF-8 byte order mark is dropped, and
 * CRLF, LF and a lone CR all end a line. Quoted fields may hold commas, doubled quotes and line breaks
 * (kept as written). A line that is empty or only spaces is skipped; a quoted empty field is not.
 * Fields are not trimmed: `a, b` gives ` b`, as the RFC says.
 *
 * Lenient in one place only: a quote inside an unquoted field (`19" rack`) is kept as text, because
 * spreadsheets write such fields that way. Strict elsewhere: a quote that is never closed, or text after
 * a closing quote (`"a"b`), throws a {@link CsvSyntaxError} naming the line, since guessing there would
 * shift every later field.
 */
export function parseCsv(text: string): CsvTable {
  const records = readRecords(text);
  const [header, ...rest] = records;
  return { header: header?.fields ?? [], headerLine: header?.line ?? 0, records: rest };
}

function readRecords(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const end = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;

  while (pos < end) {
    const recordLine = line;
    const fields: string[] = [];
    let quoted = false;
    let recordDone = false;
    while (!recordDone) {
      if (text.charCodeAt(pos) === QUOTE) {
        quoted = true;
        // The closing quote is the first one that is not doubled. The field is then sliced once and its
        // doubled quotes undone in one pass: collecting the pieces between them would build an array as
        // long as the field has quotes.
        const start = pos + 1;
        let close = text.indexOf('"', start);
        let doubled = false;
        while (close >= 0 && text.charCodeAt(close + 1) === QUOTE) {
          doubled = true;
          close = text.indexOf('"', close + 2);
        }
        if (close < 0) throw new CsvSyntaxError(line, `a quoted field (field ${fields.length + 1}) is never closed`);
        const raw = text.slice(start, close);
        line += countLineBreaks(raw);
        fields.push(doubled ? raw.replaceAll('""', '"') : raw);
        pos = close + 1;
        if (pos < end && !isDelimiter(text.charCodeAt(pos))) {
          throw new CsvSyntaxError(line, `text after the closing quote of field ${fields.length}`);
        }
      } else {
        let stop = pos;
        while (stop < end && !isDelimiter(text.charCodeAt(stop))) stop++;
        fields.push(text.slice(pos, stop));
        pos = stop;
      }

      if (pos >= end) {
        recordDone = true;
      } else if (text.charCodeAt(pos) === COMMA) {
        // A comma at the very end of the text still opens one last, empty field.
        pos++;
      } else {
        pos += text.charCodeAt(pos) === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
        line++;
        recordDone = true;
      }
    }
    if (!quoted && fields.length === 1 && fields[0]?.trim() === '') continue;
    records.push({ line: recordLine, fields });
  }
  return records;
}

function isDelimiter(code: number): boolean {
  return code === COMMA || code === CR || code === LF;
}

/** Line breaks inside a quoted chunk: CRLF counts once, like a lone CR or LF. */
function countLineBreaks(chunk: string): number {
  let count = 0;
  for (let i = 0; i < chunk.length; i++) {
    const code = chunk.charCodeAt(i);
    if (code === LF || (code === CR && chunk.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}
