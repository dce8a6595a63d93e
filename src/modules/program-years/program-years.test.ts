import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formRequest,
  jsonRequest,
  signedInUser,
  startTestPortal,
  type TestPortal,
  type TestUser,
} from '../../../tests/helpers/portal.js';
import { SEEDER, seedPartner } from '../../../tests/helpers/seed.js';
import { createProgramYear } from './program-years.service.js';

let test: TestPortal;
let staff: TestUser;
let others: Record<'participant' | 'facilitator' | 'program_manager', TestUser>;

beforeAll(async () => {
  test = await startTestPortal();
  staff = await signedInUser(test, 'staff');
  others = {
    participant: await signedInUser(test, 'participant'),
    facilitator: await signedInUser(test, 'facilitator'),
    program_manager: await signedInUser(test, 'program_manager'),
  };
});
afterAll(async () => {
  await test.close();
});

interface Year {
  name: string;
  isCurrent: boolean;
  pmFte: number;
}

async function years(): Promise<Year[]> {
  const response = await fetch(`${test.url}/api/v1/program-years`);
  return (await response.json()) as Year[];
}

async function current(): Promise<string[]> {
  return (await years()).filter((year) => year.isCurrent).map((year) => year.name);
}

function post(path: string, fields: Record<string, string>, cookie = staff.cookie) {
  return fetch(`${test.url}${path}`, formRequest(test, fields, cookie));
}

