import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formRequest, jsonRequest, startTestPortal, type TestPortal } from '../../../tests/helpers/portal.js';
import { seedPartner, seedYears } from '../../../tests/helpers/seed.js';
import type { Partner } from '../partners/partners.schemas.js';
import { OUTSIDE_US_MESSAGE, type EligibilityResult } from './eligibility.schemas.js';
import { checkEligibility } from './eligibility.service.js';

let test: TestPortal;
/** 2027-28 (current): King County, WA. */
let king: Partner;
/** 2027-28: Oregon. */
let oregon: Partner;
/** 2027-28: the ZIP code 83702 (Boise, Ada County, ID). */
let boise: Partner;
/** 2028-29: all of Washington. */
let washington: Partner;
/** 2028-29: Multnomah County, OR (Portland). */
let portland: Partner;

beforeAll(async () => {
  test = await startTestPortal({ INQUIRY_RATE_LIMIT: '100000' });
  await seedYears(test, ['2027-28', '2028-29'], '2027-28');
  king = await seedPartner(test, { year: '2027-28', name: 'Puget Sound CS', regions: ['WA:King'] });
  oregon = await seedPartner(test, { year: '2027-28', name: 'Beaver State Computing', regions: ['OR'] });
  boise = await seedPartner(test, { year: '2027-28', name: 'Treasure Valley Code', regions: ['83702'] });
  washington = await seedPartner(test, { year: '2028-29', name: 'Evergreen Computing', regions: ['WA'] });
  portland = await seedPartner(test, { year: '2028-29', name: 'Rose City CS', regions: ['OR:Multnomah'] });
});
afterAll(async () => {
  await test.close();
});

async function check(body: unknown): Promise<{ status: number; body: EligibilityResult }> {
  const response = await fetch(
    `${test.url}/api/v1/partner-applications/eligibility`,
    jsonRequest(test, 'POST', body),
  );
  return { status: response.status, body: (await response.json()) as EligibilityResult };
}

interface Problem {
  errors: { path: string; message: string }[];
}

async function checkOk(body: unknown): Promise<EligibilityResult> {
  const result = await check(body);
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body;
}

function summary(partnerOf: Partner) {
  return { id: partnerOf.id, name: partnerOf.name, contactEmail: partnerOf.contactEmail };
}

