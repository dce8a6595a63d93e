import { describe, expect, it } from 'vitest';
import { signIn } from '../../../tests/helpers/portal.js';
import {
  API,
  STAFF_ADDRESS,
  api,
  applicant,
  completeDraft,
  fieldError,
  form,
  other,
  outboxFor,
  page,
  partnerAId,
  sink,
  staff,
  submittedApplication,
  test,
  useApplicationPortal,
  writes,
  type Problem,
} from './applications.fixture.js';
import { US_ONLY_REASON, type Application, type ApplicationSummary } from './applications.schemas.js';

useApplicationPortal();

describe('the applicant’s draft', () => {
  it('saves a joint application step by step through the forms, resumes it on another device and submits it', async () => {
    const start = await form('/applications', {}, applicant.cookie);
    expect(start.status).toBe(303);
    const id = /\/applications\/([^/]+)\/organizations/.exec(start.location ?? '')?.[1] ?? '';
    expect(id).not.toBe('');

    const orgs = await form(
      `/applications/${id}/organizations`,
      {
        contactName: 'Ada Lead',
        contactEmail: 'ada@example.org',
        'organizations.0.name': 'Gem State Foundation',
        'organizations.0.role': 'funding',
        'organizations.0.country': '',
        'organizations.0.state': 'ID',
        'organizations.1.name': 'Gem State University',
        'organizations.1.role': 'professional learning and outreach',
        'organizations.1.country': 'US',
        'organizations.1.state': 'ID',
        // A spare row left blank, as the form offers it ("United States" is the empty choice).
        'organizations.2.name': '',
        'organizations.2.role': '',
        'organizations.2.country': '',
        'organizations.2.state': '',
      },
      applicant.cookie,
    );
    expect(orgs.status).toBe(303);
    expect(orgs.location).toBe(`/applications/${id}/region?notice=application-saved`);
    expect((await form(`/applications/${id}/region`, { regions: 'ID' }, applicant.cookie)).status).toBe(303);
    const staffing = await form(
      `/applications/${id}/staffing`,
      {
        'staff.0.name': 'Sam Share',
        'staff.0.email': 'sam@gemstate.example.org',
        'staff.0.fte': '0.25',
        'staff.1.name': 'Kim Share',
        'staff.1.email': 'kim@gemstate.example.org',
        'staff.1.fte': '0.25',
        'staff.2.name': '',
        'staff.2.email': '',
        'staff.2.fte': '',
      },
      applicant.cookie,
    );
    expect(staffing.status).toBe(303);

    // Another device: a new session of the same person finds the draft on the server.
    const elsewhere = await signIn(test, applicant.email, applicant.password);
    const resumed = await api<Application>('GET', `${API}/${id}`, undefined, elsewhere);
    expect(resumed.status).toBe(200);
    expect(resumed.body.status).toBe('draft');
    expect(resumed.body.organizations.map((o) => [o.role, o.country])).toEqual([
      ['funding', 'US'],
      ['professional learning and outreach', 'US'],
    ]);
    expect(resumed.body.regions).toEqual(['ID']);
    expect(resumed.body.staff.map((s) => s.fte)).toEqual([0.25, 0.25]);
    const staffingPage = await page(`/applications/${id}/staffing`, elsewhere);
    expect(staffingPage.html).toContain('value="sam@gemstate.example.org"');

    const answers = Object.fromEntries(resumed.body.questions.map((q) => [`answers.${q.id}`, 'Because.']));
    expect((await form(`/applications/${id}/narrative`, answers, elsewhere)).status).toBe(303);
    // The check page shows every answer with a way back to change it.
    const check = await page(`/applications/${id}/review`, elsewhere);
    expect(check.html).toContain('Gem State Foundation — funding (ID), lead');
    expect(check.html).toContain(`href="/applications/${id}/staffing"`);
    const submitted = await form(`/applications/${id}/submit`, {}, elsewhere);
    expect(submitted.status).toBe(303);
    const after = await api<Application>('GET', `${API}/${id}`, undefined, applicant.cookie);
    expect(after.body.status).toBe('submitted');
    expect(after.body.events.map((e) => e.to)).toEqual(['draft', 'submitted']);

    // The applicant (the account, not the contact person) hears what happens next, with a link to it.
    const confirmation = await sink.waitFor(
      (m) => m.to.includes(applicant.email) && m.text.includes(`/applications/${id}`),
    );
    expect(confirmation.subject).toBe('We received your Regional Partner application for 2027-28');
    expect(confirmation.text).toContain('Gem State Foundation');
    expect(confirmation.text).toContain('What happens next');
    expect(confirmation.text).toContain(`${test.url}/applications/${id}`);
    // Staff get a link to the review page; the applicant's typed names stay out of the subject.
    const notice = await sink.waitFor(
      (m) => m.to.includes(STAFF_ADDRESS) && m.text.includes(`/staff/applications/${id}`),
    );
    expect(notice.subject).toBe('A Regional Partner application for 2027-28 is ready for review');
    expect(notice.text).toContain(`${test.url}/staff/applications/${id}`);
    expect(notice.text).toContain('Gem State Foundation');
    expect(await outboxFor(id)).toHaveLength(2);
    // Locked: no more edits.
    const edit = await api<Problem>('PUT', `${API}/${id}/region`, { regions: ['ID'] }, applicant.cookie);
    expect(edit.status).toBe(409);
  });

  it('refuses FTE shares below the year’s figure, next to the field, keeping what was typed', async () => {
    const created = await api<Application>('POST', API, {}, applicant.cookie);
    const id = created.body.id;
    const before = await writes();
    const refused = await form(
      `/applications/${id}/staffing`,
      {
        'staff.0.name': 'A',
        'staff.0.email': 'a@example.org',
        'staff.0.fte': '0.2',
        'staff.1.name': 'B',
        'staff.1.email': 'b@example.org',
        'staff.1.fte': '0.2',
      },
      applicant.cookie,
    );
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('id="field-staff"');
    expect(fieldError(refused.html, 'staff')).toMatch(/^The shares add up to 0.40 FTE/);
    expect(refused.html).toContain('href="#field-staff"');
    expect(refused.html).toContain('value="b@example.org"');
    // A reload opens the step's page instead of posting again.
    expect(refused.html).toContain(`data-reload-url="/applications/${id}/staffing"`);
    expect(await writes()).toEqual(before);
    const viaApi = await api<Problem>(
      'PUT',
      `${API}/${id}/staffing`,
      { staff: [{ name: 'A', email: 'a@example.org', fte: 0.3 }] },
      applicant.cookie,
    );
    expect(viaApi.status).toBe(400);
    expect(viaApi.body.errors?.[0]?.path).toBe('staff');
    const tooSmall = await api<Problem>(
      'PUT',
      `${API}/${id}/staffing`,
      { staff: [{ name: 'A', email: 'a@example.org', fte: 0.01 }] },
      applicant.cookie,
    );
    expect(tooSmall.body.errors).toEqual([
      { path: 'staff.0.fte', message: 'Each share is at least 0.05 FTE.' },
    ]);
  });

  it('explains an empty lead organization, an outside-US organization, unknown and served regions', async () => {
    const created = await api<Application>('POST', API, {}, applicant.cookie);
    const id = created.body.id;
    const empty = await form(
      `/applications/${id}/organizations`,
      {
        contactName: 'Ada',
        contactEmail: 'ada@example.org',
        'organizations.0.name': '',
        'organizations.0.country': '',
      },
      applicant.cookie,
    );
    expect(empty.status).toBe(400);
    expect(fieldError(empty.html, 'organizations')).toBe('Name the lead organization.');
    expect(empty.html).toContain('value="Ada"');

    const abroad = await api<Problem>(
      'PUT',
      `${API}/${id}/organizations`,
      {
        contactName: 'Ada',
        contactEmail: 'ada@example.org',
        organizations: [{ name: 'Maple Learning', role: 'lead', country: 'Canada', state: 'ON' }],
      },
      applicant.cookie,
    );
    expect(abroad.status).toBe(422);
    expect(abroad.body.detail).toBe(US_ONLY_REASON);
    expect(abroad.body.errors).toEqual([{ path: 'organizations.0.country', message: US_ONLY_REASON }]);
    const abroadPage = await form(
      `/applications/${id}/organizations`,
      {
        contactName: 'Ada',
        contactEmail: 'ada@example.org',
        'organizations.0.name': 'Maple Learning',
        'organizations.0.role': 'lead',
        'organizations.0.country': 'other',
      },
      applicant.cookie,
    );
    expect(abroadPage.status).toBe(422);
    expect(fieldError(abroadPage.html, 'organizations.0.country')).toBe(US_ONLY_REASON);
    expect(abroadPage.html).toContain('<option value="other" selected>Another country</option>');

    const unknown = await api<Problem>('PUT', `${API}/${id}/region`, { regions: ['ZZ'] }, applicant.cookie);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0]?.path).toBe('regions');
    // WA contains King County, which Existing Partner holds; 98101 lies inside it.
    for (const region of ['WA', 'WA:King', '98101']) {
      const served = await api<Problem>(
        'PUT',
        `${API}/${id}/region`,
        { regions: [region] },
        applicant.cookie,
      );
      expect(served.status, region).toBe(409);
      expect(served.body.errors?.[0]?.message).toContain('Existing Partner');
    }
    // On the form, the refusal is beside the one field, in words, with what was typed.
    const servedPage = await form(
      `/applications/${id}/region`,
      { regions: 'WA:King\nTX:Nowhere' },
      applicant.cookie,
    );
    expect(servedPage.status).toBe(400);
    expect(fieldError(servedPage.html, 'regions')).toBe('There is no county "Nowhere" in Texas.');
    expect(servedPage.html).toContain('WA:King\nTX:Nowhere</textarea>');
    const takenPage = await form(`/applications/${id}/region`, { regions: 'WA:King' }, applicant.cookie);
    expect(takenPage.status).toBe(409);
    expect(fieldError(takenPage.html, 'regions')).toMatch(
      /^King County, WA is already served by Existing Partner/,
    );
  });

  it('refuses an incomplete submit, naming each missing part beside it and linking to its step', async () => {
    const created = await api<Application>('POST', API, {}, applicant.cookie);
    const id = created.body.id;
    await api(
      'PUT',
      `${API}/${id}/organizations`,
      {
        contactName: 'Ada',
        contactEmail: 'ada@example.org',
        organizations: [{ name: 'Half Done', role: 'lead', country: 'US', state: 'ID' }],
      },
      applicant.cookie,
    );
    const refused = await api<Problem>('POST', `${API}/${id}/submit`, undefined, applicant.cookie);
    expect(refused.status).toBe(422);
    const paths = refused.body.errors?.map((e) => e.path) ?? [];
    expect(paths).toContain('regions');
    expect(paths).toContain('staff');
    expect(paths.filter((p) => p.startsWith('answers.'))).toHaveLength(created.body.questions.length);
    const checkPage = await form(`/applications/${id}/submit`, {}, applicant.cookie);
    expect(checkPage.status).toBe(422);
    expect(checkPage.html).toContain('Propose at least one region (step 2).');
    expect(checkPage.html).toContain(`href="/applications/${id}/region#field-regions"`);
    expect(checkPage.html).toContain(`data-reload-url="/applications/${id}/review"`);
    expect(await outboxFor(id)).toEqual([]);
  });

  it('checks eligibility again on submit: a region served since it was saved is refused', async () => {
    const id = await completeDraft(applicant.cookie, 'Desert', ['AZ']);
    const assigned = await api(
      'POST',
      `/api/v1/partners/${partnerAId}/regions`,
      { region: 'AZ:Pima' },
      staff.cookie,
    );
    expect(assigned.status).toBe(201);
    const refused = await api<Problem>('POST', `${API}/${id}/submit`, undefined, applicant.cookie);
    expect(refused.status).toBe(409);
    expect(refused.body.errors?.[0]?.path).toBe('regions');
    expect(refused.body.detail).toContain('Existing Partner');
    expect((await api<Application>('GET', `${API}/${id}`, undefined, applicant.cookie)).body.status).toBe(
      'draft',
    );
    expect(await outboxFor(id)).toEqual([]);
  });
});

