import { describe, expect, it } from 'vitest';
import { signedInUser } from '../../../tests/helpers/portal.js';
import { formatDate } from '../../platform/ui/date.js';
import {
  api,
  CONTACT_A,
  dayFromToday,
  mailTo,
  page,
  partnerA,
  pmA,
  postForm,
  PUBLISHED_ON,
  recorded,
  releaseIn,
  staff,
  STAFF_ADDRESS,
  stored,
  test,
  usePressReleasePortal,
  writes,
} from './press-releases.fixture.js';
import type { PressReleaseDetail } from './press-releases.schemas.js';

usePressReleasePortal();

const FIRST_BODY = [
  'SEATTLE — Cascade Computing Partners will train 40 teachers this summer.',
  '',
  'Workshops run in **July** at three sites.',
  '',
  'Contact: press@cascade.example.org',
].join('\n');
const SECOND_BODY = [
  'SEATTLE — Cascade Computing Partners will train 60 teachers this summer.',
  '',
  'Workshops run in **July** at three sites.',
  '',
  'Contact: press@cascade.example.org',
].join('\n');

describe('the press release flow', () => {
  it('goes from draft through review and changes to approved and published, keeping every version', async () => {
    // The program manager of A writes a draft and previews it: the preview writes nothing.
    const form = await page('/partner/press-releases/new', pmA);
    expect(form.status).toBe(200);
    expect(form.html).toContain('name="bodyMarkdown"');
    const before = await writes();
    const preview = await postForm(
      '/partner/press-releases/new',
      {
        intent: 'preview',
        partnerId: partnerA.id,
        title: 'Cascade trains teachers',
        bodyMarkdown: FIRST_BODY,
      },
      pmA,
    );
    expect(preview.status).toBe(200);
    expect(preview.html).toContain('<strong>July</strong>');
    expect(preview.html).toContain('Cascade trains teachers');
    expect(await writes()).toEqual(before);

    const saved = await postForm(
      '/partner/press-releases/new',
      { intent: 'save', partnerId: partnerA.id, title: 'Cascade trains teachers', bodyMarkdown: FIRST_BODY },
      pmA,
    );
    expect(saved.status).toBe(303);
    const match = /^\/partner\/press-releases\/([\w-]+)\?notice=press-release-created$/.exec(saved.location);
    expect(match, saved.location).not.toBeNull();
    const id = match?.[1] ?? '';
    expect(await stored(id)).toMatchObject({
      partnerId: partnerA.id,
      status: 'draft',
      bodyMarkdown: FIRST_BODY,
    });

    // Publishing before approval is refused.
    const early = await api('POST', `/api/v1/press-releases/${id}/publish`, pmA, {
      publishedAt: PUBLISHED_ON,
      publishedUrl: 'https://news.example.org/cascade',
    });
    expect(early.status).toBe(409);
    expect(early.type).toContain('application/problem+json');
    expect((early.body as { detail: string }).detail).toBe(
      'Only an approved press release can be marked published; this one is a draft.',
    );

    // Submitting makes version 1 and emails staff.
    const submitted = await postForm(`/partner/press-releases/${id}/submit`, {}, pmA);
    expect(submitted.status).toBe(303);
    expect(submitted.location).toBe(`/partner/press-releases/${id}?notice=press-release-submitted`);
    expect((await stored(id)).status).toBe('submitted');
    const toStaff = await mailTo(STAFF_ADDRESS, `${test.url}/staff/press-releases/${id}`);
    expect(toStaff.text).toContain('version 1');
    expect(toStaff.text).toContain('Cascade trains teachers');

    // A submitted release cannot be edited, by the API or the form.
    const beforeEdit = await writes();
    const patch = await api('PATCH', `/api/v1/press-releases/${id}`, pmA, {
      title: 'New',
      bodyMarkdown: 'New',
    });
    expect(patch.status).toBe(409);
    expect((patch.body as { detail: string }).detail).toContain('submitted for review');
    const formEdit = await postForm(
      `/partner/press-releases/${id}/edit`,
      { intent: 'save', title: 'New', bodyMarkdown: 'New' },
      pmA,
    );
    expect(formEdit.status).toBe(409);
    expect(formEdit.html).toContain('It can be edited only as a draft');
    expect(await writes()).toEqual(beforeEdit);

    // Staff see it first in the queue and review the rendered version.
    const queue = await page('/staff/press-releases', staff);
    expect(queue.status).toBe(200);
    expect(queue.html).toContain(`/staff/press-releases/${id}`);
    const review = await page(`/staff/press-releases/${id}`, staff);
    expect(review.status).toBe(200);
    expect(review.html).toContain('Version 1 (the latest submitted)');
    expect(review.html).toContain('<strong>July</strong>');

    // Requesting changes needs a comment; the typed form is shown again with the message.
    const beforeEmpty = await writes();
    const empty = await postForm(
      `/staff/press-releases/${id}/review`,
      { decision: 'request-changes', body: '  ' },
      staff,
    );
    expect(empty.status).toBe(400);
    expect(empty.html).toContain('Write a comment.');
    expect(await writes()).toEqual(beforeEmpty);
    const changes = await postForm(
      `/staff/press-releases/${id}/review`,
      { decision: 'request-changes', body: 'Please give the final number of teachers.' },
      staff,
    );
    expect(changes.status).toBe(303);
    expect((await stored(id)).status).toBe('changes_requested');
    const toPm = await mailTo(pmA.email, 'Please give the final number of teachers.');
    expect(toPm.subject).toBe('Program staff asked for changes to your press release');
    expect(toPm.text).toContain(`${test.url}/partner/press-releases/${id}`);
    await mailTo(CONTACT_A, 'Please give the final number of teachers.');

    // The program manager edits and resubmits: version 2.
    const edited = await postForm(
      `/partner/press-releases/${id}/edit`,
      { intent: 'save', title: 'Cascade trains teachers', bodyMarkdown: SECOND_BODY },
      pmA,
    );
    expect(edited.status).toBe(303);
    const resubmitted = await api('POST', `/api/v1/press-releases/${id}/submit`, pmA);
    expect(resubmitted.status).toBe(200);
    const detail = resubmitted.body as PressReleaseDetail;
    expect(detail.status).toBe('submitted');
    expect(detail.versions.map((v) => [v.version, v.bodyMarkdown])).toEqual([
      [1, FIRST_BODY],
      [2, SECOND_BODY],
    ]);
    await mailTo(STAFF_ADDRESS, 'version 2');

    // The diff between 1 and 2 shows exactly the changed line.
    const diff = await api('GET', `/api/v1/press-releases/${id}/diff?version=2`, staff);
    expect(diff.status).toBe(200);
    const lines = (diff.body as { comparedWith: number; lines: { kind: string; text: string }[] }).lines;
    expect((diff.body as { comparedWith: number }).comparedWith).toBe(1);
    expect(lines.filter((line) => line.kind !== 'unchanged')).toEqual([
      { kind: 'removed', text: FIRST_BODY.split('\n')[0] },
      { kind: 'added', text: SECOND_BODY.split('\n')[0] },
    ]);
    const diffPage = await page(`/staff/press-releases/${id}?compare=2`, staff);
    expect(diffPage.html).toContain('Version 2 compared with version 1');
    expect(diffPage.html).toMatch(
      /Removed:<\/span> <code>SEATTLE — Cascade Computing Partners will train 40/,
    );
    expect(diffPage.html).toMatch(/Added:<\/span> <code>SEATTLE — Cascade Computing Partners will train 60/);

    // Staff approve; the partner is emailed.
    const approved = await api('POST', `/api/v1/press-releases/${id}/approve`, staff, { body: 'Lovely.' });
    expect(approved.status).toBe(200);
    expect((approved.body as PressReleaseDetail).status).toBe('approved');
    const approval = await mailTo(pmA.email, 'Lovely.');
    expect(approval.subject).toBe('Your press release is approved');

    // Bad publication details: messages next to the fields, typed values kept, nothing written.
    const beforeBad = await writes();
    const bad = await postForm(
      `/partner/press-releases/${id}/publish`,
      { publishedAt: '2027-02-30', publishedUrl: 'javascript:alert(1)', confirmed: 'yes' },
      pmA,
    );
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('That date does not exist');
    expect(bad.html).toContain('starting with https:// or http://');
    expect(bad.html).toContain('value="2027-02-30"');
    expect(bad.html).toContain('value="javascript:alert(1)"');
    const badApi = await api('POST', `/api/v1/press-releases/${id}/publish`, pmA, {
      publishedAt: 'soon',
      publishedUrl: 'ftp://news.example.org/x',
    });
    expect(badApi.status).toBe(400);
    expect(badApi.type).toContain('application/problem+json');
    expect((badApi.body as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      'publishedAt',
      'publishedUrl',
    ]);
    expect(await writes()).toEqual(beforeBad);

    const published = await postForm(
      `/partner/press-releases/${id}/publish`,
      { publishedAt: PUBLISHED_ON, publishedUrl: 'https://news.example.org/cascade', confirmed: 'yes' },
      pmA,
    );
    expect(published.status).toBe(303);
    expect(await stored(id)).toMatchObject({
      status: 'published',
      publishedAt: PUBLISHED_ON,
      publishedUrl: 'https://news.example.org/cascade',
    });
    await mailTo(STAFF_ADDRESS, 'https://news.example.org/cascade');

    const final = await api('GET', `/api/v1/press-releases/${id}`, pmA);
    const finalDetail = final.body as PressReleaseDetail;
    expect(finalDetail.versions).toHaveLength(2);
    expect(finalDetail.events.map((event) => [event.kind, event.version])).toEqual([
      ['created', null],
      ['submitted', 1],
      ['changes_requested', 1],
      ['submitted', 2],
      ['approved', 2],
      ['published', 2],
    ]);
    const partnerPage = await page(`/partner/press-releases/${id}`, pmA);
    expect(partnerPage.html).toContain(`>${formatDate(PUBLISHED_ON)}</time> at`);
  });

  it('lets staff comment without changing the status, emailing the partner', async () => {
    const id = await releaseIn('submitted');
    const response = await api('POST', `/api/v1/press-releases/${id}/comment`, staff, {
      body: 'Nice headline.',
    });
    expect(response.status).toBe(200);
    expect((response.body as PressReleaseDetail).status).toBe('submitted');
    await mailTo(CONTACT_A, 'Nice headline.');
  });
});