describe('the eligibility check (API)', () => {
  it('finds an unserved state open', async () => {
    expect(await checkOk({ country: 'United States', state: 'TX', regions: ['TX'] })).toEqual({
      eligible: true,
      programYear: '2027-28',
      reasons: [],
      regions: [{ region: 'Texas', unit: 'TX', status: 'open' }],
    });
    // The usual spellings of the country all count, in any case.
    for (const country of ['US', 'usa', ' united   states ']) {
      expect((await checkOk({ country, regions: ['TX:Dallas', '75201'] })).eligible).toBe(true);
    }
  });

  it('refuses an organization outside the United States with the FAQ’s reason', async () => {
    const result = await checkOk({ country: 'Canada', regions: ['ON'] });
    expect(result).toEqual({
      eligible: false,
      programYear: '2027-28',
      reasons: [{ code: 'outside_us', message: OUTSIDE_US_MESSAGE }],
      regions: [],
    });
    // Its own state or province is not a US state: outside the United States none is asked for.
    for (const body of [
      { country: 'CA', state: 'ON' },
      { country: 'Canada', state: 'ON', regions: ['Toronto'] },
    ]) {
      expect((await checkOk(body)).reasons).toEqual([{ code: 'outside_us', message: OUTSIDE_US_MESSAGE }]);
    }
    expect(OUTSIDE_US_MESSAGE).toBe(
      'No, at this time, the Regional Partner Program is only open to organizations in the United States.',
    );
  });

  it('names the partner of a county inside a proposed state', async () => {
    const result = await checkOk({ country: 'US', state: 'WA', regions: ['WA'] });
    expect(result.eligible).toBe(false);
    expect(result.reasons).toEqual([
      {
        code: 'region_served',
        region: 'WA',
        partner: summary(king),
        servedUnit: 'WA:King',
        message: `Washington is partly served: ${king.name} serves King County, WA, inside it, for 2027-28.`,
      },
    ]);
  });

  it('names the partner of the county containing a proposed ZIP code, and of the county itself', async () => {
    const zip = await checkOk({ country: 'US', regions: ['98101'] });
    expect(zip.reasons).toMatchObject([
      { code: 'region_served', region: '98101', partner: summary(king), servedUnit: 'WA:King' },
    ]);
    const county = await checkOk({ country: 'US', regions: ['wa:king county'] });
    expect(county.reasons).toMatchObject([
      {
        code: 'region_served',
        region: 'WA:King',
        partner: summary(king),
        message: `King County, WA is already served by ${king.name} for 2027-28.`,
      },
    ]);
    // A neighbouring county is open.
    expect((await checkOk({ country: 'US', regions: ['WA:Pierce'] })).eligible).toBe(true);
  });

  it('names the partner of a ZIP code inside a proposed county or state, and of a state containing a county', async () => {
    for (const region of ['ID:Ada', 'ID']) {
      const result = await checkOk({ country: 'US', regions: [region] });
      expect(result.reasons).toMatchObject([
        { code: 'region_served', partner: summary(boise), servedUnit: '83702' },
      ]);
    }
    expect((await checkOk({ country: 'US', regions: ['ID:Canyon'] })).eligible).toBe(true);
    const county = await checkOk({ country: 'US', regions: ['OR:Multnomah'] });
    expect(county.reasons).toMatchObject([
      { code: 'region_served', region: 'OR:Multnomah', partner: summary(oregon), servedUnit: 'OR' },
    ]);
  });

  it('checks the program year asked for: a county inside a state its partner holds', async () => {
    const result = await checkOk({
      country: 'US',
      regions: ['WA:King', 'WA:Pierce'],
      programYear: '2028-29',
    });
    expect(result.programYear).toBe('2028-29');
    expect(result.reasons).toEqual([
      {
        code: 'region_served',
        region: 'WA:King',
        partner: summary(washington),
        servedUnit: 'WA',
        message: `King County, WA is already served: ${washington.name} serves Washington, which includes it, for 2028-29.`,
      },
      expect.objectContaining({ region: 'WA:Pierce', partner: summary(washington) }),
    ]);
    // Idaho is open that year.
    expect((await checkOk({ country: 'US', regions: ['ID'], programYear: '2028-29' })).eligible).toBe(true);
    const missing = await check({ country: 'US', regions: ['OR'], programYear: '2031-32' });
    expect(missing.status).toBe(404);
    // The refusals name the field the year came in, whatever resolving it calls it.
    expect((missing.body as unknown as Problem).errors.map((e) => e.path)).toEqual(['programYear']);
    const malformed = await check({ country: 'US', regions: ['OR'], programYear: '2027-29' });
    expect(malformed.status).toBe(400);
    expect((malformed.body as unknown as Problem).errors).toEqual([
      { path: 'programYear', message: 'The second year must follow the first, like 2027-28.' },
    ]);
  });

  it('answers a mixed list region by region: which are open, and which are served and by whom, in words', async () => {
    const result = await checkOk({
      country: 'US',
      regions: 'OR:Multnomah, OR:Lane, 97201',
      programYear: '2028-29',
    });
    expect(result.eligible).toBe(false);
    expect(result.regions).toEqual([
      {
        region: 'Multnomah County, OR',
        unit: 'OR:Multnomah',
        status: 'served',
        servedBy: [
          {
            ...summary(portland),
            servedUnit: 'OR:Multnomah',
            servedRegion: 'Multnomah County, OR',
            message: `Multnomah County, OR is already served by ${portland.name} for 2028-29.`,
          },
        ],
      },
      { region: 'Lane County, OR', unit: 'OR:Lane', status: 'open' },
      {
        region: 'ZIP code 97201',
        unit: '97201',
        status: 'served',
        servedBy: [
          expect.objectContaining({
            id: portland.id,
            servedRegion: 'Multnomah County, OR',
            message: `ZIP code 97201 is already served: ${portland.name} serves Multnomah County, OR, which includes it, for 2028-29.`,
          }),
        ],
      },
    ]);
    // The reasons stay as they were: one per serving partner of a served region.
    expect(result.reasons.map((reason) => reason.region)).toEqual(['OR:Multnomah', '97201']);
  });

  it('refuses regions it cannot read as input on `regions`, each named, not as a reason not to apply', async () => {
    const response = await check({ country: 'US', regions: ['TX:Nowhere', '1234', 'ZZ', 'TX'] });
    expect(response.status).toBe(400);
    expect((response.body as unknown as Problem).errors).toEqual([
      {
        path: 'regions',
        message:
          'There is no county "Nowhere" in Texas. "1234" is not a region: write a state (WA), a county (WA:King) or a ZIP code (98101). "ZZ" is not a US state or territory code.',
      },
    ]);
  });

  it('answers bad input with 400 and the field at fault', async () => {
    const cases: [unknown, string][] = [
      [{}, 'country'],
      [{ country: 'US' }, 'regions'],
      [{ country: 'US', regions: 'not-an-array-of-objects', state: 'XX' }, 'state'],
      [{ country: 'US', regions: [42] }, 'regions.0'],
      [{ country: 'US', regions: Array.from({ length: 51 }, (_, i) => `WA:${i}`) }, 'regions'],
      [{ country: 'US', regions: ['TX'], programYear: '2027' }, 'programYear'],
      [{ country: 'US', regions: ['00000'] }, 'regions'],
      ['TX', ''],
    ];
    for (const [body, path] of cases) {
      const response = await fetch(
        `${test.url}/api/v1/partner-applications/eligibility`,
        jsonRequest(test, 'POST', body),
      );
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await response.json()) as { errors: { path: string }[] };
      expect(problem.errors.map((error) => error.path)).toContain(path);
    }
  });

  it('is a domain function the application module can call', async () => {
    const result = await checkEligibility(test.deps, { input: { country: 'US', regions: ['98052'] } });
    expect(result.reasons).toMatchObject([{ code: 'region_served', partner: { id: king.id } }]);
  });
});

