import { beforeAll, describe, expect, it } from 'vitest';
import { jsonRequest, signedInUser, type TestUser } from '../../../tests/helpers/portal.js';
import type { Inquiry, InquiryDetail } from './inquiries.schemas.js';
import {
  CONTACT_A,
  CONTACT_B,
  facilitator,
  getJson,
  inboxIds,
  mailTo,
  participant,
  partnerA,
  partnerB,
  pmA,
  pmB,
  postForm,
  question,
  sendOk,
  sink,
  staff,
  STAFF_ADDRESS,
  storedInquiry,
  test,
  uniqueEmail,
  useInquiryPortal,
  writes,
} from './inquiries.fixture.js';

useInquiryPortal();

describe('the inbox', () => {
  let forA: string;
  let forB: string;
  let forStaff: string;

  beforeAll(async () => {
    forA = (await sendOk(question({ name: 'Ana Inbox', zip: '98101' }))).id;
    forB = (await sendOk(question({ name: 'Ben Inbox', zip: '97201' }))).id;
    forStaff = (await sendOk(question({ name: 'Sol Inbox', zip: '75201' }))).id;
  });

  async function statusOf(id: string): Promise<string | undefined> {
    return (await storedInquiry(id))?.status;
  }

  it('shows a program manager only their partner’s inquiries; staff see all, by where they were routed', async () => {
    const a = await inboxIds(pmA);
    expect(a).toContain(forA);
    expect(a).not.toContain(forB);
    expect(a).not.toContain(forStaff);
    const b = await inboxIds(pmB);
    expect(b).toContain(forB);
    expect(b).not.toContain(forA);
    expect(b).not.toContain(forStaff);
    expect(await inboxIds(staff)).toEqual(expect.arrayContaining([forA, forB, forStaff]));
    const routedToStaff = await inboxIds(staff, 'status=all&routedTo=staff');
    expect(routedToStaff).toContain(forStaff);
    expect(routedToStaff).not.toContain(forA);
    const routedToB = await inboxIds(staff, `routedTo=${partnerB.id}`);
    expect(routedToB).toContain(forB);
    expect(routedToB).not.toContain(forA);
    // Asking for another partner's inquiries does not widen a program manager's inbox.
    expect(await inboxIds(pmB, `status=all&routedTo=${partnerA.id}`)).toEqual([]);

    const pageA = await (await fetch(`${test.url}/inbox`, { headers: { cookie: pmA.cookie } })).text();
    expect(pageA).toContain(`href="/inbox/${forA}"`);
    expect(pageA).not.toContain(`href="/inbox/${forB}"`);
    expect(pageA).not.toContain('id="filter-routed-to"');
    const staffPage = await (
      await fetch(`${test.url}/inbox?routedTo=staff`, { headers: { cookie: staff.cookie } })
    ).text();
    expect(staffPage).toContain(`href="/inbox/${forStaff}"`);
    expect(staffPage).not.toContain(`href="/inbox/${forA}"`);
    expect(staffPage).toContain('<option value="staff" selected>Program staff</option>');
  });

  it('refuses every inbox route to those who may not use it, changing nothing', async () => {
    const before = await writes();
    const page = (path: string) => `/inbox/${forA}${path}`;
    const api = (path: string) => `/api/v1/inquiries/${forA}${path}`;
    const bodies: Record<string, Record<string, string>> = {
      '/reply': { body: 'A reply from someone who may not send one.' },
      '/reroute': { to: 'staff' },
      '/close': {},
      '/reopen': {},
    };
    const reads = ['/inbox', page(''), '/api/v1/inquiries', api('')];
    const actions = Object.keys(bodies);

    /** Calls every route as `user` and checks each status against `expected(method, path)`. */
    async function expectStatus(
      user: TestUser | undefined,
      expected: (method: string, path: string) => number,
    ) {
      const who = user?.email ?? 'anonymous';
      for (const path of reads) {
        const response = path.startsWith('/api/')
          ? await fetch(`${test.url}${path}`, jsonRequest(test, 'GET', undefined, user?.cookie))
          : await fetch(`${test.url}${path}`, {
              headers: { cookie: user?.cookie ?? '' },
              redirect: 'manual',
            });
        expect(response.status, `GET ${path} as ${who}`).toBe(expected('GET', path));
      }
      for (const action of actions) {
        const form = await postForm(page(action), bodies[action] ?? {}, user);
        expect(form.status, `POST ${page(action)} as ${who}`).toBe(expected('POST', page(action)));
        const hasBody = action === '/reply' || action === '/reroute';
        const json = await fetch(
          `${test.url}${api(action)}`,
          jsonRequest(test, 'POST', hasBody ? bodies[action] : undefined, user?.cookie),
        );
        expect(json.status, `POST ${api(action)} as ${who}`).toBe(expected('POST', api(action)));
        expect(json.headers.get('content-type')).toContain('application/problem+json');
      }
    }

    // Anonymous: pages send to sign-in; form posts and the API answer 401.
    await expectStatus(undefined, (method, path) =>
      method === 'GET' && !path.startsWith('/api/') ? 303 : 401,
    );
    const signIn = await fetch(`${test.url}/inbox/${forA}`, { redirect: 'manual' });
    expect(signIn.headers.get('location')).toBe(`/sign-in?next=${encodeURIComponent(`/inbox/${forA}`)}`);
    for (const user of [participant, facilitator]) await expectStatus(user, () => 403);
    // Partner B's manager has an inbox, but A's inquiry does not exist for them; rerouting is for staff only.
    await expectStatus(pmB, (_method, path) =>
      path === '/inbox' || path === '/api/v1/inquiries' ? 200 : path.endsWith('/reroute') ? 403 : 404,
    );
    // Partner A's manager may read it, but not pass it on.
    for (const path of [page('/reroute'), api('/reroute')]) {
      const response = path.startsWith('/api/')
        ? await fetch(`${test.url}${path}`, jsonRequest(test, 'POST', { to: 'staff' }, pmA.cookie))
        : await postForm(path, { to: 'staff' }, pmA);
      expect(response.status, path).toBe(403);
    }
    expect((await getJson(`/api/v1/inquiries/${forA}`, pmA)).status).toBe(200);
    expect((await getJson(`/api/v1/inquiries/${forStaff}`, pmA)).status).toBe(404);
    expect((await getJson(`/api/v1/inquiries/no-such-inquiry`, staff)).status).toBe(404);

    expect(await writes()).toEqual(before);
    expect(await statusOf(forA)).toBe('open');
    expect((await storedInquiry(forA))?.partnerId).toBe(partnerA.id);
  });

  it('lets staff use every inbox route', async () => {
    const id = (await sendOk(question())).id;
    for (const path of ['/inbox', `/inbox/${id}`]) {
      expect((await fetch(`${test.url}${path}`, { headers: { cookie: staff.cookie } })).status, path).toBe(
        200,
      );
    }
    for (const path of ['/api/v1/inquiries', `/api/v1/inquiries/${id}`]) {
      expect((await getJson(path, staff)).status, path).toBe(200);
    }
    for (const [action, fields] of [
      ['reply', { body: 'Thank you, we will call you.' }],
      ['close', {}],
      ['reopen', {}],
      ['reroute', { to: partnerB.id }],
    ] as const) {
      const form = await postForm(`/inbox/${id}/${action}`, fields, staff);
      expect(form.status, `form ${action}`).toBe(303);
      const json = await fetch(
        `${test.url}/api/v1/inquiries/${id}/${action}`,
        jsonRequest(test, 'POST', action === 'reroute' ? { to: partnerA.id } : fields, staff.cookie),
      );
      expect(json.status, `API ${action}`).toBe(200);
    }
  });

  it('shows the inquiry with its history and the actions the reader may take', async () => {
    const asA = await (await fetch(`${test.url}/inbox/${forA}`, { headers: { cookie: pmA.cookie } })).text();
    expect(asA).toContain('Question from Ana Inbox');
    expect(asA).toContain('How can I join a CS Discoveries workshop this summer?');
    expect(asA).toContain(`${partnerA.name} serves Washington.`);
    expect(asA).toContain(`action="/inbox/${forA}/reply"`);
    expect(asA).toContain(`action="/inbox/${forA}/close"`);
    expect(asA).not.toContain(`action="/inbox/${forA}/reroute"`);
    const asStaff = await (
      await fetch(`${test.url}/inbox/${forA}`, { headers: { cookie: staff.cookie } })
    ).text();
    expect(asStaff).toContain(`action="/inbox/${forA}/reroute"`);
    expect(asStaff).toContain(`<option value="${partnerB.id}">${partnerB.name}</option>`);
  });

  it('emails a reply to the sender, records it and marks the inquiry answered', async () => {
    const sender = uniqueEmail('asker');
    const id = (await sendOk(question({ email: sender, message: 'Which courses do you offer in Tacoma?' })))
      .id;
    const empty = await postForm(`/inbox/${id}/reply`, { body: '   ' }, pmA);
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Write your reply.');
    expect(await statusOf(id)).toBe('open');

    const response = await postForm(`/inbox/${id}/reply`, { body: 'We offer CS Discoveries in July.' }, pmA);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/inbox/${id}?notice=inquiry-replied`);
    const mail = await mailTo(sender, 'We offer CS Discoveries in July.');
    expect(mail.subject).toBe('An answer to your question to the Regional Partner Program');
    expect(mail.text).toContain(`${partnerA.name} answered your question`);
    expect(mail.text).toContain('> Which courses do you offer in Tacoma?');
    expect(mail.text).toContain(`To write back, email ${CONTACT_A}.`);

    const body = (await getJson(`/api/v1/inquiries/${id}`, pmA)).body as InquiryDetail;
    expect(body.status).toBe('answered');
    expect(body.events.map((event) => [event.kind, event.actorEmail, event.body])).toEqual([
      ['received', null, `${partnerA.name} serves Washington.`],
      ['reply', pmA.email, 'We offer CS Discoveries in July.'],
    ]);

    const byApi = await fetch(
      `${test.url}/api/v1/inquiries/${forStaff}/reply`,
      jsonRequest(test, 'POST', { body: 'Program staff will call you.' }, staff.cookie),
    );
    expect(byApi.status).toBe(200);
    expect(((await byApi.json()) as InquiryDetail).status).toBe('answered');
    const staffMail = await sink.waitFor((m) => m.text.includes('Program staff will call you.'));
    expect(staffMail.text).toContain(`To write back, email ${STAFF_ADDRESS}.`);
  });

  it('closes an inquiry, out of the open list, and reopens it', async () => {
    const id = (await sendOk(question())).id;
    expect(await inboxIds(pmA, 'status=open')).toContain(id);
    const closed = await postForm(`/inbox/${id}/close`, {}, pmA);
    expect(closed.status).toBe(303);
    expect(closed.headers.get('location')).toBe(`/inbox/${id}?notice=inquiry-closed`);
    expect(await statusOf(id)).toBe('closed');
    expect(await inboxIds(pmA, 'status=open')).not.toContain(id);
    expect(await inboxIds(pmA, 'status=closed')).toContain(id);
    const page = await (await fetch(`${test.url}/inbox/${id}`, { headers: { cookie: pmA.cookie } })).text();
    expect(page).toContain('Reopen this inquiry');

    const again = await fetch(
      `${test.url}/api/v1/inquiries/${id}/close`,
      jsonRequest(test, 'POST', undefined, pmA.cookie),
    );
    expect(again.status).toBe(200);
    const reopened = await fetch(
      `${test.url}/api/v1/inquiries/${id}/reopen`,
      jsonRequest(test, 'POST', undefined, pmA.cookie),
    );
    expect(reopened.status).toBe(200);
    const detail = (await reopened.json()) as InquiryDetail;
    expect(detail.status).toBe('open');
    expect(detail.events.map((event) => event.kind)).toEqual(['received', 'closed', 'reopened']);
    expect((await postForm(`/inbox/${id}/reopen`, {}, pmA)).status).toBe(303);
  });

  it('lets staff pass an inquiry from partner A to partner B, who is emailed, and back to staff', async () => {
    const id = (await sendOk(question({ message: 'Moved between partners, please answer.' }))).id;
    const same = await postForm(`/inbox/${id}/reroute`, { to: partnerA.id }, staff);
    expect(same.status).toBe(400);
    expect(await same.text()).toContain('The inquiry is already routed there; choose another.');
    const unknown = await fetch(
      `${test.url}/api/v1/inquiries/${id}/reroute`,
      jsonRequest(test, 'POST', { to: 'no-such-partner' }, staff.cookie),
    );
    expect(unknown.status).toBe(400);

    const moved = await postForm(`/inbox/${id}/reroute`, { to: partnerB.id }, staff);
    expect(moved.status).toBe(303);
    expect(moved.headers.get('location')).toBe(`/inbox/${id}?notice=inquiry-rerouted`);
    expect(await inboxIds(pmA)).not.toContain(id);
    expect((await getJson(`/api/v1/inquiries/${id}`, pmA)).status).toBe(404);
    expect(await inboxIds(pmB)).toContain(id);
    const mail = await mailTo(CONTACT_B, `${test.url}/inbox/${id}`);
    expect(mail.subject).toBe('A question was passed on to you in the Regional Partner Program portal');
    expect(mail.text).toContain('Moved between partners, please answer.');

    const back = await fetch(
      `${test.url}/api/v1/inquiries/${id}/reroute`,
      jsonRequest(test, 'POST', { to: 'staff' }, staff.cookie),
    );
    expect(back.status).toBe(200);
    const detail = (await back.json()) as InquiryDetail;
    expect(detail.routedTo).toEqual({ kind: 'staff' });
    expect(detail.events.filter((event) => event.kind === 'rerouted').map((event) => event.body)).toEqual([
      `From ${partnerA.name} to ${partnerB.name}.`,
      `From ${partnerB.name} to program staff.`,
    ]);
    expect(await inboxIds(pmB)).not.toContain(id);
  });

  it('documents the API in OpenAPI', async () => {
    const document = (await (await fetch(`${test.url}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/inquiries',
        '/api/v1/inquiries/{id}',
        '/api/v1/inquiries/{id}/reply',
        '/api/v1/inquiries/{id}/close',
        '/api/v1/inquiries/{id}/reopen',
        '/api/v1/inquiries/{id}/reroute',
      ]),
    );
  });
});

