import { get, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestPortal, type TestPortal } from '../../../tests/helpers/portal.js';
import { seedPartner, seedYears } from '../../../tests/helpers/seed.js';
import type { Actor } from '../../platform/actor.js';
import { createVerifiedAccount } from '../accounts/accounts.service.js';
import { resolveProgramYear } from '../program-years/program-years.service.js';
import { US_STATES } from './geography.js';
import { MapCache, stateShapes } from './us-map.js';

let test: TestPortal;
let staff: Actor;

/** A staff member to run the domain functions as, the way a signed-in request would. */
async function createStaffActor(portal: TestPortal): Promise<Actor> {
  const email = 'finder-staff@example.org';
  const db = portal.deps.db.kysely;
  const { userId } = await createVerifiedAccount(portal.deps.auth, db, {
    input: { email, password: 'a long enough password', name: 'Finder Staff' },
    role: 'staff',
  });
  return { id: userId, email, name: 'Finder Staff', roles: ['staff'], partnerIds: [] };
}

async function seedServing(year: string, name: string, regions: string[]) {
  const slug = name.toLowerCase().replace(/[^a-z]+/g, '-');
  return seedPartner(test, {
    year,
    name,
    regions,
    actor: staff,
    input: {
      contactName: `${name} Contact`,
      website: `https://${slug}.example.org/`,
      coursesOffered: ['CS Principles', 'CS Discoveries'],
      organizations: [{ name, role: 'lead' }],
    },
  });
}

beforeAll(async () => {
  test = await startTestPortal();
  staff = await createStaffActor(test);
  await seedYears(test, ['2026-27', '2027-28', '2028-29'], '2027-28', staff);
  // Washington: a state partner, a county carved out of it, and a ZIP carved out of the county.
  await seedServing('2027-28', 'Cascade CS Alliance', ['WA']);
  await seedServing('2027-28', 'King County Learning', ['WA:King']);
  await seedServing('2027-28', 'Downtown Seattle CS', ['98101']);
  // Oregon: partly served, by a county and a ZIP code.
  await seedServing('2027-28', 'Oregon Coast Partners', ['OR:Lincoln', '97201']);
  await seedServing('2026-27', 'Evergreen Partners', ['WA']);
});
afterAll(async () => {
  await test.close();
});

async function page(path: string): Promise<{ status: number; html: string }> {
  const response = await fetch(`${test.url}${path}`);
  return { status: response.status, html: await response.text() };
}

function mapOf(html: string): string {
  const map = /<svg class="us-map"[\s\S]*?<\/svg>/.exec(html)?.[0];
  if (!map) throw new Error('the page has no map');
  return map;
}

/** The opening tag of a state's link on the map. */
function mapLink(html: string, state: string): string {
  return new RegExp(`<a href="/find\\?state=${state}"[^>]*>`).exec(mapOf(html))?.[0] ?? '';
}

/** The answer section, so that assertions do not match the table or the map below it. */
function answerOf(html: string): string {
  return /<section class="answer"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
}

/** A raw GET with node:http, whose body arrives as sent (fetch would decompress it). */
function rawGet(path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; bytes: number }>((resolve, reject) => {
    get(`${test.url}${path}`, { headers }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes });
      });
      response.on('error', reject);
    }).on('error', reject);
  });
}

