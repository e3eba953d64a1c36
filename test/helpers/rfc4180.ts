/**
 * A strict reader of RFC 4180 CSV, written for the tests apart from the inventory's lenient reader: every
 * record ends in CRLF, a field is either bare (no quote, comma, CR or LF) or wholly quoted with its quotes
 * doubled. Anything else throws, so a writer that is merely lenient-compatible fails here.
 */
export function readRfc4180(text: string): string[][] {
  const records: string[][] = [];
  let at = 0;
  while (at < text.length) {
    const record: string[] = [];
    for (;;) {
      let field = '';
      if (text[at] === '"') {
        at++;
        for (;;) {
          const char = text[at];
          if (char === undefined) throw new Error(`a quoted field is not closed (record ${records.length + 1})`);
          if (char === '"' && text[at + 1] === '"') {
            field += '"';
            at += 2;
          } else if (char === '"') {
            at++;
            break;
          } else {
            field += char;
            at++;
          }
        }
      } else {
        while (at < text.length && text[at] !== ',' && text[at] !== '\r' && text[at] !== '\n') {
          if (text[at] === '"') throw new Error(`a quote inside a bare field (record ${records.length + 1})`);
          field += text[at];
          at++;
        }
      }
      record.push(field);
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text.slice(at, at + 2) !== '\r\n') throw new Error(`record ${records.length + 1} does not end in CRLF`);
      at += 2;
      break;
    }
    records.push(record);
  }
  return records;
}
