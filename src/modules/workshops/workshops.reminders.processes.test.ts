import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSecondProcess, type SecondProcess } from '../../../tests/helpers/second-process.js';
import { nowIso } from '../../platform/ids.js';
import { api, createWorkshop, test, useWorkshopPortal } from './workshops.fixture.js';
import { runOnce } from './workshops.reminders.worker.js';

useWorkshopPortal();

// Several app processes are a PostgreSQL deployment; on SQLite one process is the deployment.
describe.runIf(inject('postgresUrl'))('reminders with two app processes on PostgreSQL', () => {
  let second: SecondProcess;
  beforeAll(async () => {
    // The second process's scheduler looks every 50 ms, so it races this one's.
    second = await startSecondProcess(test, { REMINDER_POLL_MS: '50' });
  }, 60_000);
  afterAll(async () => {
    await second.close();
  });

  it('send each reminder once per person while both schedulers run', async () => {
    const workshopIds: string[] = [];
    const emails: string[] = [];
    for (let w = 0; w < 4; w++) {
      const workshop = await createWorkshop({ title: `Raced reminders ${w}` }, { publish: true });
      workshopIds.push(workshop.id);
      for (let p = 0; p < 5; p++) {
        const email = `raced-${w}-${p}@example.org`;
        emails.push(email);
        const signedUp = await api('POST', `/api/v1/workshops/${workshop.id}/enrollments`, 'anonymous', {
          name: `Raced ${w}.${p}`,
          email,
          role: 'teacher',
        });
        expect(signedUp.status).toBe(201);
      }
    }
    // Both rules come due at once, for every workshop: both processes find them on their next pass.
    await test.deps.db.kysely
      .updateTable('workshopReminders')
      .set({ sendAt: nowIso() })
      .where('workshopId', 'in', workshopIds)
      .where('kind', '=', 'participants')
      .execute();
    const until = Date.now() + 1500;
    while (Date.now() < until) await runOnce(test.deps, nowIso());
    await expect
      .poll(
        async () =>
          (
            await test.deps.db.kysely
              .selectFrom('workshopReminders')
              .select('id')
              .where('workshopId', 'in', workshopIds)
              .where('kind', '=', 'participants')
              .where('sentAt', 'is', null)
              .execute()
          ).length,
      )
      .toBe(0);
    const mails = await test.deps.db.kysely
      .selectFrom('mailOutbox')
      .select(['toAddress', 'subject'])
      .where('toAddress', 'in', emails)
      .where('subject', 'like', 'Reminder:%')
      .execute();
    const perPerson = new Map<string, number>();
    for (const mail of mails) perPerson.set(mail.toAddress, (perPerson.get(mail.toAddress) ?? 0) + 1);
    // Two rules (10 and 3 days before), each once.
    expect([...perPerson.values()]).toEqual(emails.map(() => 2));
    expect(perPerson.size).toBe(emails.length);
  });
});