describe('the finder page', () => {
  it('shows the form with a labelled ZIP field and a picker of every state and territory', async () => {
    const { status, html } = await page('/find');
    expect(status).toBe(200);
    expect(html).toContain('<form method="get" action="/find"');
    expect(html).toContain('<label for="field-zip">ZIP code</label>');
    expect(html).toContain('<label for="field-state">');
    const picker = /<select[^>]*name="state"[\s\S]*?<\/select>/.exec(html)?.[0] ?? '';
    for (const state of Object.keys(US_STATES)) expect(picker).toContain(`<option value="${state}"`);
    expect(picker.match(/<option value="[A-Z]{2}"/g)).toHaveLength(56);
    expect(html).not.toContain('class="answer"');
    expect(html).toContain('href="/partners"');
  });

  it('answers a ZIP with the finest unit assigned: ZIP over county over state', async () => {
    const byZip = answerOf((await page('/find?zip=98101')).html);
    expect(byZip).toContain('Downtown Seattle CS serves ZIP code 98101.');
    expect(byZip).toContain('Seattle, King County, Washington');
    const byCounty = answerOf((await page('/find?zip=98104')).html);
    expect(byCounty).toContain('King County Learning serves King County, WA.');
    const byState = answerOf((await page('/find?zip=99201')).html);
    expect(byState).toContain('Cascade CS Alliance serves Washington.');
    expect(byState).toContain('Spokane, Spokane County, Washington');
  });

  it("shows the partner's contact, website, courses and a link to contact it", async () => {
    const answer = answerOf((await page('/find?zip=98101')).html);
    expect(answer).toContain('Downtown Seattle CS Contact');
    expect(answer).toContain('href="mailto:downtown-seattle-cs@example.org"');
    expect(answer).toContain('href="https://downtown-seattle-cs.example.org/"');
    expect(answer).toContain('CS Principles, CS Discoveries');
    expect(answer).toContain('href="/contact?zip=98101"');
    expect(answerOf((await page('/find?state=WA')).html)).toContain('href="/contact?state=WA"');
  });

  it('accepts ZIP+4 and spaces', async () => {
    for (const zip of ['%2098101-1234%20', '98101%201234', '981011234']) {
      const { status, html } = await page(`/find?zip=${zip}`);
      expect(status).toBe(200);
      expect(answerOf(html)).toContain('serves ZIP code 98101.');
    }
  });

  it('answers a state lookup with the state partner, and names the partners of areas carved out of it', async () => {
    const answer = answerOf((await page('/find?state=wa')).html);
    expect(answer).toContain('Cascade CS Alliance serves Washington.');
    expect(answer).toContain('Some areas of Washington are served by other partners.');
    expect(answer).toContain('King County Learning');
    expect(answer).toContain('Downtown Seattle CS');
  });

  it('keeps a malformed ZIP in the field with its message beside it, and the rest of the page intact', async () => {
    const { status, html } = await page('/find?zip=98-1O1');
    expect(status).toBe(400);
    const input = /<input[^>]*name="zip"[^>]*>/.exec(html)?.[0] ?? '';
    expect(input).toContain('aria-invalid="true"');
    expect(input).toContain('aria-describedby="field-zip-hint field-zip-error"');
    expect(input).toContain('value="98-1O1"');
    expect(html).toContain(
      '<p class="error" id="field-zip-error"><span class="visually-hidden">Error: </span>Enter a 5-digit ZIP code',
    );
    expect(html).toContain('class="error-summary"');
    expect(mapOf(html)).toContain('class="map-served"');
    expect(html).toContain('<caption>');
  });

  it('says so when a ZIP code is unknown, with a 404', async () => {
    const { status, html } = await page('/find?zip=00000');
    expect(status).toBe(404);
    expect(html).toContain('We do not know the ZIP code 00000. Check it, or choose your state.');
    expect(/<input[^>]*name="zip"[^>]*>/.exec(html)?.[0]).toContain('aria-invalid="true"');
  });

  it('refuses an empty search and an unknown state beside the field', async () => {
    const empty = await page('/find?zip=&state=');
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('Enter a ZIP code, or choose a state.');
    const unknown = await page('/find?state=ZZ');
    expect(unknown.status).toBe(400);
    expect(/<select[^>]*name="state"[^>]*>/.exec(unknown.html)?.[0]).toContain('aria-invalid="true"');
  });

  it('states plainly where no partner serves, with links to apply and to contact program staff', async () => {
    const byZip = answerOf((await page('/find?zip=82001')).html);
    expect(byZip).toContain(
      'No Regional Partner serves ZIP code 82001 (Cheyenne, Laramie County, Wyoming) in 2027-28 yet.',
    );
    expect(byZip).toContain('href="/apply"');
    expect(byZip).toContain('href="/contact"');
    const byState = answerOf((await page('/find?state=WY')).html);
    expect(byState).toContain('No Regional Partner serves Wyoming in 2027-28 yet.');
  });

  it('tells a state lookup in a partly served state to give a ZIP code, naming its partners', async () => {
    const answer = answerOf((await page('/find?state=OR')).html);
    expect(answer).toContain('Oregon is partly served');
    expect(answer).toContain('href="#field-zip">Enter your ZIP code</a> for a precise answer');
    expect(answer).toContain('Oregon Coast Partners');
    expect(answerOf((await page('/find?zip=97365')).html)).toContain(
      'Oregon Coast Partners serves Lincoln County, OR.',
    );
  });

  it('answers for another program year when one is named, and keeps to it in the form and map links', async () => {
    const { html } = await page('/find?state=WA&year=2026-27');
    expect(answerOf(html)).toContain('Evergreen Partners serves Washington.');
    expect(html).toContain('<input type="hidden" name="year" value="2026-27"/>');
    expect(mapOf(html)).toContain('href="/find?state=WA&amp;year=2026-27"');
  });

  it('draws one link per atlas state, classed by coverage, with a name saying who serves it', async () => {
    const { html } = await page('/find');
    const map = mapOf(html);
    const links = map.match(/<a href="\/find\?state=[A-Z]{2}"/g) ?? [];
    expect(links).toHaveLength(stateShapes().length);
    expect(new Set(links).size).toBe(51);
    expect(mapLink(html, 'WA')).toContain('class="map-served"');
    expect(mapLink(html, 'WA')).toContain(
      'aria-label="Washington: served by Cascade CS Alliance; some areas by',
    );
    expect(mapLink(html, 'OR')).toContain('class="map-partly"');
    expect(mapLink(html, 'OR')).toContain('aria-label="Oregon: partly served, by Oregon Coast Partners"');
    expect(mapLink(html, 'WY')).toContain('class="map-none"');
    expect(mapLink(html, 'WY')).toContain('aria-label="Wyoming: not served"');
    expect(html).toContain('class="map-legend"');
    expect(html).toContain(
      'Puerto Rico, Guam, U.S. Virgin Islands, American Samoa, Northern Mariana Islands are not drawn on the map',
    );
  });

  it('lists every state and territory in the table, with its coverage and partners', async () => {
    const { html } = await page('/find');
    const table = /<table class="table coverage-table">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
    expect(table).toContain('<caption>');
    expect(table.match(/<th scope="row">/g)).toHaveLength(56);
    for (const name of Object.values(US_STATES)) expect(table).toContain(`>${name}</a></th>`);
    expect(table).toMatch(/>Oregon<\/a><\/th><td>Partly served<\/td><td>Oregon Coast Partners/);
    expect(table).toMatch(/>Wyoming<\/a><\/th><td>Not served<\/td><td>None yet/);
  });

  it('serves the same map markup until a region is assigned, then redraws it', async () => {
    const before = mapOf((await page('/find')).html);
    expect(mapOf((await page('/find?zip=98101')).html)).toBe(before);
    expect(mapLink(before, 'MT')).toContain('class="map-none"');
    await seedServing('2027-28', 'Big Sky Computing', ['MT']);
    const after = mapOf((await page('/find')).html);
    expect(after).not.toBe(before);
    expect(mapLink(after, 'MT')).toContain('class="map-served"');
    expect(mapLink(after, 'MT')).toContain('aria-label="Montana: served by Big Sky Computing"');
  });

  it('renders the map once per year, and again after the change feed says regions changed', async () => {
    const cache = new MapCache(
      { db: test.deps.db.kysely, regionIndex: test.deps.regionIndex },
      test.deps.changes,
    );
    const year = await resolveProgramYear(test.deps.db.kysely, '2027-28');
    const reads = vi.spyOn(test.deps.regionIndex, 'forYear');
    const first = await cache.markup(year);
    expect(await cache.markup(year)).toBe(first);
    expect(reads).toHaveBeenCalledTimes(1);
    await test.deps.changes.publish('regions');
    expect(await cache.markup(year)).toBe(first);
    expect(reads).toHaveBeenCalledTimes(2);
    expect(stateShapes()).toBe(stateShapes());
  });

  it('stays within 150 KB over the wire, compressed', async () => {
    for (const encoding of ['gzip', 'br']) {
      const response = await rawGet('/find?state=WA', { 'accept-encoding': encoding });
      expect(response.status).toBe(200);
      expect(response.headers['content-encoding']).toBe(encoding);
      expect(response.bytes).toBeLessThanOrEqual(150 * 1024);
    }
  });
});

