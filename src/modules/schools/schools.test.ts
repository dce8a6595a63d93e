import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  formRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import * as searchTermsMigration from '../../db/migrations/2026-12-02-0022-school-search-terms.js';
import { OPERATOR } from '../../platform/actor.js';
import { loadDemoSchools } from '../../seed/demo-schools.js';
import { ccdSchool, ccdSchoolFile } from './schools.fixture.js';
import { importSchoolDirectory } from './schools.import.js';
import { schoolSearchQuery } from './schools.repository.js';

let test: TestPortal;
let staff: TestUser;
const others: Record<string, TestUser | undefined> = {};

const NAMED = [
  ccdSchool(9001, { SCH_NAME: 'Lakeview Middle School', LCITY: 'Seattle', LSTATE: 'WA', LZIP: '98101' }),
  ccdSchool(9002, { SCH_NAME: 'Peña  Elementary', LCITY: 'Tacoma', LSTATE: 'WA', LZIP: '98402' }),
  ccdSchool(9003, {
    SCH_NAME: 'Garfield High School',
    LCITY: 'Lake Forest Park',
    LSTATE: 'WA',
    LZIP: '98155',
  }),
  ccdSchool(9004, {
    SCH_NAME: 'Lakeview Annex',
    LCITY: 'Seattle',
    LSTATE: 'WA',
    LZIP: '98101',
    SY_STATUS_TEXT: 'Closed',
  }),
  ccdSchool(9005, { SCH_NAME: 'Lakeview Elementary', LCITY: 'Portland', LSTATE: 'OR', LZIP: '97204' }),
  ccdSchool(9006, {
    SCH_NAME: 'Abraham Lincoln High School',
    LCITY: 'Spokane',
    LSTATE: 'WA',
    LZIP: '99201',
  }),
  ccdSchool(9007, { SCH_NAME: 'Lincoln Elementary', LCITY: 'Spokane', LSTATE: 'WA', LZIP: '99202' }),
  ccdSchool(9008, { SCH_NAME: "O'Brien-Park Academy", LCITY: 'Spokane', LSTATE: 'WA', LZIP: '99203' }),
];

beforeAll(async () => {
  test = await startTestPortal();
  const many = Array.from({ length: 60 }, (_, index) =>
    ccdSchool(index, { SCH_NAME: `Zephyr School ${String(index).padStart(2, '0')}`, LCITY: 'Zephyrville' }),
  );
  await importSchoolDirectory(test.deps, {
    actor: OPERATOR,
    input: { text: ccdSchoolFile([...NAMED, ...many]) },
  });
  staff = await signedInUser(test, 'staff');
  others.participant = await signedInUser(test, 'participant');
  others.facilitator = await signedInUser(test, 'facilitator');
  others.program_manager = await signedInUser(test, 'program_manager');
  others.anonymous = undefined;
});
afterAll(async () => {
  await test.close();
});

interface Found {
  id: string;
  ncesId: string | null;
  name: string;
  districtName: string | null;
  city: string | null;
  state: string;
  zip: string;
  county: string | null;
}

async function search(query: string): Promise<Found[]> {
  const response = await callApi(test, 'GET', `/api/v1/schools?${query}`, undefined);
  expect(response.status).toBe(200);
  return response.body.schools as Found[];
}

const names = (schools: Found[]) => schools.map((school) => school.name);

