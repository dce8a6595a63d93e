import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, type CsvIssue } from './csv.js';

const columns = ['name', 'email', 'year'] as const;

function parse(text: string, options: { maxRows?: number; maxBytes?: number } = {}) {
  return parseCsv(text, { columns, ...options });
}

/** The issues parseCsv throws for a text, failing the test if it throws nothing or something else. */
function issuesOf(text: string, options: { maxRows?: number; maxBytes?: number } = {}): CsvIssue[] {
  try {
    parse(text, options);
  } catch (error) {
    if (error instanceof CsvError) return error.issues;
    throw error;
  }
  throw new Error('expected a CsvError');
}

describe('parseCsv: what it accepts', () => {
  it('reads rows by header name, numbering lines as an editor does', () => {
    expect(parse('name,email,year\nAda,ada@example.org,2027-28\nBob,bob@example.org,2028-29\n')).toEqual([
      { line: 2, values: { name: 'Ada', email: 'ada@example.org', year: '2027-28' } },
      { line: 3, values: { name: 'Bob', email: 'bob@example.org', year: '2028-29' } },
    ]);
  });

  it('matches header names in any order, case and surrounding spaces', () => {
    expect(parse(' YEAR ,Name,eMail\n2027-28,Ada,ada@example.org')).toEqual([
      { line: 2, values: { name: 'Ada', email: 'ada@example.org', year: '2027-28' } },
    ]);
  });

  it('reads quoted values with commas, doubled quotes and line breaks', () => {
    const rows = parse('name,email,year\n"Smith, Jones ""and"" Co",a@b.org,"2027-\n28"\nNext,c@d.org,x\n');
    expect(rows).toEqual([
      { line: 2, values: { name: 'Smith, Jones "and" Co', email: 'a@b.org', year: '2027-\n28' } },
      { line: 4, values: { name: 'Next', email: 'c@d.org', year: 'x' } },
    ]);
  });

  it('accepts a byte-order mark and Windows line endings', () => {
    const rows = parse(
      '\uFEFFname,email,year\r\nAda,a@b.org,2027-28\r\n"Multi\r\nline",c@d.org,y\r\nLast,e@f.org,z\r\n',
    );
    expect(rows).toEqual([
      { line: 2, values: { name: 'Ada', email: 'a@b.org', year: '2027-28' } },
      { line: 3, values: { name: 'Multi\r\nline', email: 'c@d.org', year: 'y' } },
      { line: 5, values: { name: 'Last', email: 'e@f.org', year: 'z' } },
    ]);
  });

  it('accepts old Mac line endings (CR alone)', () => {
    expect(parse('name,email,year\rAda,a@b.org,1\rBob,c@d.org,2').map((row) => row.line)).toEqual([2, 3]);
  });

  it('ignores blank lines, trailing or not, and keeps counting them', () => {
    const rows = parse('\nname,email,year\n\nAda,a@b.org,1\n   \nBob,c@d.org,2\n\n\n');
    expect(rows.map((row) => [row.line, row.values.name])).toEqual([
      [4, 'Ada'],
      [6, 'Bob'],
    ]);
  });

  it('keeps empty values, quoted or not', () => {
    expect(parse('name,email,year\n,"",\n')).toEqual([
      { line: 2, values: { name: '', email: '', year: '' } },
    ]);
  });

  it('returns no rows for a header alone', () => {
    expect(parse('name,email,year\r\n')).toEqual([]);
  });
});

