import { beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  api,
  applicant,
  fieldError,
  form,
  inputValue,
  other,
  page,
  sink,
  staff,
  staff2,
  statusOf,
  submittedApplication,
  test,
  useApplicationPortal,
  writes,
  type Problem,
} from './applications.fixture.js';
import type { Review } from './applications.review.schemas.js';
import type { Application } from './applications.schemas.js';

useApplicationPortal();

interface Queue {
  programYear: string;
  applications: { id: string; leadOrganization: string | null; averageTotal: number | null }[];
  total: number;
  page: number;
  pageCount: number;
  truncated: boolean;
}

async function criteriaOf(id: string) {
  return (await api<Review>('GET', `${API}/${id}/review`, undefined, staff.cookie)).body.criteria;
}

describe('scores', () => {
  let id = '';
  beforeAll(async () => {
    id = await submittedApplication(applicant.cookie, 'Scored', ['UT']);
  });

  it('averages two reviewers over the rubric', async () => {
    const criteria = await criteriaOf(id);
    expect(criteria.length).toBeGreaterThan(1);
    const all = (score: number) => Object.fromEntries(criteria.map((c) => [c.id, score]));
    expect((await api('PUT', `${API}/${id}/scores`, { scores: all(4) }, staff.cookie)).status).toBe(200);
    const second = await form(
      `/staff/applications/${id}/scores`,
      Object.fromEntries(criteria.map((c) => [`scores.${c.id}`, '2'])),
      staff2.cookie,
    );
    expect(second.status).toBe(303);
    expect(second.location).toBe(`/staff/applications/${id}?notice=application-scored`);
    const review = await api<Review>('GET', `${API}/${id}/review`, undefined, staff.cookie);
    expect(review.body.averageTotal).toBe(3 * criteria.length);
    expect(review.body.basedOn).toEqual({ reviewers: 2, criteria: criteria.length });
    const queue = await api<Queue>('GET', `${API}/queue?q=Scored`, undefined, staff.cookie);
    expect(queue.body.applications.find((a) => a.id === id)?.averageTotal).toBe(3 * criteria.length);
  });

  it('saves one criterion at a time: each replaces only that reviewer’s earlier score of it', async () => {
    const partial = await submittedApplication(applicant.cookie, 'Partly Scored', ['WY']);
    const [first, second, third] = await criteriaOf(partial);
    if (!first || !second || !third) throw new Error('the default rubric has four criteria');
    // The first reviewer scores one criterion now, through the page, leaving the others empty.
    const now = await form(
      `/staff/applications/${partial}/scores`,
      { [`scores.${first.id}`]: '4', [`scores.${second.id}`]: '', [`scores.${third.id}`]: '' },
      staff.cookie,
    );
    expect(now.status).toBe(303);
    let review = (await api<Review>('GET', `${API}/${partial}/review`, undefined, staff.cookie)).body;
    expect(review.averageTotal).toBe(4);
    expect(review.basedOn).toEqual({ reviewers: 1, criteria: 1 });
    // … and another later, which keeps the first.
    expect(
      (await api('PUT', `${API}/${partial}/scores`, { scores: { [second.id]: 3 } }, staff.cookie)).status,
    ).toBe(200);
    // A second reviewer scores the first criterion only: its mean counts, not a total over fewer criteria.
    expect(
      (await api('PUT', `${API}/${partial}/scores`, { scores: { [first.id]: 2 } }, staff2.cookie)).status,
    ).toBe(200);
    review = (await api<Review>('GET', `${API}/${partial}/review`, undefined, staff.cookie)).body;
    expect(review.scores.filter((s) => s.reviewerEmail === staff.email).map((s) => s.score)).toEqual([4, 3]);
    expect(review.averageTotal).toBe(3 + 3);
    expect(review.basedOn).toEqual({ reviewers: 2, criteria: 2 });
    const shown = await page(`/staff/applications/${partial}`, staff.cookie);
    expect(shown.html).toContain(
      `6 of ${review.maxTotal}, from 2 reviewers (2 of ${review.criteria.length} criteria scored)`,
    );
    // The page shows each reviewer their own scores to change.
    expect(inputValue(shown.html, `scores.${first.id}`)).toBe('4');
    const asOther = await page(`/staff/applications/${partial}`, staff2.cookie);
    expect(inputValue(asOther.html, `scores.${first.id}`)).toBe('2');
    expect(inputValue(asOther.html, `scores.${second.id}`)).toBe('');
  });

  it('refuses a score out of range beside its field, keeping what was typed and saving nothing', async () => {
    const [first, second] = await criteriaOf(id);
    if (!first || !second) throw new Error('the default rubric has four criteria');
    const before = await writes();
    const refused = await form(
      `/staff/applications/${id}/scores`,
      { [`scores.${first.id}`]: '99', [`scores.${second.id}`]: '1' },
      staff.cookie,
    );
    expect(refused.status).toBe(400);
    expect(fieldError(refused.html, `scores.${first.id}`)).toBe(`Score at most ${first.maxScore}.`);
    expect(refused.html).toContain(`href="#field-scores.${first.id}"`);
    expect(inputValue(refused.html, `scores.${first.id}`)).toBe('99');
    expect(inputValue(refused.html, `scores.${second.id}`)).toBe('1');
    expect(refused.html).toContain(`data-reload-url="/staff/applications/${id}"`);
    expect(await writes()).toEqual(before);
    const nothing = await api<Problem>('PUT', `${API}/${id}/scores`, { scores: {} }, staff.cookie);
    expect(nothing.status).toBe(400);
    expect(nothing.body.errors).toEqual([{ path: 'scores', message: 'Score at least one criterion.' }]);
  });

  it('keeps notes, and refuses an empty one beside its field', async () => {
    expect((await api('POST', `${API}/${id}/notes`, { body: 'Strong reach.' }, staff.cookie)).status).toBe(
      201,
    );
    const added = await form(
      `/staff/applications/${id}/notes`,
      { body: 'Ask about funding.' },
      staff2.cookie,
    );
    expect(added.status).toBe(303);
    const review = await api<Review>('GET', `${API}/${id}/review`, undefined, staff.cookie);
    expect(review.body.notes.map((n) => n.body)).toEqual(['Strong reach.', 'Ask about funding.']);
    const empty = await form(`/staff/applications/${id}/notes`, { body: '  ' }, staff.cookie);
    expect(empty.status).toBe(400);
    expect(fieldError(empty.html, 'body')).toBe('Write the note.');
  });
});