describe('withdrawing', () => {
  it('lets the applicant withdraw until a decision', async () => {
    const id = await submittedApplication(applicant.cookie, 'Withdrawing', ['NV']);
    const withdrawn = await api<Application>('POST', `${API}/${id}/withdraw`, undefined, applicant.cookie);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(withdrawn.body.events.at(-1)?.actorEmail).toBe(applicant.email);
    const confirmation = await sink.waitFor(
      (m) => m.to.includes(applicant.email) && m.subject.endsWith('is withdrawn') && m.text.includes(id),
    );
    expect(confirmation.subject).toBe('Your Regional Partner application for 2027-28 is withdrawn');
    expect(confirmation.text).toContain('Withdrawing Foundation');
    expect(confirmation.text).toContain(`${test.url}/applications/${id}`);
    const notice = await sink.waitFor(
      (m) =>
        m.to.includes(STAFF_ADDRESS) &&
        m.text.includes(`/staff/applications/${id}`) &&
        m.subject.endsWith('was withdrawn'),
    );
    expect(notice.subject).toBe('A Regional Partner application for 2027-28 was withdrawn');
    expect(notice.text).toContain('it was submitted');
    expect(notice.text).toContain(`${test.url}/staff/applications/${id}`);

    expect((await api('POST', `${API}/${id}/withdraw`, undefined, applicant.cookie)).status).toBe(409);
    // Submitted, then withdrawn: two messages each way, and the refused second withdrawal sent nothing.
    expect((await outboxFor(id)).map((m) => m.toAddress).sort()).toEqual(
      [applicant.email, applicant.email, STAFF_ADDRESS, STAFF_ADDRESS].sort(),
    );
  });

  it('asks first on the page, saying what will happen, and withdraws only once confirmed', async () => {
    const id = await submittedApplication(applicant.cookie, 'Second Thoughts', ['NM']);
    const overview = await page(`/applications/${id}`, applicant.cookie);
    expect(overview.html).toContain(`action="/applications/${id}/withdraw"`);
    expect(overview.html).toContain('data-confirm-title="Withdraw this application?"');
    expect(overview.html).not.toContain(`action="/applications/${id}/delete"`);

    const before = await writes();
    const asked = await form(`/applications/${id}/withdraw`, {}, applicant.cookie);
    expect(asked.status).toBe(200);
    expect(asked.html).toContain('<h1>Withdraw this application?</h1>');
    expect(asked.html).toContain('name="confirmed" value="yes"');
    expect(await writes()).toEqual(before);

    const done = await form(`/applications/${id}/withdraw`, { confirmed: 'yes' }, applicant.cookie);
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/applications/${id}?notice=application-withdrawn`);
    expect((await api<Application>('GET', `${API}/${id}`, undefined, applicant.cookie)).body.status).toBe(
      'withdrawn',
    );
    // A second time is refused on the page itself, with the reason.
    const again = await form(`/applications/${id}/withdraw`, { confirmed: 'yes' }, applicant.cookie);
    expect(again.status).toBe(409);
    expect(again.html).toContain('An application that is withdrawn can no longer be withdrawn.');
  });

  it('withdrawing a draft through the API confirms to the applicant only: staff never received it', async () => {
    const created = await api<Application>('POST', API, {}, applicant.cookie);
    const id = created.body.id;
    expect((await api('POST', `${API}/${id}/withdraw`, undefined, applicant.cookie)).status).toBe(200);
    const confirmation = await sink.waitFor((m) => m.to.includes(applicant.email) && m.text.includes(id));
    expect(confirmation.text).toContain('your application for 2027-28 is withdrawn');
    expect((await outboxFor(id)).map((m) => m.toAddress)).toEqual([applicant.email]);
  });
});

describe('drafts', () => {
  it('are named by their lead organization once they have one, in the applicant’s list and on their pages', async () => {
    const untitled = (await api<Application>('POST', API, {}, other.cookie)).body.id;
    const named = await completeDraft(other.cookie, 'Named Draft', ['OR']);
    const mine = await api<ApplicationSummary[]>('GET', API, undefined, other.cookie);
    expect(mine.body.find((a) => a.id === untitled)?.leadOrganization).toBeNull();
    expect(mine.body.find((a) => a.id === named)?.leadOrganization).toBe('Named Draft Foundation');
    const list = await page('/applications', other.cookie);
    expect(list.html).toContain(`<a href="/applications/${untitled}">Untitled application</a>`);
    expect(list.html).toContain(`<a href="/applications/${named}">Named Draft Foundation</a>`);
    expect((await page(`/applications/${named}`, other.cookie)).html).toContain(
      '<h1>Named Draft Foundation</h1>',
    );
    expect((await page(`/applications/${named}/region`, other.cookie)).html).toContain(
      'Named Draft Foundation, for 2027-28',
    );
    expect((await page(`/applications/${untitled}`, other.cookie)).html).toContain(
      '<h1>Untitled application</h1>',
    );
  });

  it('can be deleted by their applicant, after a confirmation; a submitted application cannot', async () => {
    const draft = await completeDraft(applicant.cookie, 'Throwaway', ['KS']);
    const overview = await page(`/applications/${draft}`, applicant.cookie);
    expect(overview.html).toContain(`action="/applications/${draft}/delete"`);
    expect(overview.html).toContain('data-confirm-title="Delete this draft?"');
    // A draft offers deleting, not withdrawing: a withdrawn draft would stay in the list for ever.
    expect(overview.html).not.toContain(`action="/applications/${draft}/withdraw"`);

    const before = await writes();
    const asked = await form(`/applications/${draft}/delete`, {}, applicant.cookie);
    expect(asked.status).toBe(200);
    expect(asked.html).toContain('Everything entered in it is deleted. This cannot be undone.');
    expect(await writes()).toEqual(before);
    const deleted = await form(`/applications/${draft}/delete`, { confirmed: 'yes' }, applicant.cookie);
    expect(deleted.status).toBe(303);
    expect(deleted.location).toBe('/applications?notice=application-deleted');
    expect((await api('GET', `${API}/${draft}`, undefined, applicant.cookie)).status).toBe(404);
    const rows = await test.deps.db.kysely
      .selectFrom('applicationOrganizations')
      .select('id')
      .where('applicationId', '=', draft)
      .execute();
    expect(rows).toEqual([]);
    expect((await page('/applications', applicant.cookie)).html).not.toContain(draft);

    // Through the API as well; a submitted application is withdrawn instead.
    const another = (await api<Application>('POST', API, {}, applicant.cookie)).body.id;
    expect((await api('DELETE', `${API}/${another}`, undefined, applicant.cookie)).status).toBe(204);
    const submitted = await submittedApplication(applicant.cookie, 'Kept', ['NE']);
    const refused = await api<Problem>('DELETE', `${API}/${submitted}`, undefined, applicant.cookie);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe(
      'This application is submitted: only a draft can be deleted. You can withdraw it instead.',
    );
    const refusedPage = await form(
      `/applications/${submitted}/delete`,
      { confirmed: 'yes' },
      applicant.cookie,
    );
    expect(refusedPage.status).toBe(409);
    expect(refusedPage.html).toContain('only a draft can be deleted');
    expect(await statusOfOwn(submitted)).toBe('submitted');
  });

  it('never reach the staff queue, and staff cannot score one', async () => {
    const draft = await completeDraft(other.cookie, 'Unsent Draft', ['SD']);
    const queue = await api<{ applications: { id: string }[] }>(
      'GET',
      `${API}/queue`,
      undefined,
      staff.cookie,
    );
    expect(queue.body.applications.map((a) => a.id)).not.toContain(draft);
    expect((await api('GET', `${API}/queue?status=draft`, undefined, staff.cookie)).status).toBe(400);
    const queuePage = await page('/staff/applications?state=SD', staff.cookie);
    expect(queuePage.html).not.toContain(draft);
    expect(queuePage.html).not.toContain('<option value="draft"');
    const review = await api<{ criteria: { id: string }[] }>(
      'GET',
      `${API}/${draft}/review`,
      undefined,
      staff.cookie,
    );
    const scored = await api<Problem>(
      'PUT',
      `${API}/${draft}/scores`,
      { scores: { [review.body.criteria[0]?.id ?? '']: 3 } },
      staff.cookie,
    );
    expect(scored.status).toBe(409);
    expect(scored.body.detail).toBe('A draft application is not reviewed.');
  });
});

async function statusOfOwn(id: string) {
  return (await api<Application>('GET', `${API}/${id}`, undefined, applicant.cookie)).body.status;
}
