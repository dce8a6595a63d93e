import { beforeAll, describe, expect, it } from 'vitest';
import { api, createWorkshop, daysFromNow, test, useWorkshopPortal } from './workshops.fixture.js';
import type { Workshop } from './workshops.schemas.js';

useWorkshopPortal();

const inPerson = (city: string, zip: string) => ({
  title: `Workshop in ${city}`,
  location: { mode: 'in_person', venue: `${city} High School`, address: '1 Main St', zip },
});

let titles: (query: string) => Promise<string[]>;

beforeAll(async () => {
  await createWorkshop(inPerson('Tacoma', '98402'), { publish: true });
  await createWorkshop(inPerson('Redmond', '98052'), { publish: true });
  await createWorkshop(inPerson('Olympia', '98501'), { publish: true });
  await createWorkshop(
    { ...inPerson('Kent', '98032'), kind: 'counselor_admin', audience: ['counselors', 'administrators'] },
    { publish: true },
  );
  await createWorkshop(
    { title: 'Workshop online', location: { mode: 'virtual', url: 'https://meet.example.org/a' } },
    { publish: true },
  );
  await createWorkshop(inPerson('Seattle (draft)', '98104'));
  await createWorkshop(
    { ...inPerson('Seattle (invitation)', '98104'), visibility: 'invitation' },
    { publish: true },
  );
  await createWorkshop(
    {
      ...inPerson('Seattle (soon)', '98104'),
      sessions: [{ date: daysFromNow(3), start: '09:00', end: '12:00' }],
    },
    { publish: true },
  );
  titles = async (query) => {
    const response = await api('GET', `/api/v1/workshops?${query}`, 'anonymous');
    expect(response.status).toBe(200);
    return (response.body.workshops as Workshop[]).map((workshop) => workshop.title);
  };
});

describe('the public catalog', () => {
  it('lists upcoming published public workshops only, soonest first', async () => {
    const listed = await titles('');
    expect(listed).not.toContain('Workshop in Seattle (draft)');
    expect(listed).not.toContain('Workshop in Seattle (invitation)');
    expect(listed[0]).toBe('Workshop in Seattle (soon)');
    expect(listed).toHaveLength(6);
  });

  it('puts the nearest first within the radius, then virtual ones, with the distance', async () => {
    expect(await titles('near=98104&radiusMiles=30')).toEqual([
      'Workshop in Seattle (soon)',
      'Workshop in Redmond',
      'Workshop in Kent',
      'Workshop in Tacoma',
      'Workshop online',
    ]);
    expect(await titles('near=98104&radiusMiles=60&mode=in_person')).toEqual([
      'Workshop in Seattle (soon)',
      'Workshop in Redmond',
      'Workshop in Kent',
      'Workshop in Tacoma',
      'Workshop in Olympia',
    ]);
    const response = await api(
      'GET',
      '/api/v1/workshops?near=98104&radiusMiles=12&mode=in_person',
      'anonymous',
    );
    const distances = (response.body.workshops as Workshop[]).map((workshop) => workshop.distanceMiles);
    expect(distances).toEqual([0, 10.5]);
  });

  it('filters by kind, course, audience and dates, keeping kinds apart', async () => {
    expect(await titles('kind=counselor_admin')).toEqual(['Workshop in Kent']);
    expect(await titles('audience=counselors')).toEqual(['Workshop in Kent']);
    expect(await titles('course=csd')).toEqual([]);
    expect(await titles(`from=${daysFromNow(10)}&kind=course&mode=virtual`)).toEqual(['Workshop online']);
    expect(await titles(`to=${daysFromNow(10)}`)).toEqual(['Workshop in Seattle (soon)']);
  });

  it('says what is wrong with a ZIP code, a radius or a kind', async () => {
    const unknown = await api('GET', '/api/v1/workshops?near=00001', 'anonymous');
    expect(unknown.status).toBe(404);
    const errors = unknown.body.errors as { path: string; message: string }[];
    expect(errors.map((error) => error.path)).toEqual(['near']);
    expect(errors[0]?.message).toMatch(/not in the US ZIP/);
    for (const query of ['near=abc', 'radiusMiles=0', 'kind=party', 'from=2027-02-30']) {
      expect((await api('GET', `/api/v1/workshops?${query}`, 'anonymous')).status).toBe(400);
    }
  });

  it('shows the same on its page, with the ZIP’s place and a way back from an empty search', async () => {
    const page = await (await fetch(`${test.url}/workshops?near=98104&radiusMiles=30`)).text();
    expect(page).toContain('Nearest first from 98104 (Seattle, WA)');
    expect(page.indexOf('Workshop in Redmond')).toBeLessThan(page.indexOf('Workshop in Tacoma'));
    expect(page).toContain('10.5 miles away');
    const empty = await (await fetch(`${test.url}/workshops?course=csd`)).text();
    expect(empty).toContain('No upcoming workshop matches');
    const refused = await fetch(`${test.url}/workshops?near=00001`);
    expect(refused.status).toBe(404);
    const refusedPage = await refused.text();
    expect(refusedPage).toContain('The ZIP code 00001 is not in the US ZIP code dataset');
    expect(refusedPage).toContain('value="00001"');
  });
});
