import { describe, expect, it } from 'vitest';
import { formRequest } from '../../../tests/helpers/portal.js';
import {
  createWorkshop,
  daysFromNow,
  EVERYONE,
  partnerA,
  partnerB,
  test,
  userOf,
  useWorkshopPortal,
  type Who,
} from './workshops.fixture.js';

useWorkshopPortal();

/** The form's fields for a one-session in-person course workshop of partner A. */
function formFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    partnerId: partnerA.id,
    kind: 'course',
    courseId: 'csd',
    subject: 'Academic Year Workshop 1',
    title: 'CS Discoveries, first Saturday',
    description: '',
    audience: 'teachers',
    capacity: '24',
    timeZone: 'America/Los_Angeles',
    'sessions.0.date': daysFromNow(20),
    'sessions.0.start': '09:00',
    'sessions.0.end': '15:00',
    'sessions.1.date': '',
    'sessions.1.start': '',
    'sessions.1.end': '',
    'location.mode': 'in_person',
    'location.venue': 'Tacoma Public Library',
    'location.address': '1102 Tacoma Ave S',
    'location.zip': '98402',
    'location.url': '',
    registrationOpensAt: '',
    registrationClosesAt: '',
    visibility: 'public',
    ...overrides,
  };
}

async function post(path: string, fields: Record<string, string>, who: Who = 'pmA') {
  return fetch(`${test.url}${path}`, formRequest(test, fields, userOf(who)?.cookie));
}

async function page(path: string, who: Who = 'pmA') {
  return fetch(`${test.url}${path}`, { headers: { cookie: userOf(who)?.cookie ?? '' }, redirect: 'manual' });
}

describe('the workshop pages', () => {
  it('create a draft from the form, keeping what was typed beside each message when refused', async () => {
    const refused = await post('/workshops/new', formFields({ capacity: '0', 'sessions.0.end': '08:00' }));
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('A workshop has at least 1 seat.');
    expect(html).toContain('The session must end after it starts, on the same day.');
    expect(html).toContain('value="CS Discoveries, first Saturday"');
    expect(html).toContain('value="Tacoma Public Library"');

    const created = await post('/workshops/new', formFields());
    expect(created.status).toBe(303);
    const location = created.headers.get('location') ?? '';
    expect(location).toMatch(/^\/workshops\/[\w-]+\?notice=workshop-created$/);
    const shown = await (await page(location)).text();
    expect(shown).toContain('Draft');
    expect(shown).toContain('CS Discoveries: Academic Year Workshop 1');
    expect(shown).toContain('9:00 AM – 3:00 PM P');
  });

  it('publish, then cancel with a reason on a page that asks first', async () => {
    const workshop = await createWorkshop();
    expect((await post(`/workshops/${workshop.id}/publish`, {})).status).toBe(303);
    const askPage = await (await page(`/workshops/${workshop.id}/cancel`)).text();
    expect(askPage).toContain('Cancelling cannot be undone');
    const noReason = await post(`/workshops/${workshop.id}/cancel`, { confirmed: 'yes', reason: '' });
    expect(noReason.status).toBe(400);
    const cancelled = await post(`/workshops/${workshop.id}/cancel`, {
      confirmed: 'yes',
      reason: 'Snow closed the roads.',
    });
    expect(cancelled.status).toBe(303);
    const shown = await (await page(`/workshops/${workshop.id}`, 'anonymous')).text();
    expect(shown).toContain('This workshop is cancelled.');
    expect(shown).toContain('Snow closed the roads.');
  });

  it('edit a workshop from its saved values', async () => {
    const workshop = await createWorkshop();
    const form = await (await page(`/workshops/${workshop.id}/edit`)).text();
    expect(form).toContain(`value="${daysFromNow(30)}"`);
    const saved = await post(`/workshops/${workshop.id}/edit`, formFields({ title: 'Renamed workshop' }));
    expect(saved.status).toBe(303);
    expect(await (await page(`/workshops/${workshop.id}`)).text()).toContain('Renamed workshop');
    // B's manager cannot open A's draft, nor post to it.
    expect((await page(`/workshops/${workshop.id}/edit`, 'pmB')).status).toBe(404);
    expect((await post(`/workshops/${workshop.id}/edit`, formFields(), 'pmB')).status).toBe(404);
  });

  it('are open to the roles they are for', async () => {
    const published = await createWorkshop(
      { partnerId: partnerB.id, title: 'B’s workshop' },
      { who: 'pmB', publish: true },
    );
    const expectations: [string, Record<Who, number>][] = [
      ['/workshops', { anonymous: 200, participant: 200, facilitator: 200, pmA: 200, pmB: 200, staff: 200 }],
      [
        `/workshops/${published.id}`,
        { anonymous: 200, participant: 200, facilitator: 200, pmA: 200, pmB: 200, staff: 200 },
      ],
      [
        '/workshops/new',
        { anonymous: 303, participant: 403, facilitator: 403, pmA: 200, pmB: 200, staff: 200 },
      ],
      [
        '/partner/workshops',
        { anonymous: 303, participant: 403, facilitator: 403, pmA: 200, pmB: 200, staff: 200 },
      ],
      [
        '/staff/workshops',
        { anonymous: 303, participant: 403, facilitator: 403, pmA: 403, pmB: 403, staff: 200 },
      ],
      [
        `/workshops/${published.id}/edit`,
        { anonymous: 303, participant: 403, facilitator: 403, pmA: 403, pmB: 200, staff: 200 },
      ],
      [
        `/workshops/${published.id}/cancel`,
        { anonymous: 303, participant: 403, facilitator: 403, pmA: 403, pmB: 200, staff: 200 },
      ],
    ];
    for (const [path, statuses] of expectations) {
      for (const who of EVERYONE) {
        expect({ path, who, status: (await page(path, who)).status }).toEqual({
          path,
          who,
          status: statuses[who],
        });
      }
    }
    const listOfA = await (await page('/partner/workshops', 'pmA')).text();
    expect(listOfA).not.toContain('B’s workshop');
    expect(await (await page('/staff/workshops', 'staff')).text()).toContain('B’s workshop');
    for (const who of ['anonymous', 'participant', 'facilitator', 'pmA'] as const) {
      const expected = who === 'anonymous' ? 401 : 403;
      expect(
        (await post(`/workshops/${published.id}/cancel`, { confirmed: 'yes', reason: 'x' }, who)).status,
      ).toBe(expected);
      expect((await post(`/workshops/${published.id}/publish`, {}, who)).status).toBe(expected);
    }
  });
});
