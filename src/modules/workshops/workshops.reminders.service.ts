import { requireStaff, type Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { nowIso } from '../../platform/ids.js';
import { parseInput } from '../../platform/validation.js';
import { reminderRulesInputSchema, type ReminderRules } from '../program-years/program-years.schemas.js';
import {
  reminderRulesOf,
  resolveProgramYear,
  saveReminderRules,
} from '../program-years/program-years.service.js';
import { recomputeReminders } from './workshops.reminders.js';
import * as repo from './workshops.repository.js';

type Deps = Pick<CoreDeps, 'db'>;

/** A year's reminder rules (staff). */
export async function getReminderRules(
  deps: Deps,
  options: { actor: Actor | null; year: string },
): Promise<ReminderRules> {
  requireStaff(options.actor);
  const year = await resolveProgramYear(deps.db.kysely, options.year);
  return { year: year.name, rules: await reminderRulesOf(deps.db.kysely, year.id) };
}

/**
 * Replaces a year's reminder rules (staff), and moves the reminders of its published workshops that have not
 * started yet to match, in the same transaction: a rule taken away sends nothing more, a new one is sent at
 * its time (unless that is already past).
 */
export async function setReminderRules(
  deps: Deps,
  options: { actor: Actor | null; year: string; input: unknown },
): Promise<ReminderRules> {
  requireStaff(options.actor);
  const db = deps.db.kysely;
  const year = await resolveProgramYear(db, options.year);
  const { rules } = parseInput(reminderRulesInputSchema, options.input);
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await saveReminderRules(trx, year.id, rules);
    for (const workshopId of await repo.listUpcomingPublishedOfYear(trx, year.id, now)) {
      await recomputeReminders(trx, workshopId, now);
    }
  });
  return { year: year.name, rules: await reminderRulesOf(db, year.id) };
}
