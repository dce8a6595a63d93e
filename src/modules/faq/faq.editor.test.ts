import { describe, expect, it } from 'vitest';
import { formRequest, jsonRequest, type TestUser } from '../../../tests/helpers/portal.js';
import { faqChangeCount, getFaq, others, staff, test, useFaqPortal } from './faq.fixture.js';

useFaqPortal();

/** As staff unless told otherwise (null: anonymously). */
function postForm(path: string, fields: Record<string, string>, user: TestUser | null = staff) {
  return fetch(`${test.url}${path}`, formRequest(test, fields, user?.cookie));
}

function patch(anchor: string, body: unknown) {
  return fetch(`${test.url}/api/v1/faq/questions/${anchor}`, jsonRequest(test, 'PATCH', body, staff.cookie));
}

async function staffHtml(path: string): Promise<string> {
  const response = await fetch(`${test.url}${path}`, { headers: { cookie: staff.cookie } });
  expect(response.status, path).toBe(200);
  return response.text();
}

/** The newest change of a question, as stored. */
function lastChange(anchor: string) {
  return test.deps.db.kysely
    .selectFrom('faqChanges')
    .selectAll()
    .where('anchor', '=', anchor)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
}

describe('moving a question to another section', () => {
  it('goes through the edit form: the question lands at the end of the section chosen', async () => {
    const faq = await getFaq();
    const [general, workshops] = faq.sections;
    const form = await staffHtml('/staff/faq/pm/edit');
    expect(form).toContain(`<option value="${general?.id}" selected>`);
    const pm = general?.questions.find((q) => q.anchor === 'pm');

    const moved = await postForm('/staff/faq/pm/edit', {
      intent: 'save',
      sectionId: workshops?.id ?? '',
      question: pm?.question ?? '',
      answerMarkdown: pm?.answerMarkdown ?? '',
    });
    expect(moved.status).toBe(303);
    const after = await getFaq();
    expect(after.sections[0]?.questions.map((q) => q.anchor)).not.toContain('pm');
    expect(after.sections[1]?.questions.at(-1)?.anchor).toBe('pm');
    expect(await lastChange('pm')).toMatchObject({
      action: 'move',
      summary: `Moved to “${workshops?.title ?? ''}”`,
      previousQuestion: null,
    });

    // And back, through the API, with an edit of the answer at the same time.
    const back = await patch('pm', { sectionId: general?.id, answerMarkdown: 'A shorter answer.' });
    expect(back.status).toBe(200);
    expect((await getFaq()).sections[0]?.questions.at(-1)?.anchor).toBe('pm');
    expect((await lastChange('pm')).summary).toBe(
      `Edited the answer and moved it to “${general?.title ?? ''}”`,
    );
  });

  it('refuses a section that does not exist, beside the field, keeping what was typed', async () => {
    const before = await faqChangeCount();
    const refused = await postForm('/staff/faq/joint/edit', {
      intent: 'save',
      sectionId: 'no-such-section',
      question: 'Can several organizations apply jointly?',
      answerMarkdown: 'Typed answer kept',
    });
    expect(refused.status).toBe(404);
    const html = await refused.text();
    expect(html).toContain('id="field-sectionId-error"');
    expect(html).toContain('Choose one of the sections.');
    expect(html).toContain('Typed answer kept');
    expect(await faqChangeCount()).toBe(before);
  });

  it('records nothing when the form is saved as it was', async () => {
    const question = (await getFaq()).sections[0]?.questions.find((q) => q.anchor === 'map');
    const before = await faqChangeCount();
    const saved = await postForm('/staff/faq/map/edit', {
      intent: 'save',
      sectionId: (await getFaq()).sections[0]?.id ?? '',
      question: question?.question ?? '',
      answerMarkdown: question?.answerMarkdown ?? '',
    });
    expect(saved.status).toBe(303);
    expect(await faqChangeCount()).toBe(before);
  });
});

