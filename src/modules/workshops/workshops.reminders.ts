import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { instantInZone, wallTimeInZone } from '../../platform/zoned-time.js';
import type { ReminderRule } from '../program-years/program-years.schemas.js';
import { reminderRulesOf } from '../program-years/program-years.service.js';
import * as reminders from './workshops.reminders.repository.js';
import * as repo from './workshops.repository.js';

/** The organizers are reminded to complete the attendance the day after the last session, at this time. */
const ATTENDANCE_REMINDER = { days: 1, timeOfDay: '09:00' } as const;

/** A calendar date (YYYY-MM-DD) moved by whole days. */
function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/**
 * The instants a workshop's reminders are due, worked out on its calendar in its zone: "3 days before at
 * 09:00" is 09:00 on the local date three days before the local date of the first session, whatever daylight
 * saving does in between. A reminder whose time is already past (or, for participants, not before the first
 * session) is left out: it is not sent late.
 */
export function reminderTimes(
  workshop: Pick<repo.WorkshopRow, 'startsAt' | 'endsAt' | 'timeZone'>,
  rules: readonly ReminderRule[],
  now: string,
): reminders.ReminderTime[] {
  const firstDate = wallTimeInZone(workshop.startsAt, workshop.timeZone).date;
  const lastDate = wallTimeInZone(workshop.endsAt, workshop.timeZone).date;
  const forParticipants = rules
    .map((rule) => ({
      kind: 'participants' as const,
      days: rule.daysBefore,
      timeOfDay: rule.time,
      sendAt: instantInZone(addDays(firstDate, -rule.daysBefore), rule.time, workshop.timeZone),
    }))
    .filter((reminder) => reminder.sendAt < workshop.startsAt);
  const forOrganizers = {
    kind: 'attendance' as const,
    ...ATTENDANCE_REMINDER,
    sendAt: instantInZone(
      addDays(lastDate, ATTENDANCE_REMINDER.days),
      ATTENDANCE_REMINDER.timeOfDay,
      workshop.timeZone,
    ),
  };
  return [...forParticipants, forOrganizers].filter((reminder) => reminder.sendAt > now);
}

/**
 * Brings a workshop's reminders in line with its sessions, its status and its year's rules, inside the
 * caller's transaction: reminders not sent yet are moved, added or dropped; one already sent stays as it
 * was (each rule reaches a person once, even if the sessions move afterwards). Only a published workshop
 * has reminders.
 */
export async function recomputeReminders(trx: Kysely<Database>, workshopId: string, now: string) {
  const workshop = await repo.findWorkshop(trx, workshopId);
  const existing = await reminders.remindersOf(trx, workshopId);
  const wanted =
    workshop?.status === 'published'
      ? reminderTimes(workshop, await reminderRulesOf(trx, workshop.programYearId), now)
      : [];
  const keyOf = (reminder: reminders.ReminderTime) =>
    `${reminder.kind}:${reminder.days}:${reminder.timeOfDay}`;
  const byKey = new Map(existing.map((reminder) => [keyOf(reminder), reminder]));
  for (const reminder of wanted) {
    const stored = byKey.get(keyOf(reminder));
    if (!stored) await reminders.insertReminder(trx, workshopId, reminder);
    else if (stored.sentAt === null && stored.sendAt !== reminder.sendAt) {
      await reminders.moveReminder(trx, stored.id, reminder.sendAt);
    }
  }
  const wantedKeys = new Set(wanted.map(keyOf));
  await reminders.deletePending(
    trx,
    existing.filter((reminder) => !wantedKeys.has(keyOf(reminder))).map((reminder) => reminder.id),
  );
}