describe('what is unread, and the inbox as a table', () => {
  async function inboxPage(user: TestUser, query = '') {
    const response = await fetch(`${test.url}/inbox${query}`, { headers: { cookie: user.cookie } });
    return { status: response.status, html: await response.text() };
  }

  async function unreadIds(user: TestUser): Promise<string[]> {
    return inboxIds(user, 'status=all&unread=yes');
  }

  it('counts what came in since the reader last looked, per reader, until something happens again', async () => {
    const pmA2 = await signedInUser(test, 'program_manager', partnerA.id);
    const { id } = await sendOk(question({ name: 'Una Unread', zip: '98101' }));
    expect(await unreadIds(pmA)).toContain(id);
    expect(await unreadIds(pmA2)).toContain(id);
    const before = (await getJson('/api/v1/inquiries?status=all', pmA)).body as { inquiries: Inquiry[] };
    expect(before.inquiries.find((inquiry) => inquiry.id === id)?.unread).toBe(true);
    const listed = await inboxPage(pmA);
    expect(listed.html).toMatch(
      new RegExp(
        `href="/inbox/${id}" class="unread">Una Unread</a> <span class="badge badge-info">Unread</span>`,
      ),
    );

    // Opening it in the inbox reads it for that reader only; the API's read does not.
    await getJson(`/api/v1/inquiries/${id}`, pmA);
    expect(await unreadIds(pmA)).toContain(id);
    await fetch(`${test.url}/inbox/${id}`, { headers: { cookie: pmA.cookie } });
    expect(await unreadIds(pmA)).not.toContain(id);
    expect(await unreadIds(pmA2)).toContain(id);

    // A colleague's reply is news for the other reader, not for the one who wrote it.
    await fetch(`${test.url}/inbox/${id}`, { headers: { cookie: pmA2.cookie } });
    const replied = await fetch(
      `${test.url}/api/v1/inquiries/${id}/reply`,
      jsonRequest(test, 'POST', { body: 'Yes: see the workshops page.' }, pmA2.cookie),
    );
    expect(replied.status).toBe(200);
    expect(await unreadIds(pmA)).toContain(id);
    expect(await unreadIds(pmA2)).not.toContain(id);
    const counted = await inboxPage(pmA);
    const unreadCount = (await unreadIds(pmA)).length;
    expect(counted.html).toContain(`>${unreadCount} unread</a>`);
  });

  it('searches, sorts and pages the inbox through its address', async () => {
    const zipOfB = '97201';
    const names = Array.from({ length: 27 }, (_, index) => `Pat Pager ${String(index).padStart(2, '0')}`);
    for (const name of names) await sendOk(question({ name, zip: zipOfB }));
    const pager = await signedInUser(test, 'program_manager', partnerB.id);

    const first = await inboxPage(pager, '?q=pat+pager&sort=from&dir=asc');
    expect(first.status).toBe(200);
    expect(first.html).toContain('Pat Pager 00');
    expect(first.html).toContain('Pat Pager 24');
    expect(first.html).not.toContain('Pat Pager 25');
    expect(first.html).toContain('(1–25 of 27)');
    expect(first.html).toContain('href="/inbox?q=pat+pager&amp;sort=from&amp;dir=asc&amp;page=2"');
    expect(first.html).toContain('aria-sort="ascending"');

    const second = await inboxPage(pager, '?q=pat+pager&sort=from&dir=asc&page=2');
    expect(second.html).toContain('Pat Pager 25');
    expect(second.html).toContain('Pat Pager 26');
    expect(second.html).not.toContain('Pat Pager 24');

    const descending = await inboxPage(pager, '?q=PAT+PAGER&sort=from&dir=desc');
    expect(descending.html.indexOf('Pat Pager 26')).toBeLessThan(descending.html.indexOf('Pat Pager 25'));

    // The search text is taken literally: a wildcard finds nothing.
    const literal = (await getJson('/api/v1/inquiries?status=all&q=%25', pager)).body as { total: number };
    expect(literal.total).toBe(0);
    const api = (await getJson('/api/v1/inquiries?q=pat%20pager&page=2', pager)).body as {
      inquiries: Inquiry[];
      total: number;
      page: number;
      pageCount: number;
      truncated: boolean;
    };
    expect(api).toMatchObject({ total: 27, page: 2, pageCount: 2, truncated: false });
    expect(api.inquiries).toHaveLength(2);
  });

  it('refuses parameters it cannot read kindly, with the way back to the list', async () => {
    for (const [query, message] of [
      ['?page=0', 'Pages are numbered from 1.'],
      ['?page=abc', 'Choose a page by its number: 1, 2, 3…'],
      ['?page=999', 'There is no page 999 of this list.'],
      ['?sort=colour', 'Sort by one of: received, from, status.'],
      ['?status=lost', 'Choose open, answered, closed or all.'],
    ] as const) {
      const { status, html } = await inboxPage(staff, query);
      expect(status, query).toBe(400);
      expect(html, query).toContain(message);
      expect(html, query).toContain('<a href="/inbox">Show this list without those choices</a>');
      const api = await getJson(`/api/v1/inquiries${query}`, staff);
      expect(api.status, query).toBe(400);
    }
  });
});

describe('the inbox filters as the browser sends them', () => {
  it('reads a filter left at “any” (sent empty) as no filter', async () => {
    const response = await fetch(`${test.url}/inbox?q=&status=all&routedTo=&unread=`, {
      headers: { cookie: staff.cookie },
    });
    expect(response.status).toBe(200);
  });
});