async function page(path: string, cookie = staff.cookie) {
  const response = await fetch(`${test.url}${path}`, { headers: { cookie }, redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

describe('the first year', () => {
  it('becomes current when no year is, even when created by a form that did not ask', async () => {
    expect(await current()).toEqual([]);
    const created = await post('/staff/years', { name: '2027-28', pmFte: '0.5' });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/staff/years?notice=year-created-current');
    expect(await current()).toEqual(['2027-28']);

    // The next one does not take over, by form or by the API.
    expect((await post('/staff/years', { name: '2028-29' })).status).toBe(303);
    const api = await fetch(
      `${test.url}/api/v1/program-years`,
      jsonRequest(test, 'POST', { name: '2029-30' }, staff.cookie),
    );
    expect(api.status).toBe(201);
    expect(((await api.json()) as Year).isCurrent).toBe(false);
    expect(await current()).toEqual(['2027-28']);
  });
});

describe('the years page', () => {
  it('lists the years in a table, the current one marked, sortable by name', async () => {
    const { status, html } = await page('/staff/years');
    expect(status).toBe(200);
    expect(html).toContain('<div class="table-scroll" role="region" aria-labelledby="years-caption"');
    expect(html).toMatch(/<span class="badge badge-success">Current<\/span>/);
    expect(html.indexOf('2029-30')).toBeLessThan(html.indexOf('2027-28'));
    const ascending = await page('/staff/years?sort=year&dir=asc');
    expect(ascending.html.indexOf('>2027-28<')).toBeLessThan(ascending.html.indexOf('>2029-30<'));
    const searched = await page('/staff/years?q=2028');
    expect(searched.html).toContain('>2028-29<');
    expect(searched.html).not.toContain('>2029-30<');
  });

  it('shows a refused year again with what was typed and the message beside its field', async () => {
    const response = await post('/staff/years', { name: '2030-32', pmFte: '3' });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('value="2030-32"');
    expect(html).toContain('The second year must follow the first, like 2027-28.');
    expect(html).toContain('Use at most 1 FTE.');

    const duplicate = await post('/staff/years', { name: '2027-28' });
    expect(duplicate.status).toBe(409);
    expect(await duplicate.text()).toContain('2027-28 already exists.');
  });

  it('saves a year’s FTE, and shows a refused one again in a form of its own', async () => {
    expect((await post('/staff/years/2028-29/settings', { pmFte: '0.3' })).status).toBe(303);
    expect((await years()).find((year) => year.name === '2028-29')?.pmFte).toBe(0.3);
    const refused = await post('/staff/years/2028-29/settings', { pmFte: 'lots' });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('Program manager FTE for 2028-29');
    expect(html).toContain('value="lots"');
    expect(html).toContain('Enter a number between 0.05 and 1, like 0.5.');
  });
});

describe('making another year current', () => {
  it('asks first, saying what the public will see, and changes nothing until confirmed', async () => {
    await seedPartner(test, { year: '2028-29', name: 'Cascade Org', regions: ['WA', 'OR:Multnomah'] });
    await seedPartner(test, { year: '2028-29', name: 'Valley Org', regions: ['98101'] });

    // The button carries the question for the dialog; without JavaScript, the post asks on a page.
    const { html: list } = await page('/staff/years');
    expect(list).toContain('data-confirm-title="Make 2028-29 the current year?"');
    const asked = await post('/staff/years/2028-29/current', {});
    expect(asked.status).toBe(200);
    const question = await asked.text();
    expect(question).toContain('Make 2028-29 the current year?');
    expect(question).toContain(
      'The finder and the partner directory will show 2028-29 to everyone: 2 partners serving 1 state, 1 county and 1 ZIP code.',
    );
    expect(question).toContain('name="confirmed" value="yes"');
    expect(await current()).toEqual(['2027-28']);

    const empty = await post('/staff/years/2029-30/current', {});
    expect(await empty.text()).toContain('No active partner serves a region in 2029-30 yet');

    const confirmed = await post('/staff/years/2028-29/current', { confirmed: 'yes' });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe('/staff/years?notice=year-made-current');
    expect(await current()).toEqual(['2028-29']);
    const finder = await fetch(`${test.url}/find?zip=98101`);
    expect(await finder.text()).toContain('Valley Org');
  });

  it('answers an unknown year with a 404, asking nothing', async () => {
    expect((await post('/staff/years/2090-91/current', {})).status).toBe(404);
    expect((await post('/staff/years/2090-91/current', { confirmed: 'yes' })).status).toBe(404);
  });

  it('keeps the API’s one-step call for clients', async () => {
    const response = await fetch(
      `${test.url}/api/v1/program-years/2027-28/current`,
      jsonRequest(test, 'POST', undefined, staff.cookie),
    );
    expect(response.status).toBe(204);
    expect(await current()).toEqual(['2027-28']);
  });
});

describe('who may', () => {
  it('keeps the years pages and actions to staff', async () => {
    const anonymous = await page('/staff/years', '');
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toMatch(/^\/sign-in/);
    const forms: [string, Record<string, string>][] = [
      ['/staff/years', { name: '2031-32' }],
      ['/staff/years/2027-28/settings', { pmFte: '0.2' }],
      ['/staff/years/2028-29/current', {}],
      ['/staff/years/2028-29/current', { confirmed: 'yes' }],
    ];
    for (const [path, fields] of forms) {
      expect((await post(path, fields, '')).status, `anonymous ${path}`).toBe(401);
    }
    for (const [role, user] of Object.entries(others)) {
      expect((await page('/staff/years', user.cookie)).status, role).toBe(403);
      for (const [path, fields] of forms) {
        expect((await post(path, fields, user.cookie)).status, `${role} ${path}`).toBe(403);
      }
    }
    expect(await current()).toEqual(['2027-28']);
    expect((await years()).map((year) => year.name)).not.toContain('2031-32');
    expect((await years()).find((year) => year.name === '2027-28')?.pmFte).toBe(0.5);
  });

  it('refuses the domain function itself to anyone but staff', async () => {
    await expect(createProgramYear(test.deps, { actor: null, input: { name: '2032-33' } })).rejects.toThrow(
      'Sign in',
    );
    await expect(
      createProgramYear(test.deps, {
        actor: { ...SEEDER, roles: ['participant'] },
        input: { name: '2032-33' },
      }),
    ).rejects.toThrow('Only program staff');
  });
});
