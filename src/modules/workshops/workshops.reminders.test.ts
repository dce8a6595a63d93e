import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { formRequest } from '../../../tests/helpers/portal.js';
import type { Database } from '../../db/schema.js';
import { nowIso } from '../../platform/ids.js';
import { Outbox, storedAttachments, type OutgoingMail } from '../../platform/mail/outbox.js';
import { instantInZone } from '../../platform/zoned-time.js';
import {
  api,
  createWorkshop,
  daysFromNow,
  pmA,
  pmB,
  staff,
  test,
  useWorkshopPortal,
} from './workshops.fixture.js';
import { reminderTimes } from './workshops.reminders.js';
import { runOnce, scheduleMissingReminders } from './workshops.reminders.worker.js';
import type { Workshop } from './workshops.schemas.js';

useWorkshopPortal();

let people = 0;
function person() {
  people += 1;
  return { name: `Reminded ${people}`, email: `reminded${people}@example.org`, role: 'teacher' };
}

let titles = 0;
/** A published workshop with a title of its own, so that mails about it are told apart from the others'. */
async function publishedWorkshop(overrides: Record<string, unknown> = {}): Promise<Workshop> {
  titles += 1;
  return createWorkshop({ title: `Reminded workshop ${titles}`, ...overrides }, { publish: true });
}

async function signUp(workshop: Workshop, body: ReturnType<typeof person>) {
  const response = await api('POST', `/api/v1/workshops/${workshop.id}/enrollments`, 'anonymous', body);
  expect(response.status).toBe(201);
  return response.body as { id: string; status: string };
}

async function mailTo(address: string) {
  return test.deps.db.kysely
    .selectFrom('mailOutbox')
    .select(['subject', 'textBody', 'attachments'])
    .where('toAddress', '=', address)
    .orderBy('createdAt')
    .execute();
}

async function remindersTo(address: string, workshop: Workshop) {
  return (await mailTo(address)).filter(
    (mail) => mail.subject.startsWith('Reminder:') && mail.subject.includes(workshop.title),
  );
}

async function remindersOf(workshop: Workshop) {
  return test.deps.db.kysely
    .selectFrom('workshopReminders')
    .select(['kind', 'days', 'timeOfDay', 'sendAt', 'sentAt'])
    .where('workshopId', '=', workshop.id)
    .orderBy('sendAt')
    .execute();
}

/** A minute after the workshop's reminder of that many days before its first session. */
async function justAfter(workshop: Workshop, days: number, kind = 'participants'): Promise<string> {
  const reminder = (await remindersOf(workshop)).find((row) => row.kind === kind && row.days === days);
  if (!reminder) throw new Error(`no ${kind} reminder ${days} days for ${workshop.title}`);
  return new Date(Date.parse(reminder.sendAt) + 60_000).toISOString();
}

async function cancelByLink(address: string) {
  const mail = (await mailTo(address)).at(-1);
  const match = /\/enrollments\/([\w-]+)\?token=([\w-]+)/.exec(mail?.textBody ?? '');
  if (!match) throw new Error(`no manage link mailed to ${address}`);
  const response = await api('POST', `/api/v1/enrollments/${match[1]}/cancel?token=${match[2]}`, 'anonymous');
  expect(response.status).toBe(200);
}