describe('the apply page', () => {
  it('offers the check to anyone, without signing in', async () => {
    const response = await fetch(`${test.url}/apply`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<form method="get" action="/apply"');
    expect(html).toContain('name="regions"');
    expect(html).not.toContain('eligibility-result');
  });

  it('shows an open region with the way to apply', async () => {
    const response = await fetch(`${test.url}/apply?country=United+States&state=TX&regions=TX%0A75201`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Your organization can apply');
    expect(html).toContain('href="/applications"');
  });

  it('shows the FAQ’s reason to an organization outside the US, whatever state or province it chose', async () => {
    for (const query of ['country=Another+country&regions=', 'country=Another+country&state=ON&regions=ON']) {
      const response = await fetch(`${test.url}/apply?${query}`);
      expect(response.status, query).toBe(200);
      const html = await response.text();
      expect(html).toContain(OUTSIDE_US_MESSAGE);
      expect(html).not.toContain('Start your application');
    }
    // The state select says whom it is for; the style sheet hides it for another country.
    const form = await (await fetch(`${test.url}/apply`)).text();
    expect(form).toContain('<div class="eligibility-state">');
    expect(form).toContain(
      'For organizations in the United States. Leave it for another country: it is not read.',
    );
  });

  it('names the serving partner with a connect-me form, and shows errors beside their fields', async () => {
    const html = await (await fetch(`${test.url}/apply?country=United+States&regions=WA,+TX`)).text();
    expect(html).toContain('Your organization can apply for some of these regions');
    expect(html).toContain(
      `<li>Washington is partly served: ${king.name} serves King County, WA, inside it, for 2027-28.</li>`,
    );
    expect(html).toContain('<li>Texas is open: no Regional Partner serves it yet.</li>');
    expect(html).toContain('You can apply for the open one: Texas.');
    expect(html).toContain('action="/apply/connect"');
    expect(html).toContain(`Write to ${king.name} about Washington`);
    expect(html).toContain(`name="partnerId" value="${king.id}"`);
    const bad = await fetch(`${test.url}/apply?country=United+States&regions=`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('List the regions you propose to serve');
    const unreadable = await fetch(`${test.url}/apply?country=United+States&regions=TX%3ANowhere`);
    expect(unreadable.status).toBe(400);
    const page = await unreadable.text();
    expect(page).toContain(
      '<p class="error" id="field-regions-error"><span class="visually-hidden">Error: </span>There is no county &quot;Nowhere&quot; in Texas.</p>',
    );
    expect(page).toContain('TX:Nowhere</textarea>');
    expect(page).not.toContain('eligibility-result');
    const badYear = await fetch(`${test.url}/apply?country=United+States&regions=TX&programYear=2027-29`);
    expect(badYear.status).toBe(400);
    const yearPage = await badYear.text();
    expect(yearPage).toContain('href="#field-programYear"');
    expect(yearPage).toContain('id="field-programYear-error"');
  });

  it('links to a connect page per partner when several serve the regions', async () => {
    const html = await (await fetch(`${test.url}/apply?country=United+States&regions=WA:King,+ID`)).text();
    const links = [...html.matchAll(/<a href="(\/apply\/connect\?[^"]+)">([^<]+)<\/a>/g)];
    expect(links.map((link) => link[2])).toEqual([
      `Write to ${king.name} about King County, WA`,
      `Write to ${boise.name} about Idaho`,
    ]);
    const connect = await fetch(`${test.url}${(links[1]?.[1] ?? '').replaceAll('&amp;', '&')}`);
    expect(connect.status).toBe(200);
    const page = await connect.text();
    expect(page).toContain(`Write to ${boise.name} about Idaho`);
    expect(page).toContain('thinking of applying to be a Regional Partner for Idaho, which you serve');
    const notServing = await fetch(
      `${test.url}/apply/connect?partnerId=${king.id}&region=ID&programYear=2027-28`,
    );
    expect(notServing.status).toBe(400);
    expect(await notServing.text()).toContain(`That partner does not serve Idaho in 2027-28.`);
  });
});

describe('connect me', () => {
  function email() {
    return `applicant-${randomBytes(4).toString('hex')}@example.org`;
  }

  it('files an inquiry routed to the partner named, with the emails queued', async () => {
    const sender = email();
    // submitInquiry would send this to program staff (no partner holds all of Washington); the check named King's.
    const response = await fetch(
      `${test.url}/apply/connect`,
      formRequest(test, {
        partnerId: king.id,
        region: 'WA',
        programYear: '2027-28',
        name: 'Ada Lovelace',
        email: sender,
        message: 'We would like to help with professional learning in King County.',
      }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/apply?notice=eligibility-connected');

    const db = test.deps.db.kysely;
    const inquiry = await db
      .selectFrom('inquiries')
      .selectAll()
      .where('email', '=', sender)
      .executeTakeFirst();
    expect(inquiry).toMatchObject({ partnerId: king.id, role: 'organization', state: 'WA', status: 'open' });
    expect(inquiry?.programYearId).toBeTruthy();
    const events = await db
      .selectFrom('inquiryEvents')
      .select(['kind', 'body'])
      .where('inquiryId', '=', inquiry?.id ?? '')
      .execute();
    expect(events).toEqual([
      {
        kind: 'received',
        body: `Sent from the eligibility check, proposing Washington: ${king.name} serves King County, WA.`,
      },
    ]);
    const mail = await db.selectFrom('mailOutbox').select(['toAddress', 'textBody']).execute();
    expect(
      mail.find((m) => m.toAddress === king.contactEmail && m.textBody.includes(inquiry?.id ?? '-')),
    ).toBeTruthy();
    expect(mail.find((m) => m.toAddress === sender)?.textBody).toContain(king.name);
  });

  it('works through the API too, and refuses a partner that does not serve the region', async () => {
    const sender = email();
    const body = {
      partnerId: oregon.id,
      region: 'OR:Multnomah',
      name: 'Grace Hopper',
      email: sender,
      message: 'Could we join your workshops in Portland?',
    };
    const ok = await fetch(
      `${test.url}/api/v1/partner-applications/eligibility/connect`,
      jsonRequest(test, 'POST', body),
    );
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ routedTo: { kind: 'partner', partnerId: oregon.id } });

    const wrong = await fetch(
      `${test.url}/api/v1/partner-applications/eligibility/connect`,
      jsonRequest(test, 'POST', { ...body, partnerId: king.id }),
    );
    expect(wrong.status).toBe(400);
    const page = await fetch(
      `${test.url}/apply/connect`,
      formRequest(test, { ...body, partnerId: king.id, email: 'not-an-email' }),
    );
    expect(page.status).toBe(400);
    const refused = await page.text();
    expect(refused).toContain('Enter an email address like name@example.org.');
    expect(refused).toContain('That partner does not serve Multnomah County, OR in 2027-28.');
    expect(refused).not.toContain('href="#field-email"');
    // To the partner that serves it, the form comes back with what was typed, beside its field.
    const typed = await fetch(
      `${test.url}/apply/connect`,
      formRequest(test, { ...body, email: 'not-an-email' }),
    );
    expect(typed.status).toBe(400);
    const again = await typed.text();
    expect(again).toContain('value="not-an-email"');
    expect(again).toContain('id="field-email-error"');
    expect(again).toContain(`Write to ${oregon.name} about Multnomah County, OR`);
    const notServing = await fetch(
      `${test.url}/apply/connect`,
      formRequest(test, { ...body, partnerId: king.id, email: email() }),
    );
    expect(notServing.status).toBe(400);
    expect(await notServing.text()).toContain('That partner does not serve Multnomah County, OR in 2027-28.');
    const stored = await test.deps.db.kysely
      .selectFrom('inquiries')
      .select('partnerId')
      .where('email', 'in', [sender, 'not-an-email'])
      .execute();
    expect(stored).toEqual([{ partnerId: oregon.id }]);
  });
});
