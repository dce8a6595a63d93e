import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../tests/helpers/portal.js';
import { runCli } from '../../cli/cli.js';
import { ccdDistrict, ccdDistrictFile, ccdSchool, ccdSchoolFile } from './schools.fixture.js';
import { addSchool } from './schools.service.js';

let test: TestPortal;
let dir: string;
beforeAll(async () => {
  test = await startTestPortal();
  dir = mkdtempSync(join(tmpdir(), 'portal-schools-'));
});
afterAll(async () => {
  await test.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await test.deps.db.kysely.deleteFrom('schools').execute();
  await test.deps.db.kysely.deleteFrom('districts').execute();
});

/** `npm run cli -- …` in-process against the test database, with what it prints. */
async function cli(...args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const status = await runCli(args, {
    env: {
      DATABASE_URL: test.portal.deps.config.databaseUrl,
      AUTH_SECRET: 'c'.repeat(32),
      NODE_ENV: 'development',
    },
    stdout: (message) => stdout.push(message),
    stderr: (message) => stderr.push(message),
  });
  return { status, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function schoolCount(): Promise<number> {
  const row = await test.deps.db.kysely
    .selectFrom('schools')
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

async function schoolByNcesId(ncesId: string) {
  return test.deps.db.kysely
    .selectFrom('schools')
    .selectAll()
    .where('ncesId', '=', ncesId)
    .executeTakeFirstOrThrow();
}

const schools = (count: number) => Array.from({ length: count }, (_, index) => ccdSchool(index));

describe('schools:import', () => {
  it('imports 2,000 schools with their leading zeros and counties, then finds nothing new in the same file', async () => {
    const path = file('ccd_sch.csv', ccdSchoolFile(schools(2000)));
    const started = performance.now();
    const first = await cli('schools:import', path);
    const seconds = (performance.now() - started) / 1000;
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe(
      'Imported 2,000 schools: 2,000 added, 0 updated, 0 unchanged; 0 marked closed; 0 skipped.',
    );
    expect(first.status).toBe(0);
    // 2,000 rows well inside their share of the minute the issue allows 100,000 (bench/schools-import.ts).
    expect(seconds).toBeLessThan(10);
    expect(await schoolCount()).toBe(2000);

    const zeroth = ccdSchool(0);
    expect(zeroth.NCESSCH).toBe('010000500000');
    const stored = await schoolByNcesId(zeroth.NCESSCH);
    expect(stored).toMatchObject({
      ncesId: '010000500000',
      districtNcesId: '0100005',
      name: zeroth.SCH_NAME,
      nameKey: 'test school 0',
      zip: zeroth.LZIP,
      state: zeroth.LSTATE,
      source: 'nces',
      closed: 0,
      charter: 0,
      gradeLow: 'KG',
      gradeHigh: '05',
    });
    expect(stored.county).toEqual(expect.any(String));

    const again = await cli('schools:import', path);
    expect(again.stdout).toBe(
      'Imported 2,000 schools: 0 added, 0 updated, 2,000 unchanged; 0 marked closed; 0 skipped.',
    );
    expect(await schoolByNcesId(zeroth.NCESSCH)).toEqual(stored);
  });

  it('updates a newer year in place, keeping the row’s id, and marks a closed school without deleting it', async () => {
    await cli('schools:import', file('2023.csv', ccdSchoolFile(schools(3))));
    const before = await schoolByNcesId(ccdSchool(1).NCESSCH);
    const newer = [
      ccdSchool(0),
      ccdSchool(1, { SCH_NAME: 'Renamed Academy', CHARTER_TEXT: 'Yes' }),
      ccdSchool(2, { SY_STATUS_TEXT: 'Closed' }),
      ccdSchool(3, { SY_STATUS_TEXT: 'New' }),
    ];
    const result = await cli('schools:import', file('2024.csv', ccdSchoolFile(newer)));
    expect(result.stdout).toBe(
      'Imported 4 schools: 1 added, 2 updated, 1 unchanged; 1 marked closed; 0 skipped.',
    );
    const renamed = await schoolByNcesId(ccdSchool(1).NCESSCH);
    expect(renamed).toMatchObject({
      id: before.id,
      createdAt: before.createdAt,
      name: 'Renamed Academy',
      nameKey: 'renamed academy',
      charter: 1,
    });
    expect((await schoolByNcesId(ccdSchool(2).NCESSCH)).closed).toBe(1);
    expect(await schoolCount()).toBe(4);

    // A later file that no longer lists the closed school leaves it as it is: marked, never deleted.
    await cli('schools:import', file('2025.csv', ccdSchoolFile([ccdSchool(0)])));
    expect((await schoolByNcesId(ccdSchool(2).NCESSCH)).closed).toBe(1);
  });

  it('turns a school staff added by hand into the directory’s, by its name and ZIP code, keeping its row', async () => {
    const staff = {
      id: 'staff-1',
      email: 's@example.org',
      name: 'S',
      roles: ['staff' as const],
      partnerIds: [],
    };
    const added = await addSchool(test.deps, {
      actor: staff,
      input: { name: 'Lakeview  middle school', city: 'Seattle', zip: '98101' },
    });
    const listed = ccdSchool(0, {
      SCH_NAME: 'Lakeview Middle School',
      LZIP: '98101',
      LSTATE: 'WA',
      LCITY: 'Seattle',
    });
    const result = await cli('schools:import', file('claims.csv', ccdSchoolFile([listed, ccdSchool(1)])));
    expect(result.stdout).toBe(
      'Imported 2 schools: 1 added, 1 updated, 0 unchanged; 0 marked closed; 0 skipped.',
    );
    expect(await schoolByNcesId(listed.NCESSCH)).toMatchObject({
      id: added.id,
      name: 'Lakeview Middle School',
      source: 'nces',
      districtNcesId: listed.LEAID,
    });
    expect(await schoolCount()).toBe(2);
  });

  it('reads a tab-separated file with a byte-order mark, its columns in another order, quote marks as text', async () => {
    const rows = [ccdSchool(0, { SCH_NAME: 'Grace "Gigi" Hopper Elementary' }), ccdSchool(1)];
    const tab = ccdSchoolFile(rows, { delimiter: '\t', bom: true });
    const result = await cli('schools:import', file('ccd_sch.txt', tab));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect((await schoolByNcesId(ccdSchool(0).NCESSCH)).name).toBe('Grace "Gigi" Hopper Elementary');

    const reordered = [
      'LZIP,SCH_NAME,SY_STATUS_TEXT,NCESSCH,EXTRA,LEAID,LEA_NAME,LSTREET1,LCITY,LSTATE,GSLO,GSHI,SCH_TYPE_TEXT,CHARTER_TEXT',
      `98101,"Seattle Academy, Upper School",Open,530000100001,x,5300001,Seattle,1 Pine St,Seattle,WA,09,12,Regular School,No`,
    ].join('\n');
    const comma = await cli('schools:import', file('reordered.csv', `\uFEFF${reordered}\n`));
    expect(comma.stderr).toBe('');
    expect(await schoolByNcesId('530000100001')).toMatchObject({
      name: 'Seattle Academy, Upper School',
      city: 'Seattle',
      county: 'King',
      districtNcesId: '5300001',
    });
  });

  it('refuses a file with bad lines, listing each by its line number, and writes nothing', async () => {
    await cli('schools:import', file('good.csv', ccdSchoolFile([ccdSchool(0)])));
    const rows = schools(2000);
    rows[0] = ccdSchool(0, { SCH_NAME: 'Changed Name' });
    // Line numbers count the header as line 1: row i is on line i + 2.
    const unpadded = String(Number(ccdSchool(1498).NCESSCH));
    rows[1498] = ccdSchool(1498, { NCESSCH: unpadded });
    rows[1798] = ccdSchool(1798, { LZIP: 'ABCDE' });
    rows[1998] = ccdSchool(1998, { NCESSCH: ccdSchool(5).NCESSCH, LEAID: ccdSchool(5).LEAID });
    const result = await cli('schools:import', file('bad.csv', ccdSchoolFile(rows)));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `line 1500: NCESSCH ${unpadded} has 11 digits; an NCES school id has 12 (a spreadsheet may have dropped its leading zeros).`,
    );
    expect(result.stderr).toContain('line 1800: LZIP "ABCDE" is not a 5-digit ZIP code.');
    expect(result.stderr).toContain(`line 2000: NCESSCH ${ccdSchool(5).NCESSCH} is also on line 7.`);
    expect(result.stderr).toContain('Nothing was imported: the file has 3 problems.');
    expect(await schoolCount()).toBe(1);
    expect((await schoolByNcesId(ccdSchool(0).NCESSCH)).name).toBe(ccdSchool(0).SCH_NAME);
  });

  it('names a missing column, a row of the wrong width and an unclosed quote', async () => {
    const header = await cli('schools:import', file('nohead.csv', 'NCESSCH,SCH_NAME\n010000500000,A\n'));
    expect(header.status).toBe(1);
    expect(header.stderr).toContain(
      'This is not an NCES school directory file: its header lacks LEAID, LEA_NAME, LSTREET1',
    );

    const text = ccdSchoolFile(schools(3)).split('\r\n');
    text[2] = `${text[2]},extra`;
    text[3] = text[3]?.replace('Test School 2', '"Test School 2') ?? '';
    const broken = await cli('schools:import', file('broken.csv', text.join('\r\n')));
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('line 3: It has 25 fields where the header has 24.');
    expect(broken.stderr).toMatch(/line \d+: A quoted value/);
    expect(await schoolCount()).toBe(0);
  });

  it('skips schools outside the states and territories served and ones not open yet', async () => {
    const rows = [ccdSchool(0), ccdSchool(1, { LSTATE: 'AE' }), ccdSchool(2, { SY_STATUS_TEXT: 'Future' })];
    const result = await cli('schools:import', file('skips.csv', ccdSchoolFile(rows)));
    expect(result.stdout).toBe(
      'Imported 1 school: 1 added, 0 updated, 0 unchanged; 0 marked closed; 2 skipped (outside the states and territories served, or not open yet).',
    );
    expect(await schoolCount()).toBe(1);
  });

  it('refuses text that is not UTF-8 rather than store mangled names', async () => {
    const latin1 = Buffer.from(ccdSchoolFile([ccdSchool(0, { SCH_NAME: 'Escuela José Martí' })]), 'latin1');
    const path = join(dir, 'latin1.csv');
    writeFileSync(path, latin1);
    const result = await cli('schools:import', path);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'line 2: The line is not UTF-8 text: save the file as UTF-8 and import it again.',
    );
    expect(await schoolCount()).toBe(0);
  });

  it('explains a file it cannot open', async () => {
    const result = await cli('schools:import', join(dir, 'missing.csv'));
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`Cannot read ${join(dir, 'missing.csv')}: there is no such file.`);
  });
});

