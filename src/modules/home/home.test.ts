import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import { seedPartner, seedYears } from '../../../tests/helpers/seed.js';
import { submitInquiry } from '../inquiries/inquiries.service.js';
import type { Partner } from '../partners/partners.schemas.js';

let test: TestPortal;
let partnerA: Partner;
let users: Record<'staff' | 'pmA' | 'pmB' | 'participant' | 'facilitator', TestUser>;

beforeAll(async () => {
  test = await startTestPortal();
  await seedYears(test, ['2027-28'], '2027-28');
  partnerA = await seedPartner(test, { year: '2027-28', name: 'Home Partner A', regions: ['WA'] });
  const partnerB = await seedPartner(test, { year: '2027-28', name: 'Home Partner B', regions: ['OR'] });
  users = {
    staff: await signedInUser(test, 'staff'),
    pmA: await signedInUser(test, 'program_manager', partnerA.id),
    pmB: await signedInUser(test, 'program_manager', partnerB.id),
    participant: await signedInUser(test, 'participant'),
    facilitator: await signedInUser(test, 'facilitator'),
  };
});
afterAll(async () => {
  await test.close();
});

async function page(path: string, user?: TestUser) {
  const response = await fetch(`${test.url}${path}`, {
    headers: { cookie: user?.cookie ?? '' },
    redirect: 'manual',
  });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

/** The number on the stat card that links to `href`. */
function statFor(html: string, href: string): number | undefined {
  const escaped = href.replaceAll('&', '&amp;').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`<a href="${escaped}"><span class="stat-value">(\\d+)</span>`).exec(html);
  return match ? Number(match[1]) : undefined;
}

describe('the dashboards', () => {
  it('let staff and program managers in, each to their own, and nobody else', async () => {
    expect((await page('/staff', users.staff)).status).toBe(200);
    expect((await page('/partner', users.pmA)).status).toBe(200);
    for (const user of [users.pmA, users.participant, users.facilitator]) {
      expect((await page('/staff', user)).status, user.email).toBe(403);
    }
    for (const user of [users.staff, users.participant, users.facilitator]) {
      expect((await page('/partner', user)).status, user.email).toBe(403);
    }
    for (const path of ['/staff', '/partner']) {
      const anonymous = await page(path);
      expect(anonymous.status).toBe(303);
      expect(anonymous.location).toBe(`/sign-in?next=${encodeURIComponent(path)}`);
    }
  });

  it('count what waits, each count linking to the list of exactly those', async () => {
    const before = await page('/staff', users.staff);
    const openBefore = statFor(before.html, '/inbox?status=open') ?? -1;
    const pmBefore = statFor((await page('/partner', users.pmA)).html, '/inbox?status=open') ?? -1;
    await submitInquiry(test.deps, {
      input: {
        name: 'Dee Dashboard',
        email: 'dee@example.org',
        role: 'teacher',
        zip: '98101',
        message: 'A question for A.',
      },
    });
    expect(statFor((await page('/staff', users.staff)).html, '/inbox?status=open')).toBe(openBefore + 1);
    const pmA = (await page('/partner', users.pmA)).html;
    expect(statFor(pmA, '/inbox?status=open')).toBe(pmBefore + 1);
    expect(statFor(pmA, '/inbox?status=all&unread=yes')).toBeGreaterThan(0);
    // Partner B's manager is not counted A's question.
    expect(statFor((await page('/partner', users.pmB)).html, '/inbox?status=open')).toBe(0);
  });

  it('greet the signed-in person by name in the header', async () => {
    const { html } = await page('/staff', users.staff);
    expect(html).toContain('<span class="visually-hidden">Your account: </span>Test staff</a>');
  });
});

describe('invitations and listings on the dashboards', () => {
  it('count staff the invitations not yet accepted, and show each manager their public listing', async () => {
    const before =
      statFor((await page('/staff', users.staff)).html, '/staff/invitations?status=pending') ?? -1;
    const invited = await fetch(`${test.url}/api/v1/partners/${partnerA.id}/invitations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: test.url, cookie: users.staff.cookie },
      body: JSON.stringify({ email: 'dashboard.invitee@example.org' }),
    });
    expect(invited.status).toBe(201);
    expect(statFor((await page('/staff', users.staff)).html, '/staff/invitations?status=pending')).toBe(
      before + 1,
    );
    const pmA = (await page('/partner', users.pmA)).html;
    expect(pmA).toContain(`href="/partner/listing/${partnerA.id}"`);
    expect(pmA).toContain('home-partner-a@example.org');
    expect(pmA).not.toContain('Home Partner B');
  });
});

describe('a form whose session ran out', () => {
  it('answers 401 with the way to sign in and back to the page the form was on', async () => {
    const response = await fetch(`${test.url}/inbox/some-inquiry/close`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: test.url,
        referer: `${test.url}/inbox/some-inquiry`,
        cookie: 'portal_csrf=test-csrf-token-0123456789abcdefghij',
      },
      body: '_csrf=test-csrf-token-0123456789abcdefghij',
      redirect: 'manual',
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toContain(
      '<a href="/sign-in?next=%2Finbox%2Fsome-inquiry">Sign in, then go back to the page you were on</a>',
    );
  });
});

describe('the press releases on the dashboards', () => {
  it('count those waiting for staff, and those a partner must revise, linking to exactly those', async () => {
    const staffHtml = (await page('/staff', users.staff)).html;
    const waiting = statFor(staffHtml, '/staff/press-releases?status=submitted') ?? -1;
    const create = await fetch(`${test.url}/api/v1/press-releases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: test.url, cookie: users.pmA.cookie },
      body: JSON.stringify({ partnerId: partnerA.id, title: 'Home Partner A joins', bodyMarkdown: 'News.' }),
    });
    expect(create.status).toBe(201);
    const { id } = (await create.json()) as { id: string };
    expect(statFor((await page('/partner', users.pmA)).html, '/partner/press-releases?status=draft')).toBe(1);
    const submit = await fetch(`${test.url}/api/v1/press-releases/${id}/submit`, {
      method: 'POST',
      headers: { origin: test.url, cookie: users.pmA.cookie },
    });
    expect(submit.status).toBe(200);
    expect(statFor((await page('/staff', users.staff)).html, '/staff/press-releases?status=submitted')).toBe(
      waiting + 1,
    );
    expect(
      statFor((await page('/partner', users.pmA)).html, '/partner/press-releases?status=submitted'),
    ).toBe(1);
    expect(
      statFor((await page('/partner', users.pmB)).html, '/partner/press-releases?status=submitted'),
    ).toBe(0);
  });
});

describe('partner applications on the staff dashboard', () => {
  it('count the current year’s new ones, never drafts, linking to the queue filtered by that status', async () => {
    const applicant = await signedInUser(test, 'participant');
    const before =
      statFor((await page('/staff', users.staff)).html, '/staff/applications?status=submitted') ?? -1;
    const draft = await fetch(`${test.url}/api/v1/partner-applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: test.url, cookie: applicant.cookie },
      body: '{}',
    });
    expect(draft.status).toBe(201);
    expect(statFor((await page('/staff', users.staff)).html, '/staff/applications?status=submitted')).toBe(
      before,
    );
    await test.deps.db.kysely
      .updateTable('partnerApplications')
      .set({ status: 'submitted' })
      .where('id', '=', ((await draft.json()) as { id: string }).id)
      .execute();
    expect(statFor((await page('/staff', users.staff)).html, '/staff/applications?status=submitted')).toBe(
      before + 1,
    );
    const queue = await page('/staff/applications?status=submitted', users.staff);
    expect(queue.status).toBe(200);
  });
});
