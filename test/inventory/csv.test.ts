import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CsvSyntaxError, parseCsv } from '../../src/domain/fleet/csv.ts';

/** Records as `[line, ...fields]`, which reads well in a table. */
function rows(text: string): (number | string)[][] {
  return parseCsv(text).records.map((r) => [r.line, ...r.fields]);
}

describe('parseCsv', () => {
  it('reads the first record as the header and numbers the rest by their line', () => {
    const table = parseCsv('name,version\nfw1,6.3.0r19\nfw2,6.2.0r16\n');
    assert.deepEqual(table.header, ['name', 'version']);
    assert.equal(table.headerLine, 1);
    assert.deepEqual(rows('name,version\nfw1,6.3.0r19\nfw2,6.2.0r16\n'), [
      [2, 'fw1', '6.3.0r19'],
      [3, 'fw2', '6.2.0r16'],
    ]);
  });

  it('drops a UTF-8 byte order mark so that the first column is named as written', () => {
    const table = parseCsv('\uFEFFname,version\nfw1,6.3.0r19\n');
    assert.deepEqual(table.header, ['name', 'version']);
    assert.deepEqual(table.records[0]?.fields, ['fw1', '6.3.0r19']);
  });

  it('keeps a comma inside a quoted field', () => {
    assert.deepEqual(rows('name,site\n"fw1","New York, NY"\n'), [[2, 'fw1', 'New York, NY']]);
  });

  it('reads a doubled quote inside a quoted field as one quote', () => {
    assert.deepEqual(rows('name,note\nfw1,"the ""old"" box"\nfw2,""""\n'), [
      [2, 'fw1', 'the "old" box'],
      [3, 'fw2', '"'],
    ]);
  });

  it('keeps a newline inside quotes and still numbers the next records by their physical line', () => {
    const text = 'name,note\nfw1,"first line\nsecond line\nthird line"\nfw2,plain\nfw3,"a\r\nb"\nfw4,last\n';
    assert.deepEqual(rows(text), [
      [2, 'fw1', 'first line\nsecond line\nthird line'],
      [5, 'fw2', 'plain'],
      [6, 'fw3', 'a\r\nb'],
      [8, 'fw4', 'last'],
    ]);
  });

  it('accepts CRLF line ends, and a last line without one', () => {
    assert.deepEqual(rows('name,version\r\nfw1,6.3.0r19\r\nfw2,6.3.0r20'), [
      [2, 'fw1', '6.3.0r19'],
      [3, 'fw2', '6.3.0r20'],
    ]);
  });

  it('treats a lone CR as a line end, as old Mac spreadsheets wrote them', () => {
    assert.deepEqual(rows('name,version\rfw1,6.3.0r19\r'), [[2, 'fw1', '6.3.0r19']]);
  });

  it('skips blank and whitespace-only lines but counts them for line numbers', () => {
    const text = '\n\nname,version\n\nfw1,6.3.0r19\n   \r\n\r\nfw2,6.2.0r16\n\n';
    const table = parseCsv(text);
    assert.equal(table.headerLine, 3);
    assert.deepEqual(rows(text), [
      [5, 'fw1', '6.3.0r19'],
      [8, 'fw2', '6.2.0r16'],
    ]);
  });

  it('keeps a line that holds a quoted empty field, since it was written on purpose', () => {
    assert.deepEqual(rows('name\n""\n'), [[2, '']]);
  });

  it('keeps empty fields, including a trailing one after the last comma', () => {
    assert.deepEqual(rows('a,b,c\n,,\nx,,\nx,y,'), [
      [2, '', '', ''],
      [3, 'x', '', ''],
      [4, 'x', 'y', ''],
    ]);
  });

  it('does not trim fields and keeps a quote inside an unquoted field as text', () => {
    assert.deepEqual(rows('a,b\n fw1 ,19" rack\n'), [[2, ' fw1 ', '19" rack']]);
  });

  it('returns an empty header and no records for empty text', () => {
    assert.deepEqual(parseCsv(''), { header: [], headerLine: 0, records: [] });
    assert.deepEqual(parseCsv('\uFEFF\n\n'), { header: [], headerLine: 0, records: [] });
  });

  it('rejects a quote that is never closed, naming the line where it opened', () => {
    const text = 'name,note\nfw1,ok\nfw2,"never closed\nfw3,more\nfw4,still inside\n';
    assert.throws(
      () => parseCsv(text),
      (error: unknown) =>
        error instanceof CsvSyntaxError &&
        error.line === 3 &&
        error.code === 'csv_syntax' &&
        /^line 3: a quoted field \(field 2\) is never closed$/.test(error.message),
    );
  });

  it('rejects text after a closing quote instead of guessing where the field ends', () => {
    assert.throws(
      () => parseCsv('name,note\nfw1,"a\nb"c,d\n'),
      (error: unknown) => error instanceof CsvSyntaxError && error.line === 3 && /closing quote of field 2/.test(error.message),
    );
  });

  it('reads back any fields that a writer quoting every field produced, with their starting lines', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'Z', '7', ' ', ',', '"', '\n', '\r', '\r\n', 'ü', '\uFEFF') });
    const table = fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r\n'), (records, eol) => {
        const lines = records.map((fields) => fields.map((f) => `"${f.replaceAll('"', '""')}"`).join(','));
        const parsed = parseCsv(lines.join(eol) + eol);
        const all = [{ line: parsed.headerLine, fields: parsed.header }, ...parsed.records];
        assert.deepEqual(
          all.map((r) => r.fields),
          records,
        );
        let line = 1;
        lines.forEach((text, i) => {
          assert.equal(all[i]?.line, line);
          line += text.split(/\r\n|\r|\n/).length;
        });
      }),
    );
  });
});