describe('districts:import', () => {
  it('imports districts with their leading zeros, then updates one in place', async () => {
    const districts = [ccdDistrict(0), ccdDistrict(1)];
    const first = await cli('districts:import', file('ccd_lea.csv', ccdDistrictFile(districts)));
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe('Imported 2 districts: 2 added, 0 updated, 0 unchanged; 0 skipped.');
    const renamed = [ccdDistrict(0, { LEA_NAME: 'Renamed District' }), ccdDistrict(1)];
    const second = await cli(
      'districts:import',
      file('ccd_lea.txt', ccdDistrictFile(renamed, { delimiter: '\t', bom: true })),
    );
    expect(second.stdout).toBe('Imported 2 districts: 0 added, 1 updated, 1 unchanged; 0 skipped.');
    const stored = await test.deps.db.kysely
      .selectFrom('districts')
      .selectAll()
      .where('ncesId', '=', '0100005')
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ name: 'Renamed District', nameKey: 'renamed district' });
  });

  it('refuses a district id of the wrong length and writes nothing', async () => {
    const rows = [ccdDistrict(0), ccdDistrict(1, { LEAID: '123456789' })];
    const result = await cli('districts:import', file('bad_lea.csv', ccdDistrictFile(rows)));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('line 3: LEAID "123456789" is not an NCES district id (7 digits).');
    const count = await test.deps.db.kysely
      .selectFrom('districts')
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirstOrThrow();
    expect(Number(count.count)).toBe(0);
  });
});
