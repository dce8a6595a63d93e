import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonRequest, signedInUser, startTestPortal, type TestPortal } from '../../tests/helpers/portal.js';
import { SEEDER } from '../../tests/helpers/seed.js';
import { listWaitingApplications } from '../modules/facilitators/facilitators.service.js';
import { getProgress } from '../modules/recruitment/recruitment.goals.service.js';
import { listTargetPage } from '../modules/recruitment/recruitment.service.js';
import {
  listForReview,
  listUnmatched,
} from '../modules/teacher-applications/teacher-applications.service.js';
import { applicationListQuerySchema } from '../modules/teacher-applications/teacher-applications.schemas.js';
import type { Target } from '../modules/recruitment/recruitment.schemas.js';
import type { Workshop } from '../modules/workshops/workshops.schemas.js';
import { describeDemoAccounts, isEmptyDatabase, loadDemoData } from './demo.js';

let test: TestPortal;

beforeAll(async () => {
  test = await startTestPortal();
});
afterAll(async () => {
  await test.close();
});

async function getJson<T>(path: string, cookie?: string): Promise<T> {
  const response = await fetch(`${test.url}${path}`, jsonRequest(test, 'GET', undefined, cookie));
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

describe('the demo data', () => {
  it('fills a new database with something to see on every screen, once', async () => {
    expect(await isEmptyDatabase(test.deps)).toBe(true);
    const { accounts } = await loadDemoData(test.deps, { minimal: false });
    expect(accounts.map((account) => account.role).sort()).toEqual([
      'facilitator',
      'participant',
      'participant',
      'program_manager',
      'staff',
    ]);
    expect(describeDemoAccounts(accounts)).toContain(
      '(participant: applied to facilitate, waiting for staff)',
    );
    expect(await isEmptyDatabase(test.deps)).toBe(false);

    const staff = await signedInUser(test, 'staff');
    const lookup = await getJson<{ partner: { name: string } }>(
      '/api/v1/regions/lookup?zip=98101',
      staff.cookie,
    );
    expect(lookup.partner.name).toBe('King County CS Collaborative');

    const queue = await getJson<{
      applications: { status: string; leadOrganization: string; states: string[] }[];
    }>('/api/v1/partner-applications/queue?year=2027-28', staff.cookie);
    expect(queue.applications).toEqual([
      expect.objectContaining({
        status: 'submitted',
        leadOrganization: 'Gem State CS Coalition',
        states: ['ID'],
      }),
    ]);
    const releases = await getJson<{ pressReleases: { status: string; partnerName: string }[] }>(
      '/api/v1/press-releases',
      staff.cookie,
    );
    expect(releases.pressReleases).toEqual([
      expect.objectContaining({ status: 'submitted', partnerName: 'Cascade Computing Alliance' }),
    ]);

    // Loading again (a restart on the same file) adds nothing and prints no passwords.
    expect((await loadDemoData(test.deps, { minimal: false })).accounts).toEqual([]);
    const again = await getJson<{ applications: unknown[] }>(
      '/api/v1/partner-applications/queue?year=2027-28',
      staff.cookie,
    );
    expect(again.applications).toHaveLength(1);
  });

  // On the data the test above loaded.
  it('gives each demo partner published workshops of every kind this year, led by its contracted facilitator', async () => {
    const staff = await signedInUser(test, 'staff');
    const { programYear, partners } = await getJson<{
      programYear: string;
      partners: { id: string; name: string }[];
    }>('/api/v1/partners', staff.cookie);
    expect(partners).toHaveLength(3);
    // The public catalog: upcoming, published, public workshops (on one page).
    const catalog = await getJson<{ workshops: Workshop[]; total: number }>('/api/v1/workshops');
    expect(catalog.workshops).toHaveLength(catalog.total);

    for (const partner of partners) {
      const workshops = catalog.workshops.filter((workshop) => workshop.partnerId === partner.id);
      expect(workshops.map((workshop) => [workshop.status, workshop.programYear])).toEqual(
        workshops.map(() => ['published', programYear]),
      );
      expect(new Set(workshops.map((workshop) => workshop.kind)), partner.name).toEqual(
        new Set(['course', 'counselor_admin', 'partner_own']),
      );
      expect(workshops.filter((workshop) => workshop.location.mode === 'virtual')).toHaveLength(1);
      expect(workshops.map((workshop) => [workshop.subject, workshop.sessions.length])).toEqual(
        expect.arrayContaining([
          ['5-day Summer', 5],
          ['Academic Year Workshop 2', 2],
        ]),
      );
      // In person near its region: each venue's ZIP code is one the finder gives to this partner.
      for (const workshop of workshops) {
        if (workshop.location.mode !== 'in_person') continue;
        const lookup = await getJson<{ partner: { name: string } | null }>(
          `/api/v1/regions/lookup?zip=${workshop.location.zip}`,
        );
        expect(lookup.partner?.name, workshop.title).toBe(partner.name);
      }

      const { contracts } = await getJson<{ contracts: { facilitatorId: string; programYear: string }[] }>(
        `/api/v1/partners/${partner.id}/facilitators`,
        staff.cookie,
      );
      const contract = contracts.find((candidate) => candidate.programYear === programYear);
      expect(contract, partner.name).toBeDefined();
      for (const workshop of workshops.filter((candidate) => candidate.kind !== 'partner_own')) {
        expect(
          workshop.facilitators.map((presenter) => presenter.facilitatorId),
          workshop.title,
        ).toContain(contract?.facilitatorId);
      }
    }

    // A facilitator application waiting in the staff queue.
    const waiting = await listWaitingApplications(test.deps.db.kysely, { actor: SEEDER, query: {} });
    expect(waiting.rows).toEqual([
      expect.objectContaining({
        name: 'Alex Applicant',
        courses: [expect.objectContaining({ courseId: 'csd', decision: 'pending' })],
      }),
    ]);
  });

  // On the data the first test loaded (twice).
  it('gives the demo year recruitment: goals, pipelines across stages, and teacher applications in every status', async () => {
    const staff = await signedInUser(test, 'staff');
    const { partners } = await getJson<{ partners: { id: string; name: string }[] }>(
      '/api/v1/partners',
      staff.cookie,
    );
    const cascade = partners.find((partner) => partner.name === 'Cascade Computing Alliance');
    if (!cascade) throw new Error('the first demo partner is missing');

    const progress = await getProgress(test.deps, { actor: SEEDER, partnerId: cascade.id });
    const csp = progress.courses.find((course) => course.courseId === 'csp');
    expect(csp?.goal).toEqual({ districts: 3, schools: 8, teachers: 20 });
    // Demo Cascade High School by its pipeline, Demo Inland Empire High School by its accepted teacher.
    expect(csp?.committed).toEqual({ districts: 1, schools: 2, teachers: 1 });
    expect(progress.courses.find((course) => course.courseId === 'csd')?.committed.districts).toBe(1);

    const targets = { rows: [] as Target[] };
    for (const course of ['csp', 'csd']) {
      const { page } = await listTargetPage(test.deps, {
        actor: SEEDER,
        partnerId: cascade.id,
        query: { course },
      });
      targets.rows.push(...page.rows);
    }
    expect(new Set(targets.rows.map((target) => target.stage))).toEqual(
      new Set(['prospect', 'contacted', 'interested', 'committed', 'declined']),
    );
    expect(targets.rows.every((target) => target.owner?.email === 'manager@demo.test')).toBe(true);
    expect(targets.rows.filter((target) => target.nextStep && target.nextStepOn).length).toBeGreaterThan(1);

    const query = (input: Record<string, string>) => applicationListQuerySchema.parse(input);
    const all = await listForReview(test.deps.db.kysely, { actor: SEEDER, query: query({}) });
    expect(all.rows.map((application) => application.status).sort()).toEqual([
      'accepted',
      'accepted',
      'declined',
      'in_review',
      'submitted',
      'submitted',
      'waitlisted',
      'withdrawn',
    ]);
    for (const accepted of all.rows.filter((application) => application.status === 'accepted')) {
      expect(accepted.workshopId, accepted.teacher.name).not.toBeNull();
    }
    expect(all.rows.find((application) => application.teacher.email === 'teacher@demo.test')).toMatchObject({
      status: 'submitted',
      courseId: 'csd',
      partner: { name: 'Cascade Computing Alliance' },
    });

    const unmatched = await listUnmatched(test.deps.db.kysely, { actor: SEEDER, query: query({}) });
    expect(unmatched.rows.map((application) => [application.school.name, application.school.state])).toEqual([
      ['Demo Snake River Academy', 'ID'],
    ]);
  });
});
