import { describe, expect, it } from 'vitest';
import {
  api,
  CONTACT_A,
  dayFromToday,
  partnerA,
  pmA,
  postForm,
  PUBLISHED_ON,
  recorded,
  releaseIn,
  staff,
  staff2,
  STAFF_ADDRESS,
  stored,
  usePressReleasePortal,
  type ApiResponse,
} from './press-releases.fixture.js';
import type { PressReleaseDetail } from './press-releases.schemas.js';

usePressReleasePortal();

/** Two requests sent together; the statuses come back sorted, with the refusal's detail. */
async function atOnce(requests: [Promise<ApiResponse>, Promise<ApiResponse>]) {
  const responses = await Promise.all(requests);
  const refused = responses.find((response) => response.status !== 200);
  return {
    statuses: responses.map((response) => response.status).sort(),
    refusal: refused && { type: refused.type, detail: (refused.body as { detail?: string }).detail },
  };
}

// Several rounds, because one round may happen not to overlap; on PostgreSQL they usually do.
const ROUNDS = 5;

describe('two people acting at once', () => {
  it('two submissions of one draft: one wins, the other gets 409, one version and one email to staff', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await releaseIn('draft');
      const { statuses, refusal } = await atOnce([
        api('POST', `/api/v1/press-releases/${id}/submit`, pmA),
        api('POST', `/api/v1/press-releases/${id}/submit`, pmA),
      ]);
      expect(statuses).toEqual([200, 409]);
      expect(refusal?.type).toContain('application/problem+json');
      expect(refusal?.detail).toBe(
        'This press release is already submitted for review; reload the page to see where it stands.',
      );
      const after = await recorded(id, 'submitted');
      expect(after.versions).toEqual([1]);
      expect(after.events).toHaveLength(1);
      expect(after.mail).toEqual([
        { toAddress: STAFF_ADDRESS, subject: `A press release from ${partnerA.name} is ready for review` },
      ]);
      expect((await stored(id)).status).toBe('submitted');
    }
  });

  it('two staff approving one version: one wins, the other gets 409, one approval and one email each', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await releaseIn('submitted');
      const { statuses, refusal } = await atOnce([
        api('POST', `/api/v1/press-releases/${id}/approve`, staff, { body: 'From the first.' }),
        api('POST', `/api/v1/press-releases/${id}/approve`, staff2, { body: 'From the second.' }),
      ]);
      expect(statuses).toEqual([200, 409]);
      expect(refusal?.type).toContain('application/problem+json');
      expect(refusal?.detail).toBe(
        'This press release is already approved; reload the page to see where it stands.',
      );
      const after = await recorded(id, 'approved');
      expect(after.events).toHaveLength(1);
      const approvals = after.mail.filter((mail) => mail.subject === 'Your press release is approved');
      expect(approvals.map((mail) => mail.toAddress)).toEqual([CONTACT_A, pmA.email].sort());
      expect((await stored(id)).status).toBe('approved');
    }
  });

  it('approval and a request for changes at once: only one decision is recorded', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await releaseIn('submitted');
      const { statuses, refusal } = await atOnce([
        api('POST', `/api/v1/press-releases/${id}/approve`, staff, {}),
        api('POST', `/api/v1/press-releases/${id}/request-changes`, staff2, { body: 'Shorter.' }),
      ]);
      expect(statuses).toEqual([200, 409]);
      expect(refusal?.detail).toMatch(
        /^Only a submitted version can have changes requested or be approved; this one is (approved|waiting for the changes staff asked for)\.$/,
      );
      const approvals = await recorded(id, 'approved');
      const requests = await recorded(id, 'changes_requested');
      expect(approvals.events.length + requests.events.length).toBe(1);
    }
  });

  it('two publications at once: one is recorded, with one email to staff', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await releaseIn('approved');
      const { statuses, refusal } = await atOnce([
        api('POST', `/api/v1/press-releases/${id}/publish`, pmA, {
          publishedAt: dayFromToday(-5),
          publishedUrl: 'https://news.example.org/one',
        }),
        api('POST', `/api/v1/press-releases/${id}/publish`, pmA, {
          publishedAt: dayFromToday(-4),
          publishedUrl: 'https://news.example.org/two',
        }),
      ]);
      expect(statuses).toEqual([200, 409]);
      expect(refusal?.detail).toBe(
        'This press release is already published; reload the page to see where it stands.',
      );
      const after = await recorded(id, 'published');
      expect(after.events).toHaveLength(1);
      const toStaff = after.mail.filter((mail) => mail.toAddress === STAFF_ADDRESS);
      expect(toStaff.map((mail) => mail.subject).sort()).toEqual([
        `A press release from ${partnerA.name} is published`,
        `A press release from ${partnerA.name} is ready for review`,
      ]);
    }
  });

  it('a double click on the submit form: the second click gets a 409 page saying it is already submitted', async () => {
    const id = await releaseIn('draft');
    const [first, second] = await Promise.all([
      postForm(`/partner/press-releases/${id}/submit`, {}, pmA),
      postForm(`/partner/press-releases/${id}/submit`, {}, pmA),
    ]);
    expect([first.status, second.status].sort()).toEqual([303, 409]);
    const refused = first.status === 409 ? first : second;
    expect(refused.html).toContain('This press release is already submitted for review');
    // The release page as it now stands, not a bare error page: the way on is right there.
    expect(refused.html).toContain('All press releases');
    expect((await recorded(id, 'submitted')).versions).toEqual([1]);
  });

  it('a review form sent from a stale page shows the review page again with why it was refused', async () => {
    const id = await releaseIn('approved');
    const refused = await postForm(
      `/staff/press-releases/${id}/review`,
      { decision: 'request-changes', body: 'Too late?' },
      staff,
    );
    expect(refused.status).toBe(409);
    expect(refused.html).toContain(
      'Only a submitted version can have changes requested or be approved; this one is approved.',
    );
    expect(refused.html).toContain('<div class="error-summary" role="alert"');
    expect(refused.html).toContain('All press releases');
    const publishedEarly = await postForm(
      `/partner/press-releases/${await releaseIn('submitted')}/publish`,
      { publishedAt: PUBLISHED_ON, publishedUrl: 'https://news.example.org/release', confirmed: 'yes' },
      pmA,
    );
    expect(publishedEarly.status).toBe(409);
    expect(publishedEarly.html).toContain('<div class="error-summary" role="alert"');
  });

  it('an edit racing a submission never changes the submitted text afterwards', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const id = await releaseIn('draft');
      const [submit, edit] = await Promise.all([
        api('POST', `/api/v1/press-releases/${id}/submit`, pmA),
        api('PATCH', `/api/v1/press-releases/${id}`, pmA, { title: 'Edited', bodyMarkdown: 'Edited body.' }),
      ]);
      expect(submit.status).toBe(200);
      expect([200, 409]).toContain(edit.status);
      const detail = (await api('GET', `/api/v1/press-releases/${id}`, pmA)).body as PressReleaseDetail;
      const [version] = detail.versions;
      // Whichever came first, the working draft and the one submitted version agree.
      expect([version?.title, version?.bodyMarkdown]).toEqual([detail.title, detail.bodyMarkdown]);
    }
  });
});