function wait(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('reminder times', () => {
  it('keep the wall-clock time across a daylight-saving change, on the workshop’s own calendar', () => {
    // Clocks in Chicago spring forward on March 14, 2027: the session is at 09:00 CDT (14:00 UTC), the
    // reminders before it at 09:00 CST (15:00 UTC). The last session ends late in the evening, local time,
    // which is already the next day in UTC: the attendance reminder is the local day after, not two.
    const workshop = {
      startsAt: '2027-03-16T14:00:00.000Z',
      endsAt: '2027-03-17T04:30:00.000Z',
      timeZone: 'America/Chicago',
    };
    const rules = [
      { daysBefore: 10, time: '09:00' },
      { daysBefore: 3, time: '07:45' },
      { daysBefore: 0, time: '10:00' },
    ];
    expect(reminderTimes(workshop, rules, '2027-01-01T00:00:00.000Z')).toEqual([
      { kind: 'participants', days: 10, timeOfDay: '09:00', sendAt: '2027-03-06T15:00:00.000Z' },
      { kind: 'participants', days: 3, timeOfDay: '07:45', sendAt: '2027-03-13T13:45:00.000Z' },
      { kind: 'attendance', days: 1, timeOfDay: '09:00', sendAt: '2027-03-17T14:00:00.000Z' },
    ]);
    // The day's own 10:00 is after the 09:00 start: that reminder is left out. So is one already past.
    expect(
      reminderTimes(workshop, rules, '2027-03-10T00:00:00.000Z').map((reminder) => reminder.days),
    ).toEqual([3, 1]);
  });

  it('are the year’s rules at 09:00 on the workshop’s calendar, and the attendance reminder the day after', async () => {
    const first = daysFromNow(30);
    const last = daysFromNow(31);
    const workshop = await publishedWorkshop({
      timeZone: 'America/Chicago',
      sessions: [
        { date: first, start: '08:30', end: '16:00' },
        { date: last, start: '08:30', end: '15:00' },
      ],
    });
    const day = (date: string, days: number) =>
      new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    expect(await remindersOf(workshop)).toEqual([
      {
        kind: 'participants',
        days: 10,
        timeOfDay: '09:00',
        sendAt: instantInZone(day(first, -10), '09:00', 'America/Chicago'),
        sentAt: null,
      },
      {
        kind: 'participants',
        days: 3,
        timeOfDay: '09:00',
        sendAt: instantInZone(day(first, -3), '09:00', 'America/Chicago'),
        sentAt: null,
      },
      {
        kind: 'attendance',
        days: 1,
        timeOfDay: '09:00',
        sendAt: instantInZone(day(last, 1), '09:00', 'America/Chicago'),
        sentAt: null,
      },
    ]);
  });

  it('leave out a reminder whose time has already passed, and a draft has none', async () => {
    const soon = await publishedWorkshop({
      sessions: [{ date: daysFromNow(5), start: '09:00', end: '12:00' }],
    });
    expect((await remindersOf(soon)).map((row) => `${row.kind}:${row.days}`)).toEqual([
      'participants:3',
      'attendance:1',
    ]);
    const draft = await createWorkshop();
    expect(await remindersOf(draft)).toEqual([]);
  });
});

describe('workshops published before reminders existed', () => {
  it('get their reminders when the scheduler starts, once', async () => {
    const workshop = await publishedWorkshop();
    const computed = await remindersOf(workshop);
    await test.deps.db.kysely.deleteFrom('workshopReminders').where('workshopId', '=', workshop.id).execute();
    await Promise.all([
      scheduleMissingReminders(test.deps, nowIso()),
      scheduleMissingReminders(test.deps, nowIso()),
    ]);
    expect(await remindersOf(workshop)).toEqual(computed);
    expect(await scheduleMissingReminders(test.deps, nowIso())).toBe(0);
  });
});

describe('sending reminders', () => {
  it('sends each rule once per person, however often the scheduler runs', async () => {
    const workshop = await publishedWorkshop();
    const [a, b] = [person(), person()];
    await signUp(workshop, a);
    await signUp(workshop, b);
    const at = await justAfter(workshop, 10);
    await runOnce(test.deps, at);
    await runOnce(test.deps, at);
    for (const someone of [a, b]) {
      const mails = await remindersTo(someone.email, workshop);
      expect(mails.map((mail) => mail.subject)).toEqual([`Reminder: ${workshop.title} starts in 10 days`]);
      expect(mails[0]?.textBody).toContain('/enrollments/');
    }
    // The next rule is its own reminder, sent once too.
    await runOnce(test.deps, await justAfter(workshop, 3));
    expect(await remindersTo(a.email, workshop)).toHaveLength(2);
    expect(
      (await remindersOf(workshop)).filter((row) => row.kind === 'participants' && row.sentAt),
    ).toHaveLength(2);
  });

  it('sends once per person when two schedulers run at the same moment', async () => {
    const workshop = await publishedWorkshop();
    const group = [person(), person(), person()];
    for (const someone of group) await signUp(workshop, someone);
    const at = await justAfter(workshop, 10);
    await Promise.all([runOnce(test.deps, at), runOnce(test.deps, at), runOnce(test.deps, at)]);
    for (const someone of group) expect(await remindersTo(someone.email, workshop)).toHaveLength(1);
    const deliveries = await test.deps.db.kysely
      .selectFrom('reminderDeliveries')
      .innerJoin('workshopReminders', 'workshopReminders.id', 'reminderDeliveries.reminderId')
      .select('recipient')
      .where('workshopReminders.workshopId', '=', workshop.id)
      .execute();
    expect(deliveries).toHaveLength(3);
  });

  it('follows the sessions when they move: the old time sends nothing, the new one does', async () => {
    const workshop = await publishedWorkshop();
    const someone = person();
    await signUp(workshop, someone);
    const oldTime = await justAfter(workshop, 10);
    const moved = await api('PATCH', `/api/v1/workshops/${workshop.id}`, 'pmA', {
      sessions: [
        { date: daysFromNow(45), start: '09:00', end: '16:00' },
        { date: daysFromNow(46), start: '09:00', end: '15:00' },
      ],
    });
    expect(moved.status).toBe(200);
    const newTime = await justAfter(workshop, 10);
    expect(newTime > oldTime).toBe(true);
    await runOnce(test.deps, oldTime);
    expect(await remindersTo(someone.email, workshop)).toEqual([]);
    await runOnce(test.deps, newTime);
    expect(await remindersTo(someone.email, workshop)).toHaveLength(1);
  });

  it('skips a cancelled enrollment, and a cancelled workshop altogether', async () => {
    const workshop = await publishedWorkshop();
    const [stays, leaves] = [person(), person()];
    await signUp(workshop, stays);
    await signUp(workshop, leaves);
    await cancelByLink(leaves.email);
    const cancelled = await publishedWorkshop();
    const told = person();
    await signUp(cancelled, told);
    const at = await justAfter(cancelled, 10);
    expect(
      (await api('POST', `/api/v1/workshops/${cancelled.id}/cancel`, 'pmA', { reason: 'No venue.' })).status,
    ).toBe(200);
    await runOnce(test.deps, at);
    expect(await remindersTo(stays.email, workshop)).toHaveLength(1);
    expect(await remindersTo(leaves.email, workshop)).toEqual([]);
    expect(await remindersTo(told.email, cancelled)).toEqual([]);
    expect((await remindersOf(cancelled)).filter((row) => row.sentAt === null)).toEqual([]);
  });

  it('is not sent to someone who signed up, or signed up again, after the reminder’s time', async () => {
    const workshop = await publishedWorkshop();
    const [early, late, again] = [person(), person(), person()];
    await signUp(workshop, early);
    await signUp(workshop, again);
    await cancelByLink(again.email);
    await wait(5);
    // The reminder's time falls here; the scheduler has not run yet when the others sign up.
    const reminderTime = nowIso();
    await wait(5);
    await signUp(workshop, late);
    expect((await signUp(workshop, again)).status).toBe('enrolled');
    await test.deps.db.kysely
      .updateTable('workshopReminders')
      .set({ sendAt: reminderTime })
      .where('workshopId', '=', workshop.id)
      .where('kind', '=', 'participants')
      .where('days', '=', 10)
      .execute();
    await runOnce(test.deps, nowIso());
    expect(await remindersTo(early.email, workshop)).toHaveLength(1);
    expect(await remindersTo(late.email, workshop)).toEqual([]);
    expect(await remindersTo(again.email, workshop)).toEqual([]);
  });

  it('passes over a reminder that fails, leaving it due, and sends the others', async () => {
    const [failing, fine] = [await publishedWorkshop(), await publishedWorkshop()];
    const [unlucky, lucky] = [person(), person()];
    await signUp(failing, unlucky);
    await signUp(fine, lucky);
    const at = [await justAfter(failing, 10), await justAfter(fine, 10)].sort().at(-1) ?? '';
    // An outbox that cannot queue one address's mail (as a full disk or a lost connection would fail it).
    class RefusingOutbox extends Outbox {
      override enqueue(mail: OutgoingMail, db?: Kysely<Database>): Promise<string> {
        return mail.to === unlucky.email ? Promise.reject(new Error('disk full')) : super.enqueue(mail, db);
      }
    }
    const refusing = new RefusingOutbox(test.deps.db.kysely, false);
    await expect(runOnce({ ...test.deps, outbox: refusing }, at)).rejects.toThrow(/1 reminder.*disk full/);
    expect(await remindersTo(lucky.email, fine)).toHaveLength(1);
    expect(await remindersTo(unlucky.email, failing)).toEqual([]);
    await runOnce(test.deps, at);
    expect(await remindersTo(unlucky.email, failing)).toHaveLength(1);
  });

  it('goes to those with a seat only, not to those waiting', async () => {
    const workshop = await publishedWorkshop({ capacity: 1 });
    const [seated, waiting] = [person(), person()];
    await signUp(workshop, seated);
    expect((await signUp(workshop, waiting)).status).toBe('waitlisted');
    await runOnce(test.deps, await justAfter(workshop, 10));
    expect(await remindersTo(seated.email, workshop)).toHaveLength(1);
    expect(await remindersTo(waiting.email, workshop)).toEqual([]);
  });

  it('reminds the partner’s program managers to complete the attendance the day after the last session', async () => {
    const workshop = await publishedWorkshop();
    await signUp(workshop, person());
    await runOnce(test.deps, await justAfter(workshop, 1, 'attendance'));
    const mails = (await mailTo(pmA.email)).filter((mail) => mail.subject.includes(workshop.title));
    expect(mails.map((mail) => mail.subject)).toEqual([`Complete the attendance: ${workshop.title}`]);
    expect(mails[0]?.textBody).toContain(`/workshops/${workshop.id}/roster`);
    expect((await mailTo(pmB.email)).filter((mail) => mail.subject.includes(workshop.title))).toEqual([]);
  });
});

describe('the notice of new session times', () => {
  it('tells everyone enrolled or waiting, with the updated calendar file, only when the times change', async () => {
    const workshop = await publishedWorkshop({ capacity: 1 });
    const [seated, waiting, gone] = [person(), person(), person()];
    await signUp(workshop, seated);
    await signUp(workshop, waiting);
    await signUp(workshop, gone);
    await cancelByLink(gone.email);
    const retitled = await api('PATCH', `/api/v1/workshops/${workshop.id}`, 'pmA', {
      description: 'Five days, with lunch.',
    });
    expect(retitled.status).toBe(200);
    const newDate = daysFromNow(40);
    const moved = await api('PATCH', `/api/v1/workshops/${workshop.id}`, 'pmA', {
      sessions: [{ date: newDate, start: '10:00', end: '15:00' }],
    });
    expect(moved.status).toBe(200);
    for (const someone of [seated, waiting]) {
      const notices = (await mailTo(someone.email)).filter((mail) => mail.subject.startsWith('New times:'));
      expect(notices).toHaveLength(1);
      const [calendar] = storedAttachments(notices[0]?.attachments ?? null);
      expect(calendar?.filename).toBe('workshop.ics');
      expect(calendar?.contentType).toMatch(/^text\/calendar/);
      expect(calendar?.content).toContain('BEGIN:VCALENDAR');
      expect(calendar?.content).toContain(
        `DTSTART;TZID=America/Los_Angeles:${newDate.replaceAll('-', '')}T100000`,
      );
      expect(notices[0]?.textBody).toContain('10:00 AM');
    }
    expect((await mailTo(gone.email)).filter((mail) => mail.subject.startsWith('New times:'))).toEqual([]);
    // Staff reading the outbox see what is attached.
    const outbox = await fetch(`${test.url}/staff/outbox?q=${encodeURIComponent(seated.email)}`, {
      headers: { cookie: staff.cookie },
    });
    expect(await outbox.text()).toContain('Attached: workshop.ics');
  });

  it('attaches the cancelled calendar file to the cancellation', async () => {
    const workshop = await publishedWorkshop();
    const someone = person();
    await signUp(workshop, someone);
    await api('POST', `/api/v1/workshops/${workshop.id}/cancel`, 'pmA', { reason: 'The venue closed.' });
    const [mail] = (await mailTo(someone.email)).filter((m) => m.subject.startsWith('Cancelled:'));
    expect(storedAttachments(mail?.attachments ?? null)[0]?.content).toContain('STATUS:CANCELLED');
  });
});

describe('a year’s reminder rules', () => {
  const path = '/api/v1/program-years/2027-28/reminder-rules';

  it('are staff’s to read and change, and a change reschedules the year’s published workshops', async () => {
    const workshop = await publishedWorkshop();
    for (const who of ['anonymous', 'participant', 'facilitator', 'pmA'] as const) {
      expect((await api('GET', path, who)).status).toBe(who === 'anonymous' ? 401 : 403);
      expect((await api('PUT', path, who, { rules: [] })).status).toBe(who === 'anonymous' ? 401 : 403);
    }
    expect((await api('GET', path, 'staff')).body).toEqual({
      year: '2027-28',
      rules: [
        { daysBefore: 10, time: '09:00' },
        { daysBefore: 3, time: '09:00' },
      ],
    });
    const changed = await api('PUT', path, 'staff', { rules: [{ daysBefore: 7, time: '08:30' }] });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ year: '2027-28', rules: [{ daysBefore: 7, time: '08:30' }] });
    expect((await remindersOf(workshop)).map((row) => `${row.kind}:${row.days}@${row.timeOfDay}`)).toEqual([
      'participants:7@08:30',
      'attendance:1@09:00',
    ]);
    expect((await api('PUT', path, 'staff', { rules: [] })).status).toBe(200);
    expect((await remindersOf(workshop)).map((row) => row.kind)).toEqual(['attendance']);
    await api('PUT', path, 'staff', {
      rules: [
        { daysBefore: 10, time: '09:00' },
        { daysBefore: 3, time: '09:00' },
      ],
    });
    expect(await remindersOf(workshop)).toHaveLength(3);
  });

  it('are in the OpenAPI document', async () => {
    const document = (await (await fetch(`${test.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(document.paths['/api/v1/program-years/{name}/reminder-rules'] ?? {})).toEqual([
      'get',
      'put',
    ]);
  });

  it('refuses bad rules with a message, changing nothing', async () => {
    const cases: [unknown, RegExp][] = [
      [{ rules: [{ daysBefore: 3, time: '25:00' }] }, /24-hour clock/],
      [{ rules: [{ daysBefore: -1, time: '09:00' }] }, /0 days/],
      [
        {
          rules: [
            { daysBefore: 3, time: '09:00' },
            { daysBefore: 3, time: '09:00' },
          ],
        },
        /same reminder as number 1/,
      ],
      [{ rules: [{ daysBefore: '', time: '09:00' }] }, /number of days/],
      [{}, /rules/i],
    ];
    for (const [body, message] of cases) {
      const response = await api('PUT', path, 'staff', body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toMatch(message);
    }
    expect(
      (await api('PUT', '/api/v1/program-years/2031-32/reminder-rules', 'staff', { rules: [] })).status,
    ).toBe(404);
    expect(((await api('GET', path, 'staff')).body.rules as unknown[]).length).toBe(2);
  });

  it('are changed from the staff years page too', async () => {
    const refusedManager = await fetch(`${test.url}/staff/years/2027-28/reminders`, {
      headers: { cookie: pmA.cookie },
    });
    expect(refusedManager.status).toBe(403);
    const page = await fetch(`${test.url}/staff/years/2027-28/reminders`, {
      headers: { cookie: staff.cookie },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Reminders for 2027-28');
    expect(html).toContain('value="10"');
    const refused = await fetch(
      `${test.url}/staff/years/2027-28/reminders`,
      formRequest(test, { 'rules.0.daysBefore': '3', 'rules.0.time': 'noon' }, staff.cookie),
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('24-hour clock');
    const saved = await fetch(
      `${test.url}/staff/years/2027-28/reminders`,
      formRequest(
        test,
        {
          'rules.0.daysBefore': '10',
          'rules.0.time': '09:00',
          'rules.1.daysBefore': '3',
          'rules.1.time': '09:00',
          'rules.2.daysBefore': '',
          'rules.2.time': '',
        },
        staff.cookie,
      ),
    );
    expect(saved.status).toBe(303);
    const years = await fetch(`${test.url}/staff/years`, { headers: { cookie: staff.cookie } });
    expect(await years.text()).toContain('10 and 3 days before, at 09:00');
  });
});
