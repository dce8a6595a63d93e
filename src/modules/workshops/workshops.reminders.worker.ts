import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { CoreDeps } from '../../platform/deps.js';
import { nowIso } from '../../platform/ids.js';
import type { OutgoingMail } from '../../platform/mail/outbox.js';
import { listProgramManagerContacts } from '../partners/partners.service.js';
import { lockWorkshop } from './workshops.enrollments.repository.js';
import { emailKeyOf } from './workshops.enrollments.schemas.js';
import { manageUrl } from './workshops.enrollments.links.js';
import { aboutWorkshop, attendanceReminderMail, reminderMail } from './workshops.reminders.mail.js';
import { recomputeReminders } from './workshops.reminders.js';
import * as reminders from './workshops.reminders.repository.js';
import * as repo from './workshops.repository.js';

type Deps = Pick<CoreDeps, 'db' | 'outbox' | 'config'>;

/** Reminders taken per pass; the rest wait for the next one, which starts at once when this one was full. */
const BATCH = 50;

/**
 * Sends the reminders due at `now`: each is claimed by one process, and its mails are queued in the outbox in
 * the claim's transaction, one per person (recorded in `reminder_deliveries`), so that a reminder is sent
 * exactly once however many processes run this. Returns how many mails were queued.
 *
 * Participants' reminders go to those with a seat (not those waiting: the reminder says "you have a seat")
 * who signed up before the reminder's time; never for a cancelled workshop, nor once it has started.
 */
export async function runOnce(deps: Deps, now: string): Promise<number> {
  const db = deps.db.kysely;
  let queued = 0;
  // A reminder that fails (its transaction rolled back, so it stays due) is passed over until the next run,
  // rather than holding up the others behind it.
  const failures = new Map<string, unknown>();
  for (;;) {
    const due = (await reminders.dueReminders(db, now, BATCH + failures.size)).filter(
      (reminder) => !failures.has(reminder.id),
    );
    for (const reminder of due) {
      try {
        queued += await db.transaction().execute(async (trx) => {
          if (!(await reminders.claimReminder(trx, reminder.id, now))) return 0;
          return sendReminder(deps, trx, reminder, now);
        });
      } catch (error) {
        failures.set(reminder.id, error);
      }
    }
    if (due.length < BATCH) break;
  }
  const [failed, error] = [...failures][0] ?? [];
  if (failed) {
    throw new Error(
      `${failures.size} reminder(s) could not be sent and stay due (first ${failed}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return queued;
}

async function sendReminder(
  deps: Deps,
  trx: Kysely<Database>,
  reminder: reminders.ReminderRow,
  now: string,
): Promise<number> {
  const workshop = await repo.findWorkshop(trx, reminder.workshopId);
  if (workshop?.status !== 'published') return 0;
  const about = aboutWorkshop(workshop, await repo.listSessions(trx, workshop.id));
  const deliver = async (recipient: string, enrollmentId: string | null, mail: OutgoingMail) => {
    if (!(await reminders.recordDelivery(trx, { reminderId: reminder.id, recipient, enrollmentId })))
      return 0;
    await deps.outbox.enqueue(mail, trx);
    return 1;
  };
  let queued = 0;
  if (reminder.kind === 'participants') {
    // A scheduler that was down past the start would remind people of a workshop they are already in.
    if (now >= workshop.startsAt) return 0;
    for (const person of await reminders.seatedBefore(trx, workshop.id, reminder.sendAt)) {
      queued += await deliver(
        person.emailKey,
        person.id,
        reminderMail(deps.config, {
          to: person.email,
          name: person.name,
          workshop: about,
          daysBefore: reminder.days,
          manageUrl: manageUrl(deps, person.id),
        }),
      );
    }
  } else {
    for (const manager of await listProgramManagerContacts(trx, workshop.partnerId)) {
      queued += await deliver(
        emailKeyOf(manager.email),
        null,
        attendanceReminderMail(deps.config, {
          to: manager.email,
          name: manager.name,
          workshop: about,
          rosterUrl: `${deps.config.baseUrl}/workshops/${workshop.id}/roster`,
        }),
      );
    }
  }
  return queued;
}

/**
 * Works out the reminders of published workshops that have none: those published before reminders existed (a
 * published workshop that is not over always has at least its attendance reminder). Under the workshop's lock,
 * so that two processes starting at once do it once.
 */
export async function scheduleMissingReminders(deps: Pick<CoreDeps, 'db'>, now: string): Promise<number> {
  const db = deps.db.kysely;
  let scheduled = 0;
  for (const workshopId of await repo.listPublishedWithoutReminders(db, now)) {
    await db.transaction().execute(async (trx) => {
      await lockWorkshop(trx, workshopId);
      if ((await reminders.remindersOf(trx, workshopId)).length > 0) return;
      await recomputeReminders(trx, workshopId, now);
      scheduled += 1;
    });
  }
  return scheduled;
}

/**
 * Runs `runOnce` every `pollMs` in each app process (started in `app.ts`); the claims keep processes from
 * sending a reminder twice.
 */
export class ReminderScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private passes = 0;

  constructor(
    private readonly deps: Deps,
    private readonly options: { pollMs: number; logError: (message: string) => void },
  ) {}

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const now = nowIso();
      // The first pass also schedules the workshops published before this scheduler's time.
      const first = this.passes++ === 0;
      this.running = (first ? scheduleMissingReminders(this.deps, now) : Promise.resolve(0))
        .then(() => runOnce(this.deps, now))
        .then(
          () => undefined,
          (error: unknown) => {
            this.options.logError(
              `reminder scheduler: ${error instanceof Error ? error.message : String(error)}`,
            );
          },
        )
        .finally(() => {
          this.running = undefined;
          this.schedule(this.options.pollMs);
        });
    }, delayMs);
  }
}