describe('restoring an earlier version of a question', () => {
  it('brings back the text a change replaced, after asking, and records the restore', async () => {
    const original = (await getFaq()).sections[1]?.questions.find((q) => q.anchor === 'ca');
    expect((await patch('ca', { answerMarkdown: 'First rewrite.' })).status).toBe(200);
    expect((await patch('ca', { answerMarkdown: 'Second rewrite.' })).status).toBe(200);
    const changes = await test.deps.db.kysely
      .selectFrom('faqChanges')
      .select(['id', 'previousAnswerMarkdown'])
      .where('anchor', '=', 'ca')
      .orderBy('at')
      .orderBy('id')
      .execute();
    const [firstEdit, secondEdit] = changes;
    expect(firstEdit?.previousAnswerMarkdown).toBe(original?.answerMarkdown);
    expect(secondEdit?.previousAnswerMarkdown).toBe('First rewrite.');

    // The question's history offers to restore each earlier text, asking first.
    const history = await staffHtml('/staff/faq/history?anchor=ca');
    expect(history).toContain(`action="/staff/faq/history/${firstEdit?.id ?? ''}/restore"`);
    expect(history).toContain('data-confirm-title="Restore this earlier text?"');
    const before = await faqChangeCount();
    const asked = await postForm(`/staff/faq/history/${firstEdit?.id ?? ''}/restore`, {});
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('Restore this earlier text?');
    expect(await faqChangeCount()).toBe(before);

    const restored = await postForm(`/staff/faq/history/${firstEdit?.id ?? ''}/restore`, {
      confirmed: 'yes',
    });
    expect(restored.status).toBe(303);
    expect(restored.headers.get('location')).toBe('/staff/faq/history?anchor=ca&notice=faq-restored');
    const now = (await getFaq()).sections[1]?.questions.find((q) => q.anchor === 'ca');
    expect(now?.answerMarkdown).toBe(original?.answerMarkdown);
    expect(await lastChange('ca')).toMatchObject({
      action: 'restore',
      actorEmail: staff.email,
      previousAnswerMarkdown: 'Second rewrite.',
    });
    // The public page shows it at once.
    expect(await (await fetch(`${test.url}/faq`)).text()).not.toContain('Second rewrite.');

    // What it said just before the restore is itself restorable, through the API too.
    const again = await fetch(
      `${test.url}/api/v1/faq/history/${(await lastChange('ca')).id}/restore`,
      jsonRequest(test, 'POST', undefined, staff.cookie),
    );
    expect(again.status).toBe(200);
    expect(((await again.json()) as { answerMarkdown: string }).answerMarkdown).toBe('Second rewrite.');
    const current = await fetch(
      `${test.url}/api/v1/faq/history/${firstEdit?.id ?? ''}/restore`,
      jsonRequest(test, 'POST', undefined, staff.cookie),
    );
    // The first edit's earlier text restores again while the question reads otherwise; once current, not.
    expect(current.status).toBe(200);
    const same = await fetch(
      `${test.url}/api/v1/faq/history/${firstEdit?.id ?? ''}/restore`,
      jsonRequest(test, 'POST', undefined, staff.cookie),
    );
    expect(same.status).toBe(409);
  });

  it('has nothing to restore from an import or a move', async () => {
    const importRow = await test.deps.db.kysely
      .selectFrom('faqChanges')
      .select('id')
      .where('action', '=', 'import')
      .executeTakeFirstOrThrow();
    const response = await fetch(
      `${test.url}/api/v1/faq/history/${importRow.id}/restore`,
      jsonRequest(test, 'POST', undefined, staff.cookie),
    );
    expect(response.status).toBe(404);
    const page = await postForm(`/staff/faq/history/${importRow.id}/restore`, { confirmed: 'yes' });
    expect(page.status).toBe(404);
  });

  it('is for staff only: anonymous 401, every other role 403, changing nothing', async () => {
    expect((await patch('international', { answerMarkdown: 'To be restored by nobody.' })).status).toBe(200);
    const { id } = await lastChange('international');
    const before = await faqChangeCount();
    const anonymousApi = await fetch(
      `${test.url}/api/v1/faq/history/${id}/restore`,
      jsonRequest(test, 'POST', undefined),
    );
    expect(anonymousApi.status).toBe(401);
    const anonymousForm = await postForm(`/staff/faq/history/${id}/restore`, { confirmed: 'yes' }, null);
    expect(anonymousForm.status).toBe(401);
    for (const [role, user] of Object.entries(others)) {
      const api = await fetch(
        `${test.url}/api/v1/faq/history/${id}/restore`,
        jsonRequest(test, 'POST', undefined, user.cookie),
      );
      expect(api.status, role).toBe(403);
      const form = await postForm(`/staff/faq/history/${id}/restore`, { confirmed: 'yes' }, user);
      expect(form.status, role).toBe(403);
    }
    expect(await faqChangeCount()).toBe(before);
  });
});

describe('the editor and its history', () => {
  it('lists the questions of each section in order, as lists that wrap on a phone', async () => {
    const html = await staffHtml('/staff/faq');
    expect(html).not.toContain('<table');
    expect(html.match(/<ol class="faq-editor-list">/g)).toHaveLength(2);
    // The first question has no "Move up", the last no "Move down".
    const start = html.indexOf('id="edit-map"');
    const first = html.slice(start, html.indexOf('</li>', start));
    expect(first).not.toContain('Move up');
    expect(first).toContain('Move down');
  });

  it('moves within a section with the list’s buttons, refusing a direction it does not know', async () => {
    const moved = await postForm('/staff/faq/recruit/move', { direction: 'up' });
    expect(moved.status).toBe(303);
    expect(moved.headers.get('location')).toBe('/staff/faq#edit-recruit');
    const refused = await postForm('/staff/faq/recruit/move', { direction: 'sideways' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Direction must be');
  });

  it('is a data table searched, filtered by question, sorted and paged by its address', async () => {
    for (let n = 0; n < 26; n++)
      expect((await patch('cs', { answerMarkdown: `Version ${n} of cs.` })).status).toBe(200);
    const first = await staffHtml('/staff/faq/history?anchor=cs');
    expect(first).toContain('aria-label="Page 2"');
    expect(first).not.toContain('#international');
    const second = await staffHtml('/staff/faq/history?anchor=cs&page=2');
    expect(second).toContain('Edited the answer');
    const searched = await staffHtml('/staff/faq/history?q=Imported');
    expect(searched).toContain('Imported 9 questions');
    expect(searched).not.toContain('Edited the answer');
    const byWho = await staffHtml('/staff/faq/history?sort=who&dir=asc');
    expect(byWho).toContain('aria-sort="ascending"');
    const bad = await fetch(`${test.url}/staff/faq/history?page=0`, { headers: { cookie: staff.cookie } });
    expect(bad.status).toBe(400);
  });
});
