import { afterAll, beforeAll } from 'vitest';
import {
  callApi,
  type ApiResponse,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import { seedPartner, seedYears } from '../../../tests/helpers/seed.js';
import type { Partner } from '../partners/partners.schemas.js';
import type { Workshop } from './workshops.schemas.js';

/*
 * What the workshop test files share: a portal, two partners of one year (A around Seattle, B around Chicago),
 * a user of each role, and helpers. Each file that calls `useWorkshopPortal()` gets its own portal and database.
 */
export let test: TestPortal;
export let partnerA: Partner;
export let partnerB: Partner;
export let staff: TestUser;
export let pmA: TestUser;
export let pmB: TestUser;
export let participant: TestUser;
export let facilitator: TestUser;

export type Who = 'anonymous' | 'participant' | 'facilitator' | 'pmA' | 'pmB' | 'staff';
export const EVERYONE: readonly Who[] = ['anonymous', 'participant', 'facilitator', 'pmA', 'pmB', 'staff'];

export function userOf(who: Who): TestUser | undefined {
  return { anonymous: undefined, participant, facilitator, pmA, pmB, staff }[who];
}

export function useWorkshopPortal(): void {
  beforeAll(async () => {
    test = await startTestPortal();
    await seedYears(test, ['2027-28'], '2027-28');
    partnerA = await seedPartner(test, {
      year: '2027-28',
      name: 'Cascade Computing Partners',
      regions: ['WA'],
    });
    partnerB = await seedPartner(test, { year: '2027-28', name: 'Prairie CS Alliance', regions: ['IL'] });
    [staff, pmA, pmB, participant, facilitator] = await Promise.all([
      signedInUser(test, 'staff'),
      signedInUser(test, 'program_manager', partnerA.id),
      signedInUser(test, 'program_manager', partnerB.id),
      signedInUser(test, 'participant'),
      signedInUser(test, 'facilitator'),
    ]);
  });
  afterAll(async () => {
    await test.close();
  });
}

export function api(method: string, path: string, who: Who, body?: unknown): Promise<ApiResponse> {
  return callApi(test, method, path, userOf(who), body);
}

/** A day this many days from now, as a session's date. */
export function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A valid in-person course workshop of partner A in Seattle, two sessions a month from now. */
export function workshopInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    partnerId: partnerA.id,
    programYear: '2027-28',
    kind: 'course',
    courseId: 'csp',
    subject: '5-day Summer',
    title: 'CS Principles summer workshop',
    description: 'Five days of **CS Principles**.',
    audience: ['teachers'],
    capacity: 30,
    timeZone: 'America/Los_Angeles',
    location: {
      mode: 'in_person',
      venue: 'Seattle Central Library',
      address: '1000 4th Ave, Seattle',
      zip: '98104',
    },
    visibility: 'public',
    sessions: [
      { date: daysFromNow(30), start: '09:00', end: '16:00' },
      { date: daysFromNow(31), start: '09:00', end: '15:00' },
    ],
    ...overrides,
  };
}

/** Creates a workshop through the API as `who` (partner A's manager by default), published when asked. */
export async function createWorkshop(
  overrides: Record<string, unknown> = {},
  options: { who?: Who; publish?: boolean } = {},
): Promise<Workshop> {
  const who = options.who ?? 'pmA';
  const created = await api('POST', '/api/v1/workshops', who, workshopInput(overrides));
  if (created.status !== 201)
    throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const workshop = created.body as unknown as Workshop;
  if (!options.publish) return workshop;
  const published = await api('POST', `/api/v1/workshops/${workshop.id}/publish`, who);
  if (published.status !== 200) throw new Error(`publish failed: ${published.status}`);
  return published.body as unknown as Workshop;
}