describe('GET /api/v1/schools', () => {
  it('finds open schools by the beginning of their name, in name order, case and accents ignored', async () => {
    expect(names(await search('q=lakeview'))).toEqual(['Lakeview Elementary', 'Lakeview Middle School']);
    expect(names(await search('q=PENA%20%20ele'))).toEqual(['Peña  Elementary']);
    const [lakeview] = await search('q=Lakeview%20Middle');
    expect(lakeview?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lakeview).toEqual({
      id: lakeview?.id,
      ncesId: NAMED[0]?.NCESSCH,
      name: 'Lakeview Middle School',
      districtName: NAMED[0]?.LEA_NAME,
      city: 'Seattle',
      state: 'WA',
      zip: '98101',
      county: 'King',
    });
    expect(lakeview?.ncesId).toMatch(/^0/);
  });

  it('finds schools by the beginning of their city, by ZIP code, and within a state', async () => {
    expect(names(await search('q=lake'))).toEqual([
      'Garfield High School',
      'Lakeview Elementary',
      'Lakeview Middle School',
    ]);
    expect(names(await search('q=tac'))).toEqual(['Peña  Elementary']);
    expect(names(await search('zip=98101'))).toEqual(['Lakeview Middle School']);
    expect(names(await search('q=lakeview&state=or'))).toEqual(['Lakeview Elementary']);
    expect(names(await search('q=lakeview&zip=98101-1234'))).toEqual(['Lakeview Middle School']);
    // An NCES id, or its beginning (its district's LEAID), leading zeros and all.
    expect(names(await search(`q=${NAMED[1]?.NCESSCH}`))).toEqual(['Peña  Elementary']);
    expect(names(await search(`q=${NAMED[1]?.LEAID}`))).toContain('Peña  Elementary');
  });

  it('finds a school by the beginning of any word of its name, and narrows with each word', async () => {
    expect(names(await search('q=Lincoln'))).toEqual(['Abraham Lincoln High School', 'Lincoln Elementary']);
    expect(names(await search('q=high'))).toEqual(['Abraham Lincoln High School', 'Garfield High School']);
    expect(names(await search('q=lincoln%20high'))).toEqual(['Abraham Lincoln High School']);
    expect(names(await search('q=HIGH%20linc'))).toEqual(['Abraham Lincoln High School']);
    expect(names(await search('q=lincoln%20high%20middle'))).toEqual([]);
    expect(names(await search('q=mid'))).toEqual(['Lakeview Middle School']);
    // Punctuation cuts words, in the name and in what was typed alike.
    expect(names(await search('q=brien'))).toEqual(["O'Brien-Park Academy"]);
    expect(names(await search('q=park%20aca'))).toEqual(["O'Brien-Park Academy"]);
    expect(names(await search("q=o'brien"))).toEqual(["O'Brien-Park Academy"]);
    // Never the inside of a word.
    expect(names(await search('q=incoln'))).toEqual([]);
  });

  it('finds schools by the beginning of their ZIP code, alone or with a word', async () => {
    expect(names(await search('q=9920'))).toEqual(
      ["O'Brien-Park Academy", 'Abraham Lincoln High School', 'Lincoln Elementary'].sort((a, b) =>
        a.localeCompare(b),
      ),
    );
    expect(names(await search('q=99201%20lincoln'))).toEqual(['Abraham Lincoln High School']);
    expect(names(await search('q=lincoln&zip=99202'))).toEqual(['Lincoln Elementary']);
  });

  it('lists 20 schools unless asked for up to 50', async () => {
    expect(await search('q=zephyr')).toHaveLength(20);
    const fifty = await search('q=zephyr&limit=50');
    expect(fifty).toHaveLength(50);
    expect(fifty[0]?.name).toBe('Zephyr School 00');
  });

  it('refuses a search it cannot run with a message, never a 500', async () => {
    const cases: [string, string][] = [
      ['', 'Search by a school’s name, its city or its ZIP code.'],
      ['q=%20%20', 'Search by a school’s name, its city or its ZIP code.'],
      ['zip=123', 'Enter a 5-digit ZIP code, like 98101.'],
      ['zip=00000', 'We do not know the ZIP code 00000. Check it.'],
      ['q=lake&state=XX', 'Choose a US state or territory, like WA, or leave it empty.'],
      ['q=lake&limit=51', 'Ask for at most 50 schools at a time.'],
      ['q=lake&limit=two', 'Ask for 1 to 50 schools.'],
      [`q=${'a'.repeat(101)}`, 'Use at most 100 characters.'],
    ];
    for (const [query, message] of cases) {
      const response = await callApi(test, 'GET', `/api/v1/schools?${query}`, undefined);
      expect(response.status, query).toBe(400);
      expect(JSON.stringify(response.body), query).toContain(message);
    }
  });

  it('is in the OpenAPI document', async () => {
    const document = await callApi(test, 'GET', '/api/openapi.json', undefined);
    const paths = document.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/api/v1/schools'] ?? {}).sort()).toEqual(['get', 'post']);
  });

  it('searches the terms by index ranges on both databases, not by scanning a table', async () => {
    for (const words of [['lincoln'], ['lincoln', 'high']]) {
      const query = schoolSearchQuery(test.deps.db.kysely, { words, limit: 20 }).compile();
      const plan =
        test.deps.db.dialect === 'sqlite'
          ? await test.deps.db.raw.executeQuery({ ...query, sql: `explain query plan ${query.sql}` })
          : await test.deps.db.raw.transaction().execute(async (trx) => {
              // A test table is small enough for PostgreSQL to prefer a scan; this asks whether it can avoid one.
              await sql`set local enable_seqscan = off`.execute(trx);
              return trx.executeQuery({ ...query, sql: `explain ${query.sql}` });
            });
      const text = JSON.stringify(plan.rows);
      // The terms' key: SQLite keeps the rows in it (a table without rowid), PostgreSQL names its index.
      const expected =
        test.deps.db.dialect === 'sqlite'
          ? [/SEARCH school_search_terms USING PRIMARY KEY \(term>\? AND term<\?\)/]
          : [/Index (Only )?Scan (on|using) school_search_terms_term/, /Index Cond: \(\(term >= 'lincoln'/];
      for (const pattern of expected) expect(text, words.join(' ')).toMatch(pattern);
      expect(text, words.join(' ')).not.toMatch(/SCAN (schools|school_search_terms)\b|Seq Scan|Full Scan/);
    }
  });
});

describe('staff add a school', () => {
  const input = { name: 'Hillside Learning Center', city: 'Seattle', zip: '98101', districtName: 'Private' };

  it('is refused to everyone but staff, and nothing is written', async () => {
    const expected: Record<string, number> = {
      anonymous: 401,
      participant: 403,
      facilitator: 403,
      program_manager: 403,
    };
    for (const [role, user] of Object.entries(others)) {
      const response = await callApi(test, 'POST', '/api/v1/schools', user, input);
      expect(response.status, role).toBe(expected[role]);
      const page = await fetch(`${test.url}/staff/schools/new`, {
        headers: user ? { cookie: user.cookie } : {},
        redirect: 'manual',
      });
      expect(page.status, role).not.toBe(200);
      const list = await fetch(`${test.url}/staff/schools`, {
        headers: user ? { cookie: user.cookie } : {},
        redirect: 'manual',
      });
      expect(list.status, role).not.toBe(200);
      const form = await fetch(`${test.url}/staff/schools/new`, formRequest(test, input, user?.cookie));
      expect(form.status, role).not.toBe(303);
    }
    expect(await search('q=hillside')).toEqual([]);
  });

  it('adds a school without an NCES id, its state and county from its ZIP, found by the search', async () => {
    const response = await callApi(test, 'POST', '/api/v1/schools', staff, input);
    expect(response.status).toBe(201);
    expect(response.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body).toEqual({
      id: response.body.id,
      ncesId: null,
      name: 'Hillside Learning Center',
      districtName: 'Private',
      city: 'Seattle',
      state: 'WA',
      zip: '98101',
      county: 'King',
    });
    expect(await search('q=hillside')).toEqual([response.body]);
    expect(await search('q=learning%20sea')).toEqual([response.body]);

    const again = await callApi(test, 'POST', '/api/v1/schools', staff, {
      ...input,
      name: 'HILLSIDE learning center',
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('Hillside Learning Center at ZIP code 98101 is already in the directory.');
  });

  it('refuses bad input with a message for each field and writes nothing', async () => {
    const response = await callApi(test, 'POST', '/api/v1/schools', staff, {
      name: ' ',
      city: '',
      zip: '9810',
    });
    expect(response.status).toBe(400);
    const text = JSON.stringify(response.body);
    expect(text).toContain('Enter the school’s name.');
    expect(text).toContain('Enter the school’s city.');
    expect(text).toContain('Enter a 5-digit ZIP code, like 98101.');
    const unknownZip = await callApi(test, 'POST', '/api/v1/schools', staff, {
      ...input,
      name: 'Nowhere',
      zip: '00000',
    });
    expect(unknownZip.status).toBe(400);
    expect(await search('q=nowhere')).toEqual([]);
  });

  it('adds one from the staff form, which shows a refusal beside its field', async () => {
    const page = await fetch(`${test.url}/staff/schools/new`, { headers: { cookie: staff.cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Add a school');

    const refused = await fetch(
      `${test.url}/staff/schools/new`,
      formRequest(test, { name: 'Form Academy', city: 'Tacoma', zip: 'abc' }, staff.cookie),
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Enter a 5-digit ZIP code, like 98101.');

    const added = await fetch(
      `${test.url}/staff/schools/new`,
      formRequest(
        test,
        { name: 'Form Academy', city: 'Tacoma', zip: '98402', street: '', districtName: '' },
        staff.cookie,
      ),
    );
    expect(added.status).toBe(303);
    const location = added.headers.get('location') ?? '';
    expect(location).toBe('/staff/schools?q=Form+Academy&notice=school-added');
    const list = await fetch(`${test.url}${location}`, { headers: { cookie: staff.cookie } });
    const html = await list.text();
    expect(html).toContain('Form Academy');
    expect(html).toContain('Added by staff');
    expect(html).toContain('The school is added to the directory.');
  });
});

describe('the search keeps in step with the directory', () => {
  it('finds a school by its new name after a re-import, and a hand-added one by the NCES id a file gives it', async () => {
    const added = await callApi(test, 'POST', '/api/v1/schools', staff, {
      name: 'Salmonberry Academy',
      city: 'Seattle',
      zip: '98101',
    });
    expect(added.status).toBe(201);
    const listed = ccdSchool(9100, { SCH_NAME: 'Salmonberry Academy', LCITY: 'Seattle', LZIP: '98101' });
    await importSchoolDirectory(test.deps, { actor: OPERATOR, input: { text: ccdSchoolFile([listed]) } });
    expect((await search(`q=${listed.NCESSCH}`)).map((school) => school.id)).toEqual([added.body.id]);

    await importSchoolDirectory(test.deps, {
      actor: OPERATOR,
      input: {
        text: ccdSchoolFile([
          { ...listed, SCH_NAME: 'Thimbleberry Academy', LCITY: 'Tacoma', LZIP: '98402' },
        ]),
      },
    });
    expect(await search('q=salmonberry')).toEqual([]);
    expect(await search('q=academy%20seattle')).toEqual([]);
    expect((await search('q=thimbleberry%20tacoma')).map((school) => school.id)).toEqual([added.body.id]);
    expect((await search('q=98402%20thimble')).map((school) => school.id)).toEqual([added.body.id]);
  });
});

describe('migration 0022', () => {
  it('gives the schools stored before it their search terms', async () => {
    await searchTermsMigration.down(test.deps.db.raw);
    await searchTermsMigration.up(test.deps.db.raw);
    expect(names(await search('q=lincoln%20high'))).toEqual(['Abraham Lincoln High School']);
    expect(names(await search('q=992%20lincoln'))).toEqual([
      'Abraham Lincoln High School',
      'Lincoln Elementary',
    ]);
    expect(await search('q=zephyr&limit=50')).toHaveLength(50);
  });
});

describe('the directory pages', () => {
  it('staff list every school, closed ones marked, searched by a beginning and filtered', async () => {
    const closed = await fetch(`${test.url}/staff/schools?q=lakeview&status=closed`, {
      headers: { cookie: staff.cookie },
    });
    expect(closed.status).toBe(200);
    const html = await closed.text();
    expect(html).toContain('Lakeview Annex');
    expect(html).toContain('Closed');
    expect(html).not.toContain('Lakeview Middle School');

    const paged = await fetch(`${test.url}/staff/schools?q=zephyr&page=3`, {
      headers: { cookie: staff.cookie },
    });
    expect(await paged.text()).toContain('Zephyr School 59');
    const beyond = await fetch(`${test.url}/staff/schools?q=zephyr&page=9`, {
      headers: { cookie: staff.cookie },
    });
    expect(beyond.status).toBe(400);
  });

  it('the public search page works without JavaScript and explains a bad ZIP code', async () => {
    const empty = await fetch(`${test.url}/schools`);
    expect(empty.status).toBe(200);
    expect(await empty.text()).toContain('Find a school');

    const found = await (await fetch(`${test.url}/schools?q=lakeview&zip=&state=`)).text();
    expect(found).toContain('Lakeview Middle School');
    expect(found).toContain('Seattle, WA 98101 (King County)');
    expect(found).not.toContain('Lakeview Annex');

    const none = await (await fetch(`${test.url}/schools?q=qqq`)).text();
    expect(none).toContain('No open school matches');

    const bad = await fetch(`${test.url}/schools?zip=12`);
    expect(bad.status).toBe(400);
    const refusal = await bad.text();
    expect(refusal).toContain('id="field-zip-error"');
    expect(refusal).toContain('Enter a 5-digit ZIP code, like 98101.');
    expect(refusal).toContain('aria-invalid="true"');
  });
});

describe('the demo directory', () => {
  it('loads made-up districts and schools in the demo partners’ regions, named as demo data, once', async () => {
    await loadDemoSchools(test.deps);
    await loadDemoSchools(test.deps);
    const rows = await test.deps.db.kysely
      .selectFrom('schools')
      .select(['ncesId', 'name', 'county', 'state', 'closed', 'source'])
      .where('source', '=', 'demo')
      .orderBy('ncesId')
      .execute();
    expect(rows).toHaveLength(13);
    for (const row of rows) {
      expect(row.ncesId).toMatch(/^99\d{10}$/);
      expect(row.name).toMatch(/^Demo /);
    }
    expect(new Set(rows.map((row) => `${row.state}:${row.county}`))).toEqual(
      new Set([
        'WA:Pierce',
        'WA:Spokane',
        'WA:Thurston',
        'WA:King',
        'OR:Multnomah',
        'OR:Washington',
        'OR:Clackamas',
      ]),
    );
    expect(rows.filter((row) => row.closed === 1).map((row) => row.name)).toEqual([
      'Demo Old Mill Elementary School',
    ]);
    expect(names(await search('q=demo%20lakeview'))).toEqual(['Demo Lakeview Middle School']);
    const districts = await test.deps.db.kysely.selectFrom('districts').select('ncesId').execute();
    expect(districts.map((district) => district.ncesId).filter((id) => id.startsWith('99'))).toHaveLength(8);
  });
});
