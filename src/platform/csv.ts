/**
 * CSV as RFC 4180 defines it (comma-separated, fields optionally in double quotes, a quote inside a quoted field
 * doubled), read leniently where spreadsheets differ harmlessly (a byte-order mark, LF or CRLF line endings,
 * blank lines, header case) and strictly where a guess could put a value in the wrong column.
 */

export const CSV_MAX_BYTES = 2 * 1024 * 1024;
export const CSV_MAX_ROWS = 10_000;

/** A problem with a line of the file (numbered from 1, as an editor counts them), or with the whole file. */
export interface CsvIssue {
  line: number | undefined;
  message: string;
}

/** Every problem found in a file, so that a person can fix them all in one pass. */
export class CsvError extends Error {
  readonly issues: CsvIssue[];

  constructor(issues: CsvIssue[]) {
    super(
      issues.map((issue) => (issue.line ? `line ${issue.line}: ${issue.message}` : issue.message)).join('\n'),
    );
    this.name = 'CsvError';
    this.issues = issues;
  }
}

export interface CsvRow<C extends string> {
  /** The line the row starts on (a quoted value may span several). */
  line: number;
  values: Record<C, string>;
}

export interface CsvOptions<C extends string> {
  /** The header's column names, lowercase; the file may list them in any order and any case. */
  columns: readonly C[];
  maxRows?: number;
  maxBytes?: number;
}

/** Reads a CSV file whose first line is a header naming exactly `columns`; throws CsvError listing every problem. */
export function parseCsv<C extends string>(text: string, options: CsvOptions<C>): CsvRow<C>[] {
  const { columns, maxRows = CSV_MAX_ROWS, maxBytes = CSV_MAX_BYTES } = options;
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new CsvError([
      fileIssue(`The file is larger than ${maxBytes / 1024 / 1024} MB; split it into smaller files.`),
    ]);
  }
  const records = readRecords(text.replace(/^\uFEFF/, ''));
  const order = readHeader(records, columns);
  const rows: CsvRow<C>[] = [];
  const issues: CsvIssue[] = [];
  let count = 0;
  for (const record of records) {
    if (isBlank(record)) continue;
    if (++count > maxRows) {
      throw new CsvError([
        fileIssue(`The file has more than ${maxRows.toLocaleString('en-US')} rows; split it.`),
      ]);
    }
    const problem = record.error ?? fieldCountProblem(record.fields.length, columns);
    if (problem) issues.push({ line: record.line, message: problem });
    else rows.push({ line: record.line, values: valuesOf(record.fields, order) });
  }
  if (issues.length > 0) throw new CsvError(issues);
  return rows;
}

function fileIssue(message: string): CsvIssue {
  return { line: undefined, message };
}

interface RawRecord {
  line: number;
  fields: string[];
  quoted: boolean;
  /** The first problem in the record; its fields are then not to be trusted. */
  error: string | undefined;
}

/** The header decides which position holds which column. */
function readHeader<C extends string>(records: Generator<RawRecord>, columns: readonly C[]): C[] {
  const expected = `"${columns.join(',')}"`;
  let header = records.next();
  while (!header.done && isBlank(header.value)) header = records.next();
  if (header.done) {
    throw new CsvError([fileIssue(`The file is empty: its first line must be the header ${expected}.`)]);
  }
  const { line, fields, error } = header.value;
  if (error) throw new CsvError([{ line, message: error }]);
  const names = fields.map((field) => field.trim().toLowerCase());
  const missing = columns.filter((column) => !names.includes(column));
  const unexpected = names.filter((name, index) => !isColumn(name, columns) || names.indexOf(name) !== index);
  if (missing.length > 0 || unexpected.length > 0) {
    const details = [
      missing.length > 0 && `missing ${missing.join(', ')}`,
      unexpected.length > 0 && `unexpected ${unexpected.map((name) => `"${name}"`).join(', ')}`,
    ].filter(Boolean);
    throw new CsvError([{ line, message: `the header must be ${expected} (${details.join('; ')}).` }]);
  }
  return names as C[];
}

function isColumn<C extends string>(name: string, columns: readonly C[]): name is C {
  return (columns as readonly string[]).includes(name);
}

function valuesOf<C extends string>(fields: string[], order: C[]): Record<C, string> {
  return Object.fromEntries(order.map((column, index) => [column, fields[index] ?? ''])) as Record<C, string>;
}

function fieldCountProblem(count: number, columns: readonly string[]): string | undefined {
  if (count === columns.length) return undefined;
  const expected = `${columns.length} (${columns.join(',')})`;
  return count < columns.length
    ? `${count} ${count === 1 ? 'value' : 'values'} where ${expected} are expected: a column is missing.`
    : `${count} values where ${expected} are expected: put a value that contains a comma in double quotes.`;
}

/** A line with nothing on it (or only spaces) is not a row: pasted text often ends with several. */
function isBlank(record: RawRecord): boolean {
  return (
    !record.quoted && record.error === undefined && record.fields.length === 1 && !record.fields[0]?.trim()
  );
}

const STRAY_QUOTE =
  'a double quote inside a value that does not start with one; put the whole value in double quotes and double ' +
  'the quote inside, like "5"" disk".';
const TEXT_AFTER_QUOTE =
  'text after the closing double quote of a value; a double quote inside a quoted value is written twice ("").';

/** Splits the text into records. Lines end with LF, CRLF or CR; inside double quotes they are part of the value. */
function* readRecords(text: string): Generator<RawRecord> {
  let pos = 0;
  let line = 1;
  while (pos < text.length) {
    const record: RawRecord = { line, fields: [], quoted: false, error: undefined };
    for (;;) {
      if (text[pos] === '"') {
        const quoted = readQuoted(text, pos + 1);
        if (!quoted) {
          record.error = `a value opened with a double quote on line ${line} is never closed.`;
          yield record;
          return;
        }
        line += quoted.lineBreaks;
        const rest = readUnquoted(text, quoted.end);
        if (rest.value !== '') record.error ??= TEXT_AFTER_QUOTE;
        record.fields.push(quoted.value);
        record.quoted = true;
        pos = rest.end;
      } else {
        const field = readUnquoted(text, pos);
        if (field.value.includes('"')) record.error ??= STRAY_QUOTE;
        record.fields.push(field.value);
        pos = field.end;
      }
      if (text[pos] !== ',') break;
      pos += 1;
    }
    if (pos < text.length) {
      pos += text.startsWith('\r\n', pos) ? 2 : 1;
      line += 1;
    }
    yield record;
  }
}

/** The text up to the next comma, line break or the end. */
function readUnquoted(text: string, from: number): { value: string; end: number } {
  let end = from;
  while (end < text.length) {
    const char = text[end];
    if (char === ',' || char === '\n' || char === '\r') break;
    end += 1;
  }
  return { value: text.slice(from, end), end };
}

/** A quoted value from just after its opening quote; undefined when the closing quote never comes. */
function readQuoted(
  text: string,
  from: number,
): { value: string; end: number; lineBreaks: number } | undefined {
  let value = '';
  let pos = from;
  for (;;) {
    const quote = text.indexOf('"', pos);
    if (quote === -1) return undefined;
    value += text.slice(pos, quote);
    if (text[quote + 1] !== '"') return { value, end: quote + 1, lineBreaks: countLineBreaks(value) };
    value += '"';
    pos = quote + 2;
  }
}

function countLineBreaks(value: string): number {
  return value.match(/\r\n|\r|\n/g)?.length ?? 0;
}
