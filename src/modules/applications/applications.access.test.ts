import { describe, expect, it } from 'vitest';
import type { TestUser } from '../../../tests/helpers/portal.js';
import {
  API,
  LISTING,
  api,
  applicant,
  completeDraft,
  facilitator,
  fieldError,
  form,
  managerA,
  managerB,
  other,
  page,
  staff,
  submittedApplication,
  test,
  toInterview,
  useApplicationPortal,
  writes,
  type Problem,
} from './applications.fixture.js';
import type { Application } from './applications.schemas.js';

useApplicationPortal();

/** Everyone but staff and the applicant: none of them may see an applicant's application. */
const outsiders = () => [other, facilitator, managerA, managerB];

describe('the applicant’s side', () => {
  it('shows an application only to its applicant and staff, and lets only the applicant change it', async () => {
    const id = await completeDraft(applicant.cookie, 'Private', ['RI']);
    expect((await api('GET', `${API}/${id}`)).status).toBe(401);
    for (const user of outsiders()) {
      expect((await api('GET', `${API}/${id}`, undefined, user.cookie)).status).toBe(404);
      expect((await api('PUT', `${API}/${id}/region`, { regions: ['RI'] }, user.cookie)).status).toBe(404);
      expect((await api('POST', `${API}/${id}/submit`, undefined, user.cookie)).status).toBe(404);
      expect((await api('POST', `${API}/${id}/withdraw`, undefined, user.cookie)).status).toBe(404);
      expect((await api('DELETE', `${API}/${id}`, undefined, user.cookie)).status).toBe(404);
      expect((await page(`/applications/${id}`, user.cookie)).status).toBe(404);
      expect((await form(`/applications/${id}/region`, { regions: 'RI' }, user.cookie)).status).toBe(404);
      // Not even asked to confirm: to them it does not exist.
      for (const action of ['withdraw', 'delete']) {
        expect((await form(`/applications/${id}/${action}`, {}, user.cookie)).status).toBe(404);
        expect((await form(`/applications/${id}/${action}`, { confirmed: 'yes' }, user.cookie)).status).toBe(
          404,
        );
      }
    }
    for (const step of ['', '/organizations', '/region', '/staffing', '/narrative', '/review']) {
      expect((await page(`/applications/${id}${step}`, applicant.cookie)).status, step).toBe(200);
    }
    expect((await api('GET', `${API}/${id}`, undefined, staff.cookie)).status).toBe(200);
    expect((await api('PUT', `${API}/${id}/region`, { regions: ['RI'] }, staff.cookie)).status).toBe(403);
    expect((await api('DELETE', `${API}/${id}`, undefined, staff.cookie)).status).toBe(403);
    expect((await form(`/applications/${id}/delete`, { confirmed: 'yes' }, staff.cookie)).status).toBe(403);
    expect((await api('GET', API)).status).toBe(401);
    expect((await api('POST', API, {})).status).toBe(401);
    expect((await api('DELETE', `${API}/${id}`)).status).toBe(401);
    const mine = await api<{ id: string }[]>('GET', API, undefined, other.cookie);
    expect(mine.body.map((a) => a.id)).not.toContain(id);
    expect(await api<Application>('GET', `${API}/${id}`, undefined, applicant.cookie)).toMatchObject({
      body: { status: 'draft' },
    });
    // Pages send anonymous visitors to sign in.
    for (const path of ['/applications', `/applications/${id}`]) {
      const anonymous = await page(path);
      expect(anonymous.status, path).toBe(303);
      expect(anonymous.location).toMatch(/^\/sign-in/);
    }
    // A form posted without a session is refused, not redirected: the post would be lost on the way.
    for (const action of ['withdraw', 'delete']) {
      expect((await form(`/applications/${id}/${action}`, { confirmed: 'yes' }, '')).status, action).toBe(
        401,
      );
    }
  });

  it('names the field a bad program year came from', async () => {
    const malformed = await api<Problem>('POST', API, { programYear: '2027-29' }, applicant.cookie);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors?.map((e) => e.path)).toEqual(['programYear']);
  });
});