describe('bad input', () => {
  it('refuses an empty title and body on the form, keeping what was typed, and writes nothing', async () => {
    const before = await writes();
    const response = await postForm(
      '/partner/press-releases/new',
      { intent: 'save', partnerId: partnerA.id, title: '   ', bodyMarkdown: '' },
      pmA,
    );
    expect(response.status).toBe(400);
    expect(response.html).toContain('id="field-title-error"');
    expect(response.html).toContain('Enter a title.');
    expect(response.html).toContain('Write the press release.');
    expect(await writes()).toEqual(before);

    const kept = await postForm(
      '/partner/press-releases/new',
      { intent: 'save', partnerId: partnerA.id, title: 'Kept title', bodyMarkdown: '' },
      pmA,
    );
    expect(kept.status).toBe(400);
    expect(kept.html).toContain('value="Kept title"');
  });

  it('answers the API with problem+json naming each bad field, and writes nothing', async () => {
    const before = await writes();
    const response = await api('POST', '/api/v1/press-releases', pmA, { title: '', bodyMarkdown: 42 });
    expect(response.status).toBe(400);
    expect(response.type).toContain('application/problem+json');
    expect((response.body as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual([
      'bodyMarkdown',
      'title',
    ]);
    const id = await releaseIn('draft');
    const afterSeed = await writes();
    const patch = await api('PATCH', `/api/v1/press-releases/${id}`, pmA, {
      title: 'Fine',
      bodyMarkdown: ' ',
    });
    expect(patch.status).toBe(400);
    expect(await writes()).toEqual(afterSeed);
    expect(before[0]).toBe((afterSeed[0] ?? 0) - 1);
  });

  it('escapes what partners write: the Markdown is sanitized', async () => {
    const preview = await postForm(
      '/partner/press-releases/new',
      { intent: 'preview', partnerId: partnerA.id, title: 'T', bodyMarkdown: '<script>alert(1)</script>Hi' },
      pmA,
    );
    expect(preview.html).not.toContain('<script>alert(1)');
  });
});

describe('publishing', () => {
  it('refuses a publication date still to come, with the message beside the field, and writes nothing', async () => {
    const id = await releaseIn('approved');
    const before = await writes();
    const tomorrowAndMore = dayFromToday(2);
    const form = await postForm(
      `/partner/press-releases/${id}/publish`,
      { publishedAt: tomorrowAndMore, publishedUrl: 'https://news.example.org/soon', confirmed: 'yes' },
      pmA,
    );
    expect(form.status).toBe(400);
    expect(form.html).toContain('id="field-publishedAt-error"');
    expect(form.html).toContain('That date is still to come.');
    expect(form.html).toContain(`value="${tomorrowAndMore}"`);
    expect(form.html).toContain('value="https://news.example.org/soon"');
    const viaApi = await api('POST', `/api/v1/press-releases/${id}/publish`, pmA, {
      publishedAt: tomorrowAndMore,
      publishedUrl: 'https://news.example.org/soon',
    });
    expect(viaApi.status).toBe(400);
    expect((viaApi.body as { errors: { path: string }[] }).errors.map((error) => error.path)).toEqual([
      'publishedAt',
    ]);
    expect(await writes()).toEqual(before);
    expect((await stored(id)).status).toBe('approved');

    // Today is a day it can have appeared.
    const today = await api('POST', `/api/v1/press-releases/${id}/publish`, pmA, {
      publishedAt: dayFromToday(0),
      publishedUrl: 'https://news.example.org/today',
    });
    expect(today.status).toBe(200);
  });

  it('asks first: the form sent unconfirmed shows the question and changes nothing', async () => {
    const id = await releaseIn('approved');
    const before = await writes();
    const unconfirmed = await postForm(
      `/partner/press-releases/${id}/publish`,
      { publishedAt: PUBLISHED_ON, publishedUrl: 'https://news.example.org/asked' },
      pmA,
    );
    expect(unconfirmed.status).toBe(200);
    expect(unconfirmed.html).toContain('Mark this press release published?');
    // The answer posts the same fields again, confirmed.
    expect(unconfirmed.html).toContain('value="https://news.example.org/asked"');
    expect(unconfirmed.html).toContain('name="confirmed" value="yes"');
    expect(await writes()).toEqual(before);
    expect((await stored(id)).status).toBe('approved');
    // The release page's form carries the same question, for the dialog.
    const release = await page(`/partner/press-releases/${id}`, pmA);
    expect(release.html).toContain('data-confirm-title="Mark this press release published?"');
  });
});

describe('resubmitting after staff asked for changes', () => {
  it('refuses the same text again, saying so, and makes no second identical version', async () => {
    const id = await releaseIn('submitted');
    const asked = await api('POST', `/api/v1/press-releases/${id}/request-changes`, staff, {
      body: 'Name the workshop dates.',
    });
    expect(asked.status).toBe(200);
    const before = await writes();

    const form = await postForm(`/partner/press-releases/${id}/submit`, {}, pmA);
    expect(form.status).toBe(422);
    expect(form.html).toContain('Nothing has changed since version 1, which staff asked you to change.');
    expect(form.html).toContain('<div class="error-summary" role="alert"');
    const viaApi = await api('POST', `/api/v1/press-releases/${id}/submit`, pmA);
    expect(viaApi.status).toBe(422);
    expect(viaApi.type).toContain('application/problem+json');
    expect(await writes()).toEqual(before);
    expect((await stored(id)).status).toBe('changes_requested');
    expect((await recorded(id, 'submitted')).versions).toEqual([1]);
    // The page says so before anyone tries.
    expect((await page(`/partner/press-releases/${id}`, pmA)).html).toContain(
      'edit the draft before you submit it again',
    );

    // Once edited, it goes in as version 2.
    const release = (await api('GET', `/api/v1/press-releases/${id}`, pmA)).body as PressReleaseDetail;
    await api('PATCH', `/api/v1/press-releases/${id}`, pmA, {
      title: release.title,
      bodyMarkdown: `${release.bodyMarkdown}\n\nWorkshops: June 14 and 15.`,
    });
    const resubmitted = await api('POST', `/api/v1/press-releases/${id}/submit`, pmA);
    expect(resubmitted.status).toBe(200);
    expect((resubmitted.body as PressReleaseDetail).versions.map((v) => v.version)).toEqual([1, 2]);
  });
});

describe('the review form', () => {
  it('has one text box for the comment, and its message is beside it', async () => {
    const id = await releaseIn('submitted');
    const review = await page(`/staff/press-releases/${id}`, staff);
    expect(review.html.match(/id="field-body"/g)).toHaveLength(1);
    for (const decision of ['request-changes', 'approve', 'comment']) {
      expect(review.html).toContain(`name="decision" value="${decision}"`);
    }
    const before = await writes();
    const refused = await postForm(
      `/staff/press-releases/${id}/review`,
      { decision: 'request-changes', body: '' },
      staff,
    );
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('id="field-body-error"');
    expect(refused.html).toContain('href="#field-body"');
    expect(refused.html).toMatch(/<textarea[^>]*id="field-body"[^>]*aria-invalid="true"/);
    expect(await writes()).toEqual(before);
  });

  it('keeps what was typed when a comment is too long', async () => {
    const id = await releaseIn('submitted');
    const long = `Too long ${'x'.repeat(5000)}`;
    const refused = await postForm(
      `/staff/press-releases/${id}/review`,
      { decision: 'comment', body: long },
      staff,
    );
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('Keep the comment under 5,000 characters.');
    expect(refused.html).toContain(long);
  });

  it('asks before approving, and approves once confirmed', async () => {
    const id = await releaseIn('submitted');
    const before = await writes();
    const asked = await postForm(
      `/staff/press-releases/${id}/review`,
      { decision: 'approve', body: 'Well written.' },
      staff,
    );
    expect(asked.status).toBe(200);
    expect(asked.html).toContain('Approve this press release?');
    expect(asked.html).toContain('name="decision" value="approve"');
    expect(await writes()).toEqual(before);
    const approved = await postForm(
      `/staff/press-releases/${id}/review`,
      { decision: 'approve', body: 'Well written.', confirmed: 'yes' },
      staff,
    );
    expect(approved.status).toBe(303);
    expect(approved.location).toBe(`/staff/press-releases/${id}?notice=press-release-approved`);
    expect((await stored(id)).status).toBe('approved');
    // Approved, only a comment is left to give.
    const after = await page(`/staff/press-releases/${id}`, staff);
    expect(after.html).toContain('name="decision" value="comment"');
    expect(after.html).not.toContain('name="decision" value="approve"');
  });
});

describe('the draft form', () => {
  it('shows the partner it is for as a field, chosen already when the manager has one partner', async () => {
    const form = await page('/partner/press-releases/new', pmA);
    expect(form.html).toMatch(/<select[^>]*id="field-partnerId"/);
    expect(form.html).toContain(`<option value="${partnerA.id}" selected>`);
    // Staff choose among every partner; a wrong choice is named beside the field.
    const refused = await postForm(
      '/partner/press-releases/new',
      { intent: 'save', partnerId: 'no-such-partner', title: 'Kept', bodyMarkdown: 'Text.' },
      staff,
    );
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('id="field-partnerId-error"');
    expect(refused.html).toContain('Choose one of the partners listed.');
  });

  it('says there is nothing to write for when the manager has no partner', async () => {
    const unassigned = await signedInUser(test, 'program_manager');
    const form = await page('/partner/press-releases/new', unassigned);
    expect(form.status).toBe(200);
    expect(form.html).toContain('There is no partner to write for');
    expect(form.html).not.toContain('name="bodyMarkdown"');
  });
});