describe('the partner directory', () => {
  it("lists the current year's partners with contact, website, courses and regions", async () => {
    const { status, html } = await page('/partners');
    expect(status).toBe(200);
    expect(html).toContain('Regional Partners, 2027-28');
    expect(html).toContain('Cascade CS Alliance');
    expect(html).toContain('href="mailto:cascade-cs-alliance@example.org"');
    expect(html).toContain('href="https://cascade-cs-alliance.example.org/"');
    expect(html).toContain('CS Principles, CS Discoveries');
    expect(html).toContain('<dd>Washington</dd>');
    expect(html).toContain('<dd>King County, WA</dd>');
    expect(html).toContain('<dd>ZIP code 98101</dd>');
    expect(html).toContain('<dd>Lincoln County, OR; ZIP code 97201</dd>');
    expect(html).not.toContain('Evergreen Partners');
  });

  it('shows another year on request, and says when a year has no partners', async () => {
    expect((await page('/partners?year=2026-27')).html).toContain('Evergreen Partners');
    const empty = await page('/partners?year=2028-29');
    expect(empty.status).toBe(200);
    expect(empty.html).toContain('No Regional Partners are listed for 2028-29 yet.');
    expect(empty.html).toContain('href="/apply"');
    expect((await page('/partners?year=1999-00')).status).toBe(404);
  });
});

