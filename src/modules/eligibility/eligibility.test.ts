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

beforeAll(async () => {
  test = await startTestPortal({ INQUIRY_RATE_LIMIT: '100000' });
  await seedYears(test, ['2027-28', '2028-29'], '2027-28');
  king = await seedPartner(test, { year: '2027-28', name: 'Puget Sound CS', regions: ['WA:King'] });
  oregon = await seedPartner(test, { year: '2027-28', name: 'Beaver State Computing', regions: ['OR'] });
  boise = await seedPartner(test, { year: '2027-28', name: 'Treasure Valley Code', regions: ['83702'] });
  washington = await seedPartner(test, { year: '2028-29', name: 'Evergreen Computing', regions: ['WA'] });
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
    });
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
    // Oregon is open that year.
    expect((await checkOk({ country: 'US', regions: ['OR'], programYear: '2028-29' })).eligible).toBe(true);
    const missing = await check({ country: 'US', regions: ['OR'], programYear: '2031-32' });
    expect(missing.status).toBe(404);
  });

  it('reports a region it cannot read as unknown, not as an error', async () => {
    const result = await checkOk({ country: 'US', regions: ['WA:Atlantis', 'ZZ', '00000', 'TX'] });
    expect(result.eligible).toBe(false);
    expect(result.reasons).toEqual([
      {
        code: 'unknown_region',
        region: 'WA:Atlantis',
        message: 'There is no county "Atlantis" in Washington.',
      },
      { code: 'unknown_region', region: 'ZZ', message: '"ZZ" is not a US state or territory code.' },
      {
        code: 'unknown_region',
        region: '00000',
        message: 'The ZIP code 00000 is not in the US ZIP code dataset.',
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

  it('shows the FAQ’s reason to an organization outside the US', async () => {
    const html = await (await fetch(`${test.url}/apply?country=Another+country&regions=`)).text();
    expect(html).toContain(OUTSIDE_US_MESSAGE);
    expect(html).not.toContain('Start your application');
  });

  it('names the serving partner with a connect-me form, and shows errors on the page', async () => {
    const html = await (await fetch(`${test.url}/apply?country=United+States&regions=WA,+TX`)).text();
    expect(html).toContain(king.name);
    expect(html).toContain('action="/apply/connect"');
    expect(html).toContain(`name="partnerId" value="${king.id}"`);
    const bad = await fetch(`${test.url}/apply?country=United+States&regions=`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('List the regions you propose to serve');
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
        body: `Sent from the eligibility check, proposing WA: ${king.name} serves King County, WA.`,
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
    expect(await page.text()).toContain('Enter an email address like name@example.org.');
    const notServing = await fetch(
      `${test.url}/apply/connect`,
      formRequest(test, { ...body, partnerId: king.id, email: email() }),
    );
    expect(notServing.status).toBe(400);
    expect(await notServing.text()).toContain('That partner does not serve OR:Multnomah in 2027-28.');
    const stored = await test.deps.db.kysely
      .selectFrom('inquiries')
      .select('partnerId')
      .where('email', 'in', [sender, 'not-an-email'])
      .execute();
    expect(stored).toEqual([{ partnerId: oregon.id }]);
  });
});
