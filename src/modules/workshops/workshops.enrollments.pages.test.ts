import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { formRequest } from '../../../tests/helpers/portal.js';
import type { Enrollment } from './workshops.enrollments.schemas.js';
import { api, createWorkshop, test, userOf, useWorkshopPortal, type Who } from './workshops.fixture.js';

useWorkshopPortal();

async function post(path: string, fields: Record<string, string>, who: Who = 'anonymous') {
  return fetch(`${test.url}${path}`, formRequest(test, fields, userOf(who)?.cookie));
}

async function page(path: string, who: Who = 'anonymous') {
  const response = await fetch(`${test.url}${path}`, {
    redirect: 'manual',
    headers: { cookie: userOf(who)?.cookie ?? '' },
  });
  return { status: response.status, html: await response.text() };
}

describe('signing up on the workshop’s page', () => {
  it('takes a visitor’s name and email, lands on their private page, and asks before giving the place up', async () => {
    const workshop = await createWorkshop({ capacity: 1 }, { publish: true });
    const form = await page(`/workshops/${workshop.id}`);
    expect(form.html).toContain('1 of 1 seats left.');

    const refused = await post(`/workshops/${workshop.id}/enroll`, {
      name: 'Rosa Parks',
      email: 'rosa@',
      role: 'teacher',
    });
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('Enter an email address like name@example.org.');
    expect(refusedHtml).toContain('value="Rosa Parks"');

    const signedUp = await post(`/workshops/${workshop.id}/enroll`, {
      name: 'Rosa Parks',
      email: 'rosa@example.org',
      role: 'teacher',
      school: 'Lincoln High',
    });
    expect(signedUp.status).toBe(303);
    const location = signedUp.headers.get('location') ?? '';
    expect(location).toMatch(/^\/enrollments\/[\w-]+\?token=[\w-]+&notice=enrolled$/);
    const manage = await page(location);
    expect(manage.html).toContain('Enrolled');

    expect((await page(`/workshops/${workshop.id}`)).html).toContain('Join the waitlist');

    const id = /\/enrollments\/([\w-]+)/.exec(location)?.[1] ?? '';
    const token = new URL(location, test.url).searchParams.get('token') ?? '';
    const asked = await post(`/enrollments/${id}/cancel`, { token });
    expect(await asked.text()).toContain('Give up your place?');
    expect((await api('GET', `/api/v1/enrollments/${id}?token=${token}`, 'anonymous')).body.status).toBe(
      'enrolled',
    );
    const given = await post(`/enrollments/${id}/cancel`, { token, confirmed: 'yes' });
    expect(given.status).toBe(303);
    expect((await api('GET', `/api/v1/enrollments/${id}?token=${token}`, 'anonymous')).body.status).toBe(
      'cancelled',
    );
  });

  it('lists a signed-in person’s workshops on their page and in their calendar feed', async () => {
    const workshop = await createWorkshop({ title: 'Saturday CS for all' }, { publish: true });
    expect((await post(`/workshops/${workshop.id}/enroll`, { role: 'teacher' }, 'participant')).status).toBe(
      303,
    );
    const mine = await page('/my/workshops', 'participant');
    expect(mine.html).toContain('Saturday CS for all');
    expect(mine.html).toContain('Enrolled');
    const feed = (await api('GET', '/api/v1/me/calendar-feed', 'participant')).body.url as string;
    const events = ICAL.Component.fromString(await (await fetch(feed)).text()).getAllSubcomponents('vevent');
    expect(events).toHaveLength(2);
    expect((await page('/my/workshops')).status).toBe(303);
  });

  it('lets the workshop’s organizer add someone else, through the same seats', async () => {
    const workshop = await createWorkshop({ capacity: 1 }, { publish: true });
    const added = await api('POST', `/api/v1/workshops/${workshop.id}/enrollments`, 'pmA', {
      name: 'Walk In',
      email: 'walk.in@example.org',
      role: 'administrator',
    });
    expect(added.body).toMatchObject({ status: 'enrolled', email: 'walk.in@example.org', name: 'Walk In' });
    const second = await api('POST', `/api/v1/workshops/${workshop.id}/enrollments`, 'pmA', {
      name: 'Second Person',
      email: 'second@example.org',
      role: 'teacher',
    });
    expect((second.body as unknown as Enrollment).status).toBe('waitlisted');
  });
});
