import { describe, expect, it } from 'vitest';
import { jsonRequest } from '../../../tests/helpers/portal.js';
import {
  useImportPortal,
  test,
  staff,
  PARTNERS_HEADER,
  type Problem,
  csv,
  apiImport,
  imported,
  refused,
  partnersIn,
  yearExists,
  givenPartners,
} from './imports.fixture.js';

// Importing partners from CSV through the API: what it creates and updates, dry runs, and every refusal.

useImportPortal();

describe('POST /api/v1/imports/partners', () => {
  it('creates the partners and the year they name, each partner its own lead organization', async () => {
    const year = '2040-41';
    const result = await imported(
      'partners',
      csv(
        PARTNERS_HEADER,
        'Cascade CS Alliance,Ana Ruiz,ana@cascade.example.org,2040-41',
        '"Puget Sound Educators, Inc.",Sam Lee,SAM@puget.example.org,2040-41',
      ),
    );
    expect(result).toMatchObject({ kind: 'partners', dryRun: false, created: 2, updated: 0, unchanged: 0 });
    expect(result.programYearsCreated).toEqual([year]);
    // The portal had no year: the first one created becomes current, and the result says so.
    expect(result.currentProgramYear).toBe(year);
    expect(result.lines).toEqual([
      {
        line: 2,
        outcome: 'created',
        programYear: year,
        partner: 'Cascade CS Alliance',
        region: null,
        detail: 'New partner',
      },
      {
        line: 3,
        outcome: 'created',
        programYear: year,
        partner: 'Puget Sound Educators, Inc.',
        region: null,
        detail: 'New partner',
      },
    ]);
    const partners = await partnersIn(year);
    expect(partners.map(({ name, contactName, contactEmail }) => [name, contactName, contactEmail])).toEqual([
      ['Cascade CS Alliance', 'Ana Ruiz', 'ana@cascade.example.org'],
      ['Puget Sound Educators, Inc.', 'Sam Lee', 'sam@puget.example.org'],
    ]);
    const partner = await fetch(
      `${test.url}/api/v1/partners/${partners[1]?.id ?? ''}`,
      jsonRequest(test, 'GET', undefined, staff.cookie),
    );
    expect(await partner.json()).toMatchObject({
      organizations: [{ name: 'Puget Sound Educators, Inc.', role: 'lead' }],
      active: true,
    });
  });

  it('is idempotent: the same file again changes nothing; a changed contact is updated, only that', async () => {
    const year = '2041-42';
    const file = csv(
      PARTNERS_HEADER,
      `Alpha,Al One,al@example.org,${year}`,
      `Beta,Bea Two,bea@example.org,${year}`,
    );
    await imported('partners', file);
    const before = await partnersIn(year);

    const again = await imported('partners', file);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, programYearsCreated: [] });
    expect(again.lines.map((line) => line.detail)).toEqual(['Unchanged', 'Unchanged']);
    expect(await partnersIn(year)).toEqual(before);

    const changed = await imported(
      'partners',
      csv(PARTNERS_HEADER, `Alpha,Al One,al@example.org,${year}`, `Beta,Bea Three,bea3@example.org,${year}`),
    );
    expect(changed).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect(changed.lines[1]?.detail).toBe(
      'Updated contact name "Bea Two" → "Bea Three", contact email bea@example.org → bea3@example.org',
    );
    const after = await partnersIn(year);
    expect(after.map((p) => p.id)).toEqual(before.map((p) => p.id));
    expect(after[1]).toMatchObject({ contactName: 'Bea Three', contactEmail: 'bea3@example.org' });
  });

  it('with dryRun reports what would change and writes nothing, not even the year', async () => {
    const result = await imported('partners', csv(PARTNERS_HEADER, 'Gamma,G,g@example.org,2042-43'), true);
    expect(result).toMatchObject({ dryRun: true, created: 1, programYearsCreated: ['2042-43'] });
    expect(result.lines[0]).toMatchObject({ line: 2, outcome: 'created', partner: 'Gamma' });
    expect(await yearExists('2042-43')).toBe(false);
  });

  it('writes nothing from a file with bad lines, and lists every one with its reason', async () => {
    const year = '2043-44';
    const problem = await refused(
      'partners',
      csv(
        PARTNERS_HEADER,
        `Good One,Ann,ann@example.org,${year}`,
        `Bad Mail,Bob,not-an-email,${year}`,
        `Good Two,Cy,cy@example.org,${year}`,
        'Bad Year,Di,di@example.org,2043-45',
        `Good One,Someone Else,else@example.org,${year}`,
      ),
    );
    expect(problem.code).toBe('IMPORT_INVALID');
    expect(problem.detail).toBe('Nothing was imported: the file has 3 problems.');
    expect(problem.errors).toEqual([
      { path: 'line 3', message: 'contact_email: Enter an email address like name@example.org.' },
      { path: 'line 5', message: 'program_year: The second year must follow the first, like 2027-28.' },
      { path: 'line 6', message: `"Good One" in ${year} is also on line 2, with another contact.` },
    ]);
    expect(await yearExists(year)).toBe(false);
  });

  it('refuses a name that differs from an existing partner’s only in capitals', async () => {
    const year = '2044-45';
    await givenPartners(year, 'Delta Learning');
    const problem = await refused('partners', csv(PARTNERS_HEADER, `DELTA LEARNING,X,x@example.org,${year}`));
    expect(problem.errors).toEqual([
      {
        path: 'line 2',
        message: `a partner named "Delta Learning" already exists in ${year}; write its name exactly like that to update it.`,
      },
    ]);
  });

  it('accepts a byte-order mark and Windows line endings', async () => {
    const text = `\uFEFF${PARTNERS_HEADER}\r\nEpsilon,Eve,eve@example.org,2045-46\r\n"Zeta\r\nWest",Zed,zed@example.org,2045-46\r\n`;
    const result = await imported('partners', text);
    expect(result.lines.map((line) => [line.line, line.partner])).toEqual([
      [2, 'Epsilon'],
      [3, 'Zeta\r\nWest'],
    ]);
  });

  it('refuses a bad header, a missing column and a stray quote, naming the lines', async () => {
    const header = await refused(
      'partners',
      csv('name,contact,contact_email,program_year', 'A,B,c@d.org,2046-47'),
    );
    expect(header.errors).toEqual([
      {
        path: 'line 1',
        message:
          'the header must be "name,contact_name,contact_email,program_year" (missing contact_name; unexpected "contact").',
      },
    ]);

    const columns = await refused(
      'partners',
      csv(PARTNERS_HEADER, 'A,B,c@d.org,2046-47', 'Short,B,2046-47', 'The "Best" Co,B,c@d.org,2046-47'),
    );
    expect(columns.errors?.map((error) => error.path)).toEqual(['line 3', 'line 4']);
    expect(columns.errors?.[0]?.message).toContain('a column is missing');
    expect(columns.errors?.[1]?.message).toContain('a double quote inside a value');

    const unterminated = await refused('partners', csv(PARTNERS_HEADER, '"Open,B,c@d.org,2046-47'));
    expect(unterminated.errors).toEqual([
      { path: 'line 2', message: 'a value opened with a double quote on line 2 is never closed.' },
    ]);

    const empty = await refused('partners', '');
    expect(empty.errors).toEqual([
      {
        path: 'csv',
        message: `The file is empty: its first line must be the header "${PARTNERS_HEADER}".`,
      },
    ]);
    expect(await yearExists('2046-47')).toBe(false);
  });

  it('answers 400 to a body without the CSV text', async () => {
    const response = await apiImport('partners', { dryRun: 'yes' });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Problem;
    expect(problem.errors?.map((error) => error.path).sort()).toEqual(['csv', 'dryRun']);
  });
});