describe('staff’s side', () => {
  it('keeps review, decisions and configuration to staff', async () => {
    const id = await submittedApplication(applicant.cookie, 'Guarded', ['NH']);
    const staffOnly: [string, string, unknown][] = [
      ['GET', `${API}/queue`, undefined],
      ['GET', `${API}/settings`, undefined],
      ['PUT', `${API}/settings`, { questions: ['x'], criteria: [{ title: 'y', maxScore: 1 }] }],
      ['GET', `${API}/${id}/review`, undefined],
      ['PUT', `${API}/${id}/scores`, { scores: {} }],
      ['POST', `${API}/${id}/notes`, { body: 'x' }],
      ['POST', `${API}/${id}/transitions`, { to: 'in_review' }],
    ];
    for (const [method, path, body] of staffOnly) {
      expect((await api(method, path, body)).status, `${method} ${path} anonymous`).toBe(401);
      for (const user of [applicant, ...outsiders()]) {
        expect((await api(method, path, body, user.cookie)).status, `${method} ${path} ${user.email}`).toBe(
          403,
        );
      }
    }
    const pages = ['/staff/applications', '/staff/applications/settings', `/staff/applications/${id}`];
    for (const path of pages) {
      const anonymous = await page(path);
      expect(anonymous.status).toBe(303);
      expect(anonymous.location).toMatch(/^\/sign-in/);
      for (const user of [applicant, ...outsiders()]) {
        expect((await page(path, user.cookie)).status, `${path} ${user.email}`).toBe(403);
      }
      expect((await page(path, staff.cookie)).status, path).toBe(200);
    }
    expect((await api('GET', `${API}/does-not-exist`, undefined, staff.cookie)).status).toBe(404);
  });

  it('keeps every staff form and move page to staff, changing nothing for anybody else', async () => {
    const id = await submittedApplication(applicant.cookie, 'Guarded Moves', ['AR']);
    await toInterview(id);
    const before = await writes();
    const posts: [string, Record<string, string>][] = [
      ['scores', {}],
      ['notes', { body: 'x' }],
      ['start-review', {}],
      ['interview', { emailSubject: 'x' }],
      ['accept', { 'listing.contactName': 'x', 'listing.contactEmail': 'x@example.org', confirmed: 'yes' }],
      ['decline', { confirmed: 'yes' }],
    ];
    /** Pages and posts refused: anonymous visitors are sent to sign in (GET) or refused (POST). */
    const refuse = async (user: TestUser | null, onPage: number, onPost: number) => {
      for (const move of ['interview', 'accept', 'decline']) {
        expect((await page(`/staff/applications/${id}/${move}`, user?.cookie)).status, move).toBe(onPage);
      }
      for (const [action, fields] of posts) {
        expect(
          (await form(`/staff/applications/${id}/${action}`, fields, user?.cookie ?? '')).status,
          action,
        ).toBe(onPost);
      }
    };
    await refuse(null, 303, 401);
    for (const user of [applicant, ...outsiders()]) await refuse(user, 403, 403);
    expect(await writes()).toEqual(before);
    // Staff reach each page the application's status allows.
    expect((await page(`/staff/applications/${id}/accept`, staff.cookie)).status).toBe(200);
    expect((await page(`/staff/applications/${id}/decline`, staff.cookie)).status).toBe(200);
    expect((await page(`/staff/applications/${id}/interview`, staff.cookie)).status).toBe(303);
    expect((await page('/staff/applications/does-not-exist/accept', staff.cookie)).status).toBe(404);
    const accepted = await api(
      'POST',
      `${API}/${id}/transitions`,
      { to: 'accepted', listing: LISTING },
      staff.cookie,
    );
    expect(accepted.status).toBe(200);
  });
});

describe('the year’s questions and rubric', () => {
  it('lets staff configure them', async () => {
    const saved = await api<{ questions: { prompt: string }[]; criteria: { maxScore: number }[] }>(
      'PUT',
      `${API}/settings?year=2027-28`,
      { questions: ['Why you?', 'Why now?'], criteria: [{ title: 'Fit', maxScore: 10 }] },
      staff.cookie,
    );
    expect(saved.status).toBe(200);
    expect(saved.body.questions.map((q) => q.prompt)).toEqual(['Why you?', 'Why now?']);
    const saving = await form(
      '/staff/applications/settings?year=2027-28',
      { questions: 'Why you?\nWhy here?', criteria: 'Fit | 10\nReach | 5' },
      staff.cookie,
    );
    expect(saving.status).toBe(303);
    expect(saving.location).toBe('/staff/applications/settings?year=2027-28&notice=application-config-saved');
    const created = await api<Application>('POST', API, {}, applicant.cookie);
    expect(created.body.questions.map((q) => q.prompt)).toEqual(['Why you?', 'Why here?']);
    const bad = await api<Problem>(
      'PUT',
      `${API}/settings`,
      { questions: [], criteria: 'x | 500' },
      staff.cookie,
    );
    expect(bad.status).toBe(400);
  });

  it('reports each problem on the list it is in, naming the line, beside its text box', async () => {
    const before = await writes();
    const refused = await form(
      '/staff/applications/settings?year=2027-28',
      { questions: `Why you?\n${'x'.repeat(1001)}`, criteria: 'Fit | 10\nReach | lots' },
      staff.cookie,
    );
    expect(refused.status).toBe(400);
    expect(fieldError(refused.html, 'questions')).toBe(
      'Question 2 is longer than 1,000 characters; shorten it.',
    );
    expect(fieldError(refused.html, 'criteria')).toBe(
      'Criterion 2: give the maximum score as a whole number after the “|”, like “Capacity | 5”.',
    );
    expect(refused.html).toContain('Fit | 10\nReach | lots</textarea>');
    expect(refused.html).toContain('data-reload-url="/staff/applications/settings?year=2027-28"');
    expect(await writes()).toEqual(before);
    const viaApi = await api<Problem>(
      'PUT',
      `${API}/settings`,
      { questions: ['Why?'], criteria: [{ title: '', maxScore: 5 }] },
      staff.cookie,
    );
    expect(viaApi.body.errors).toEqual([
      { path: 'criteria', message: 'Criterion 1: name the criterion before the “|”.' },
    ]);
    // The year is the page's address, not a field: an unknown one is an error page, and nothing is asked.
    const unknownYear = await form(
      '/staff/applications/settings?year=2031-32',
      { questions: 'x', criteria: 'y' },
      staff.cookie,
    );
    expect(unknownYear.status).toBe(404);
    expect(unknownYear.html).not.toContain('href="#field-year"');
  });
});

describe('API description', () => {
  it('documents the partner-application routes', async () => {
    const doc = (await (await fetch(`${test.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const path of [
      API,
      `${API}/queue`,
      `${API}/settings`,
      `${API}/{id}/staffing`,
      `${API}/{id}/transitions`,
    ]) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
    expect(Object.keys(doc.paths[`${API}/{id}`] ?? {})).toContain('delete');
  });
});