describe('the moves along the lifecycle', () => {
  it('starts the review, then invites to an interview with its date, time zone, notes and edited email', async () => {
    const id = await submittedApplication(applicant.cookie, 'Interviewed', ['ND']);
    const early = await page(`/staff/applications/${id}/interview`, staff.cookie);
    expect(early.status).toBe(303);
    expect(early.location).toBe(`/staff/applications/${id}`);
    const started = await form(`/staff/applications/${id}/start-review`, {}, staff.cookie);
    expect(started.status).toBe(303);
    expect(await statusOf(id)).toBe('in_review');
    // Someone else started it a moment before: the page says so.
    const again = await form(`/staff/applications/${id}/start-review`, {}, staff2.cookie);
    expect(again.status).toBe(409);
    expect(again.html).toContain('An application that is in review cannot move to in review.');

    const invite = await page(`/staff/applications/${id}/interview`, staff.cookie);
    expect(invite.status).toBe(200);
    expect(invite.html).toContain('value="Your Regional Partner application for 2027-28: an interview"');

    // A time without a date, and a subject too long: each beside its field, with what was typed.
    const before = await writes();
    const refused = await form(
      `/staff/applications/${id}/interview`,
      {
        'interview.date': '',
        'interview.time': '14:30',
        'interview.timeZone': 'America/Denver',
        'interview.notes': 'Zoom; ask about funding.',
        emailSubject: 'x'.repeat(201),
        emailBody: 'Let us talk.',
      },
      staff.cookie,
    );
    expect(refused.status).toBe(400);
    expect(fieldError(refused.html, 'emailSubject')).toBe('Keep the subject under 200 characters.');
    expect(fieldError(refused.html, 'interview.date')).toBe('Enter the date of the interview too.');
    expect(refused.html).toContain('Zoom; ask about funding.</textarea>');
    expect(refused.html).toContain(`data-reload-url="/staff/applications/${id}/interview"`);
    expect(await writes()).toEqual(before);

    const moved = await form(
      `/staff/applications/${id}/interview`,
      {
        'interview.date': '2027-01-15',
        'interview.time': '14:30',
        'interview.timeZone': 'America/Denver',
        'interview.notes': 'Zoom; ask about funding.',
        emailSubject: 'Interview: Interviewed Foundation',
        emailBody: 'Let us talk about your application.',
      },
      staff.cookie,
    );
    expect(moved.status).toBe(303);
    expect(moved.location).toBe(`/staff/applications/${id}?notice=application-interview`);
    const review = await api<Review>('GET', `${API}/${id}/review`, undefined, staff.cookie);
    expect(review.body.interview).toEqual({
      startsAt: '2027-01-15T21:30:00.000Z',
      timeZone: 'America/Denver',
      notes: 'Zoom; ask about funding.',
    });
    const shown = await page(`/staff/applications/${id}`, staff.cookie);
    expect(shown.html).toContain(
      '<time datetime="2027-01-15T21:30:00.000Z">Jan 15, 2027, 2:30 PM MST</time>',
    );
    const mail = await sink.waitFor((m) => m.subject === 'Interview: Interviewed Foundation');
    expect(mail.to).toContain('ada@example.org');
    expect(mail.text).toContain('Let us talk about your application.');
    expect(mail.text).toContain('When: Jan 15, 2027, 2:30 PM MST');
    // The applicant's own application shows nothing of staff's notes.
    expect(
      JSON.stringify((await api('GET', `${API}/${id}`, undefined, applicant.cookie)).body),
    ).not.toContain('Zoom');
  });

  it('moves to interview through the API without a date, with the default email', async () => {
    const id = await submittedApplication(other.cookie, 'Undated', ['ME']);
    expect((await api('POST', `${API}/${id}/transitions`, { to: 'in_review' }, staff.cookie)).status).toBe(
      200,
    );
    expect((await api('POST', `${API}/${id}/transitions`, { to: 'interview' }, staff.cookie)).status).toBe(
      200,
    );
    const mail = await sink.waitFor(
      (m) =>
        m.subject === 'Your Regional Partner application for 2027-28: an interview' &&
        m.text.includes('Undated'),
    );
    expect(mail.text).not.toContain('When:');
    expect(
      (await api<Review>('GET', `${API}/${id}/review`, undefined, staff.cookie)).body.interview,
    ).toBeNull();
  });

  it('declines after asking, with the default email, apart from accepting', async () => {
    const id = await submittedApplication(other.cookie, 'Declined Org', ['UT']);
    expect((await api('POST', `${API}/${id}/transitions`, { to: 'in_review' }, staff.cookie)).status).toBe(
      200,
    );
    const staffPage = await page(`/staff/applications/${id}`, staff.cookie);
    expect(staffPage.html).toContain('<section class="application-decline" aria-labelledby="decline-title">');
    expect(staffPage.html).not.toContain(`href="/staff/applications/${id}/accept"`);

    const declinePage = await page(`/staff/applications/${id}/decline`, staff.cookie);
    expect(declinePage.html).toContain('data-confirm-title="Decline Declined Org Foundation?"');
    const before = await writes();
    const asked = await form(
      `/staff/applications/${id}/decline`,
      { emailSubject: '', emailBody: '' },
      staff.cookie,
    );
    expect(asked.status).toBe(200);
    expect(asked.html).toContain('Declining emails the decision to ada@example.org.');
    expect(await writes()).toEqual(before);
    const declined = await form(
      `/staff/applications/${id}/decline`,
      { emailSubject: '', emailBody: '', confirmed: 'yes' },
      staff.cookie,
    );
    expect(declined.status).toBe(303);
    expect(await statusOf(id)).toBe('declined');
    const mail = await sink.waitFor(
      (m) => m.subject === 'Your Regional Partner application for 2027-28' && m.text.includes('Declined Org'),
    );
    expect(mail.text).toContain('Declined Org Foundation');
    // Decided: no more moves, on the page or through the API.
    expect((await page(`/staff/applications/${id}/decline`, staff.cookie)).status).toBe(303);
    expect((await api('POST', `${API}/${id}/transitions`, { to: 'interview' }, staff.cookie)).status).toBe(
      409,
    );
  });
});

