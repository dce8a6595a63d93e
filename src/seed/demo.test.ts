import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonRequest, signedInUser, startTestPortal, type TestPortal } from '../../tests/helpers/portal.js';
import { isEmptyDatabase, loadDemoData } from './demo.js';

let test: TestPortal;

beforeAll(async () => {
  test = await startTestPortal();
});
afterAll(async () => {
  await test.close();
});

async function getJson<T>(path: string, cookie: string): Promise<T> {
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
      'program_manager',
      'staff',
    ]);
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
});