describe('GET /api/v1/regions/lookup', () => {
  interface Problem {
    errors: { path: string; message: string }[];
  }

  async function lookup(query: string) {
    const response = await fetch(`${test.url}/api/v1/regions/lookup?${query}`);
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      body: (await response.json()) as unknown,
    };
  }

  it('answers with the finest unit assigned: ZIP, then county, then state', async () => {
    expect((await lookup('zip=98101')).body).toMatchObject({
      programYear: '2027-28',
      location: { zip: '98101', city: 'Seattle', county: 'King', state: 'WA' },
      partner: { name: 'Downtown Seattle CS', coursesOffered: ['CS Principles', 'CS Discoveries'] },
      matchedBy: 'zip',
    });
    expect((await lookup('zip=98104')).body).toMatchObject({
      partner: { name: 'King County Learning' },
      matchedBy: 'county',
    });
    expect((await lookup('zip=99201')).body).toMatchObject({
      partner: { name: 'Cascade CS Alliance' },
      matchedBy: 'state',
    });
    expect((await lookup('state=WA')).body).toMatchObject({
      location: { zip: null, state: 'WA' },
      partner: { name: 'Cascade CS Alliance' },
      matchedBy: 'state',
    });
  });

  it('normalizes ZIP+4 and spaces', async () => {
    const { status, body } = await lookup(`zip=${encodeURIComponent(' 98101-1234 ')}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ location: { zip: '98101' }, matchedBy: 'zip' });
  });

  it('refuses a malformed ZIP and an unknown state as problem+json naming the field', async () => {
    const zip = await lookup('zip=981');
    expect(zip.status).toBe(400);
    expect(zip.type).toContain('application/problem+json');
    expect(zip.body).toMatchObject({ status: 400, errors: [{ path: 'zip' }] });
    expect((zip.body as Problem).errors[0]?.message).toContain('Enter a 5-digit ZIP code');
    const state = await lookup('state=ZZ');
    expect(state.status).toBe(400);
    expect(state.type).toContain('application/problem+json');
    expect(state.body).toMatchObject({ status: 400, errors: [{ path: 'state' }] });
    expect((state.body as Problem).errors[0]?.message).toContain('two-letter code');
  });

  it('answers 404 for a ZIP code the dataset does not know', async () => {
    const { status, type, body } = await lookup('zip=00000');
    expect(status).toBe(404);
    expect(type).toContain('application/problem+json');
    expect(body).toMatchObject({ status: 404, code: 'ZIP_NOT_FOUND' });
  });

  it('answers for the year named, and with no partner in a year without assignments', async () => {
    expect((await lookup('state=WA&year=2026-27')).body).toMatchObject({
      programYear: '2026-27',
      partner: { name: 'Evergreen Partners' },
      matchedBy: 'state',
    });
    expect((await lookup('zip=98101&year=2028-29')).body).toEqual({
      programYear: '2028-29',
      location: { zip: '98101', city: 'Seattle', county: 'King', state: 'WA' },
      partner: null,
      matchedBy: null,
    });
  });
});

describe('before any program year is current', () => {
  let fresh: TestPortal;
  beforeAll(async () => {
    fresh = await startTestPortal();
  });
  afterAll(async () => {
    await fresh.close();
  });

  it('the finder and the directory say so plainly', async () => {
    for (const path of ['/find', '/find?zip=98101', '/partners']) {
      const response = await fetch(`${fresh.url}${path}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('are not announced yet');
    }
  });
});
