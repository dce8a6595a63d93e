import { beforeAll, describe, expect, it } from 'vitest';
import { SEEDER } from '../../../tests/helpers/seed.js';
import {
  api,
  facilitator,
  page,
  participant,
  partnerA,
  partnerB,
  pmA,
  pmB,
  releaseIn,
  staff,
  test,
  usePressReleasePortal,
} from './press-releases.fixture.js';
import type { PressRelease } from './press-releases.schemas.js';
import { countPressReleases, requestPressReleaseChanges } from './press-releases.service.js';

usePressReleasePortal();

interface ListBody {
  pressReleases: PressRelease[];
  total: number;
  page: number;
  pageCount: number;
  truncated: boolean;
}

/** One release in each status but published, of A, and a draft of B; titles say which. */
const made: Record<string, string> = {};

beforeAll(async () => {
  made.draft = await releaseIn('draft', partnerA.id, 'Lists draft of A');
  made.submitted = await releaseIn('submitted', partnerA.id, 'Lists waiting one of A');
  made.submittedB = await releaseIn('submitted', partnerB.id, 'Lists waiting one of B');
  made.approved = await releaseIn('approved', partnerA.id, 'Lists approved of A');
  made.changes = await releaseIn('submitted', partnerA.id, 'Lists sent back of A');
  await requestPressReleaseChanges(test.deps, {
    actor: SEEDER,
    id: made.changes,
    input: { body: 'Shorter.' },
  });
  made.draftB = await releaseIn('draft', partnerB.id, 'Lists draft of B');
});

describe('the staff list', () => {
  it('?status=submitted lists exactly the press releases waiting for review', async () => {
    const waiting = await page('/staff/press-releases?status=submitted', staff);
    expect(waiting.status).toBe(200);
    for (const id of [made.submitted, made.submittedB])
      expect(waiting.html).toContain(`/staff/press-releases/${id}"`);
    for (const id of [made.draft, made.approved, made.changes, made.draftB]) {
      expect(waiting.html).not.toContain(`/staff/press-releases/${id}"`);
    }
    const viaApi = await api('GET', '/api/v1/press-releases?status=submitted', staff);
    expect((viaApi.body as ListBody).pressReleases.map((release) => release.id).sort()).toEqual(
      [made.submitted, made.submittedB].sort(),
    );
    // Without a status, every one of them; the page says how many wait and links to them.
    const all = await page('/staff/press-releases', staff);
    for (const id of Object.values(made)) expect(all.html).toContain(`/staff/press-releases/${id}"`);
    expect(all.html).toContain('href="/staff/press-releases?status=submitted"');
    expect(all.html).toContain('2 press releases are waiting for review');
  });

  it('searches titles and partners, and sorts by title', async () => {
    const found = await page('/staff/press-releases?q=sent+back', staff);
    expect(found.html).toContain(`/staff/press-releases/${made.changes}"`);
    expect(found.html).not.toContain(`/staff/press-releases/${made.draft}"`);
    const ofB = (await api('GET', `/api/v1/press-releases?q=${encodeURIComponent(partnerB.name)}`, staff))
      .body as ListBody;
    expect(ofB.pressReleases.map((release) => release.id).sort()).toEqual(
      [made.submittedB, made.draftB].sort(),
    );
    const byTitle = (await api('GET', '/api/v1/press-releases?q=Lists&sort=title&dir=asc', staff))
      .body as ListBody;
    const titles = byTitle.pressReleases.map((release) => release.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b)));
    expect(titles).toHaveLength(6);
    const none = await page('/staff/press-releases?q=nothing+like+this', staff);
    expect(none.html).toContain('No press releases match');
  });

  it('pages through a long list; the API keeps its fields and adds where the page sits', async () => {
    for (let n = 0; n < 26; n++)
      await releaseIn('draft', partnerB.id, `Paged release ${String(n).padStart(2, '0')}`);
    const first = (await api('GET', '/api/v1/press-releases?q=Paged&sort=title&dir=asc', staff))
      .body as ListBody;
    expect(first.pressReleases).toHaveLength(25);
    expect(first).toMatchObject({ total: 26, page: 1, pageCount: 2, truncated: true });
    expect(first.pressReleases[0]).toMatchObject({
      title: 'Paged release 00',
      partnerId: partnerB.id,
      partnerName: partnerB.name,
      status: 'draft',
      latestVersion: null,
    });
    const second = (await api('GET', '/api/v1/press-releases?q=Paged&sort=title&dir=asc&page=2', staff))
      .body as ListBody;
    expect(second.pressReleases.map((release) => release.title)).toEqual(['Paged release 25']);
    expect(second).toMatchObject({ page: 2, truncated: false });
    const pageTwo = await page('/staff/press-releases?q=Paged&sort=title&dir=asc&page=2', staff);
    expect(pageTwo.html).toContain('Paged release 25');
    expect(pageTwo.html).toContain('aria-label="Page 1"');
  });

  it('refuses a status or page it does not know, saying why', async () => {
    const badStatus = await page('/staff/press-releases?status=lost', staff);
    expect(badStatus.status).toBe(400);
    expect(badStatus.html).toContain('Choose a status: draft, submitted');
    const badApi = await api('GET', '/api/v1/press-releases?page=99', staff);
    expect(badApi.status).toBe(400);
    expect(badApi.type).toContain('application/problem+json');
  });
});