describe('parseCsv: what it refuses, naming the line', () => {
  it('refuses an empty file', () => {
    expect(issuesOf('')).toEqual([
      { line: undefined, message: 'The file is empty: its first line must be the header "name,email,year".' },
    ]);
    expect(issuesOf('\uFEFF\n\n')).toHaveLength(1);
  });

  it('refuses a wrong header, saying what is missing and what is unexpected', () => {
    expect(issuesOf('name,mail,year\nAda,a@b.org,1')).toEqual([
      { line: 1, message: 'the header must be "name,email,year" (missing email; unexpected "mail").' },
    ]);
    expect(issuesOf('\n\nname,email\n')).toEqual([
      { line: 3, message: 'the header must be "name,email,year" (missing year).' },
    ]);
    expect(issuesOf('name,email,year,name\n')[0]?.message).toContain('unexpected "name"');
  });

  it('refuses rows with a missing column or too many fields, listing every such line', () => {
    expect(issuesOf('name,email,year\nAda,a@b.org\nBob,c@d.org,2\nCy,Smith,e@f.org,3\n')).toEqual([
      {
        line: 2,
        message: '2 values where 3 (name,email,year) are expected: a column is missing.',
      },
      {
        line: 4,
        message:
          '4 values where 3 (name,email,year) are expected: put a value that contains a comma in double quotes.',
      },
    ]);
  });

  it('refuses a quote inside an unquoted value', () => {
    const issues = issuesOf('name,email,year\nThe "Best" Co,a@b.org,1\n');
    expect(issues).toHaveLength(1);
    expect(issues[0]?.line).toBe(2);
    expect(issues[0]?.message).toContain('a double quote inside a value that does not start with one');
  });

  it('refuses text after a closing quote', () => {
    const issues = issuesOf('name,email,year\nOk,a@b.org,1\n"The "Best" Co",a@b.org,1\n');
    expect(issues.map((issue) => issue.line)).toEqual([3]);
    expect(issues[0]?.message).toContain('text after the closing double quote');
  });

  it('refuses an unterminated quoted value, naming the line where it opens', () => {
    expect(issuesOf('name,email,year\nAda,a@b.org,1\nBob,"c@d.org,2\nCy,e@f.org,3\n')).toEqual([
      { line: 3, message: 'a value opened with a double quote on line 3 is never closed.' },
    ]);
  });

  it('reports a quoting problem in the header', () => {
    expect(issuesOf('name,"email,year\n')[0]?.line).toBe(1);
  });

  it('refuses more rows than allowed', () => {
    const text = `name,email,year\n${'a,b,c\n'.repeat(4)}`;
    expect(parse(text, { maxRows: 4 })).toHaveLength(4);
    expect(issuesOf(text, { maxRows: 3 })).toEqual([
      { line: undefined, message: 'The file has more than 3 rows; split it.' },
    ]);
  });

  it('refuses a file over the size limit, counting bytes rather than characters', () => {
    const text = `name,email,year\né,b,c\n`;
    expect(Buffer.byteLength(text)).toBe(text.length + 1);
    expect(parse(text, { maxBytes: text.length + 1 })).toHaveLength(1);
    expect(issuesOf(text, { maxBytes: text.length })[0]?.message).toMatch(/^The file is larger than/);
  });

  it('has the default limits of 10,000 rows and 2 MB', () => {
    expect(parse(`name,email,year\n${'a,b,c\n'.repeat(10_000)}`)).toHaveLength(10_000);
    expect(issuesOf(`name,email,year\n${'a,b,c\n'.repeat(10_001)}`)[0]?.message).toContain('10,000 rows');
    expect(issuesOf(`name,email,year\n${'x'.repeat(2 * 1024 * 1024)}`)[0]?.message).toContain('2 MB');
  });

  it('puts every issue in the error message, one per line', () => {
    expect(() => parse('name,email,year\na\nb\n')).toThrow(/^line 2: [^\n]+\nline 3: [^\n]+$/);
  });
});

/** A value written as a spreadsheet writes it: quoted when it must be, or when it may be. */
function encodeValue(value: string, forceQuotes: boolean): string {
  return forceQuotes || /[",\r\n]/.test(value) || value === '' ? `"${value.replaceAll('"', '""')}"` : value;
}

describe('parseCsv: properties', () => {
  it('never throws anything but a CsvError, whatever the text', () => {
    const csvish = fc.string({
      unit: fc.constantFrom('"', ',', '\n', '\r', 'a', ' ', '\uFEFF', 'name', 'email', 'year', 'é'),
      maxLength: 60,
    });
    fc.assert(
      fc.property(
        fc.oneof(
          csvish,
          fc.string({ unit: 'binary' }),
          csvish.map((s) => `name,email,year\n${s}`),
        ),
        (text) => {
          try {
            const rows = parse(text);
            for (const row of rows) expect(Object.keys(row.values).sort()).toEqual(['email', 'name', 'year']);
          } catch (error) {
            expect(error).toBeInstanceOf(CsvError);
            expect((error as CsvError).issues.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads back what was written, with the line each row starts on', () => {
    const value = fc.string({
      unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r\n', 'é', '-'),
      maxLength: 8,
    });
    const row = fc.tuple(value, value, value);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(row, fc.boolean()), { maxLength: 8 }),
        fc.constantFrom('\n', '\r\n'),
        (rows, eol) => {
          const lines = rows.map(([values, quote]) => values.map((v) => encodeValue(v, quote)).join(','));
          const text = ['name,email,year', ...lines].join(eol) + eol;
          const parsed = parse(text);
          expect(parsed.map((r) => [r.values.name, r.values.email, r.values.year])).toEqual(
            rows.map(([values]) => values),
          );
          let line = 2;
          for (const [index, [values, quote]] of rows.entries()) {
            expect(parsed[index]?.line).toBe(line);
            line +=
              1 +
              values
                .map((v) => encodeValue(v, quote))
                .join(',')
                .split(/\r\n|\r|\n/).length -
              1;
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