describe('the queue', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ids.alpha = await submittedApplication(applicant.cookie, 'Alpha Queue', ['AL']);
    ids.beta = await submittedApplication(other.cookie, 'Beta Queue', ['AK']);
    expect(
      (await api('POST', `${API}/${ids.beta}/transitions`, { to: 'in_review' }, staff.cookie)).status,
    ).toBe(200);
    const criteria = await criteriaOf(ids.beta);
    await api('PUT', `${API}/${ids.beta}/scores`, { scores: { [criteria[0]?.id ?? '']: 5 } }, staff.cookie);
  });

  it('filters by year, status and state, searches and sorts, with the page fields beside the old ones', async () => {
    const byStatus = await api<Queue>(
      'GET',
      `${API}/queue?status=in_review&state=AK`,
      undefined,
      staff.cookie,
    );
    expect(byStatus.status).toBe(200);
    expect(byStatus.body.programYear).toBe('2027-28');
    expect(byStatus.body.applications.map((a) => a.id)).toEqual([ids.beta]);
    expect(byStatus.body).toMatchObject({ total: 1, page: 1, pageCount: 1, truncated: false });
    const searched = await api<Queue>(
      'GET',
      `${API}/queue?q=queue+foundation&sort=organization&dir=asc`,
      undefined,
      staff.cookie,
    );
    expect(searched.body.applications.map((a) => a.leadOrganization)).toEqual([
      'Alpha Queue Foundation',
      'Beta Queue Foundation',
    ]);
    const byScore = await api<Queue>(
      'GET',
      `${API}/queue?q=queue&sort=score&dir=desc`,
      undefined,
      staff.cookie,
    );
    expect(byScore.body.applications.map((a) => a.id)).toEqual([ids.beta, ids.alpha]);
    expect((await api('GET', `${API}/queue?page=9`, undefined, staff.cookie)).status).toBe(400);
    expect((await api('GET', `${API}/queue?year=2031-32`, undefined, staff.cookie)).status).toBe(404);

    const listed = await page('/staff/applications?status=in_review&state=AK', staff.cookie);
    expect(listed.status).toBe(200);
    expect(listed.html).toContain('Beta Queue Foundation');
    expect(listed.html).not.toContain('Alpha Queue Foundation');
    expect(listed.html).toContain('<option value="in_review" selected>In review</option>');
    expect(listed.html).toContain('<option value="AK" selected>Alaska</option>');
    const none = await page('/staff/applications?q=nothing-like-this', staff.cookie);
    expect(none.html).toContain('No application matches');
  });

  it('refuses a filter it cannot read, with the field at fault', async () => {
    const bad = await api<Problem>('GET', `${API}/queue?state=ZZ`, undefined, staff.cookie);
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.path).toBe('state');
    const stillSubmitted = await api<Application>('GET', `${API}/${ids.alpha}`, undefined, staff.cookie);
    expect(stillSubmitted.body.status).toBe('submitted');
    expect(test.url).toBeTruthy();
  });
});