describe('the partner list', () => {
  it('shows a program manager only their partner’s press releases, filtered as asked', async () => {
    const ofA = await page('/partner/press-releases', pmA);
    expect(ofA.html).toContain(`/partner/press-releases/${made.draft}"`);
    expect(ofA.html).not.toContain(`/partner/press-releases/${made.draftB}"`);
    const waitingOfA = await page('/partner/press-releases?status=submitted', pmA);
    expect(waitingOfA.html).toContain(`/partner/press-releases/${made.submitted}"`);
    expect(waitingOfA.html).not.toContain(`/partner/press-releases/${made.draft}"`);
    expect(waitingOfA.html).not.toContain(`/partner/press-releases/${made.submittedB}"`);
    // Asking for B's by name finds nothing of B's.
    const named = (await api('GET', `/api/v1/press-releases?q=${encodeURIComponent(partnerB.name)}`, pmA))
      .body as ListBody;
    expect(named.pressReleases).toEqual([]);
  });
});

describe('countPressReleases', () => {
  const actorOf = async (email: string, roles: ('staff' | 'program_manager')[], partnerIds: string[]) => {
    const user = await test.deps.db.kysely
      .selectFrom('users')
      .select(['id', 'email', 'name'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    return { ...user, roles, partnerIds };
  };

  it('counts by status: every partner’s for staff, their partners’ for a program manager', async () => {
    const db = test.deps.db.kysely;
    const forStaff = await countPressReleases(db, { actor: await actorOf(staff.email, ['staff'], []) });
    const forA = await countPressReleases(db, {
      actor: await actorOf(pmA.email, ['program_manager'], [partnerA.id]),
    });
    const forB = await countPressReleases(db, {
      actor: await actorOf(pmB.email, ['program_manager'], [partnerB.id]),
    });
    expect(forA).toEqual({ draft: 1, submitted: 1, changes_requested: 1, approved: 1, published: 0 });
    expect(forB.submitted).toBe(1);
    expect(forB.changes_requested).toBe(0);
    expect(forStaff.submitted).toBe(2);
    expect(forStaff.draft).toBe(forA.draft + forB.draft);
    const rows = await db.selectFrom('pressReleases').select('id').execute();
    expect(Object.values(forStaff).reduce((sum, n) => sum + n, 0)).toBe(rows.length);
  });

  it('refuses anyone who does not work with press releases', async () => {
    const db = test.deps.db.kysely;
    await expect(countPressReleases(db, { actor: null })).rejects.toMatchObject({ status: 401 });
    for (const user of [participant, facilitator]) {
      const actor = await test.deps.db.kysely
        .selectFrom('users')
        .select(['id', 'email', 'name'])
        .where('email', '=', user.email)
        .executeTakeFirstOrThrow();
      await expect(
        countPressReleases(db, { actor: { ...actor, roles: ['participant'], partnerIds: [] } }),
      ).rejects.toMatchObject({ status: 403 });
    }
  });
});
