import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { fetchPage } from '../../db/paging.js';
import { newId, nowIso } from '../../platform/ids.js';
import type { Paged, TableQuery } from '../../platform/ui/table-query.js';
import { DEFAULT_REMINDER_RULES, type ProgramYear, type ReminderRule } from './program-years.schemas.js';

const COLUMNS = ['id', 'name', 'isCurrent', 'pmFteHundredths'] as const;

function toProgramYear(row: {
  id: string;
  name: string;
  isCurrent: number;
  pmFteHundredths: number;
}): ProgramYear {
  return { id: row.id, name: row.name, isCurrent: row.isCurrent === 1, pmFte: row.pmFteHundredths / 100 };
}

export async function listYears(db: Kysely<Database>): Promise<ProgramYear[]> {
  const rows = await db.selectFrom('programYears').select(COLUMNS).orderBy('name', 'desc').execute();
  return rows.map(toProgramYear);
}

/** A page of the years, searched by name and sorted by it. */
export async function pageYears(
  db: Kysely<Database>,
  table: TableQuery<'year'>,
): Promise<Paged<ProgramYear>> {
  const page = await fetchPage(db.selectFrom('programYears').select(COLUMNS), table, {
    sortBy: { year: 'programYears.name' },
    search: ['programYears.name'],
    tieBreaker: 'programYears.id',
  });
  return { ...page, rows: page.rows.map(toProgramYear) };
}

export async function findYearByName(db: Kysely<Database>, name: string): Promise<ProgramYear | undefined> {
  const row = await db.selectFrom('programYears').select(COLUMNS).where('name', '=', name).executeTakeFirst();
  return row && toProgramYear(row);
}

export async function findCurrentYear(db: Kysely<Database>): Promise<ProgramYear | undefined> {
  const row = await db
    .selectFrom('programYears')
    .select(COLUMNS)
    .where('isCurrent', '=', 1)
    .executeTakeFirst();
  return row && toProgramYear(row);
}

export async function insertYear(
  db: Kysely<Database>,
  year: { name: string; pmFte: number },
): Promise<ProgramYear> {
  const row = { id: newId(), name: year.name, isCurrent: 0, pmFteHundredths: Math.round(year.pmFte * 100) };
  await db
    .insertInto('programYears')
    .values({ ...row, createdAt: nowIso() })
    .execute();
  await replaceReminderRules(db, row.id, DEFAULT_REMINDER_RULES);
  return toProgramYear(row);
}

/** Clears the current flag first: the unique index allows only one current year at any moment. */
export async function makeCurrent(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('programYears').set({ isCurrent: 0 }).where('isCurrent', '=', 1).execute();
  await db.updateTable('programYears').set({ isCurrent: 1 }).where('id', '=', id).execute();
}

export async function updateFte(db: Kysely<Database>, id: string, pmFte: number): Promise<void> {
  await db
    .updateTable('programYears')
    .set({ pmFteHundredths: Math.round(pmFte * 100) })
    .where('id', '=', id)
    .execute();
}

/** A year's reminder rules, earliest first (most days before). */
export async function reminderRulesOf(db: Kysely<Database>, programYearId: string): Promise<ReminderRule[]> {
  const rows = await db
    .selectFrom('reminderRules')
    .select(['daysBefore', 'timeOfDay'])
    .where('programYearId', '=', programYearId)
    .orderBy('daysBefore', 'desc')
    .orderBy('timeOfDay')
    .execute();
  return rows.map((row) => ({ daysBefore: row.daysBefore, time: row.timeOfDay }));
}

export async function replaceReminderRules(
  db: Kysely<Database>,
  programYearId: string,
  rules: readonly ReminderRule[],
): Promise<void> {
  await db.deleteFrom('reminderRules').where('programYearId', '=', programYearId).execute();
  if (rules.length === 0) return;
  const now = nowIso();
  await db
    .insertInto('reminderRules')
    .values(
      rules.map((rule) => ({
        id: newId(),
        programYearId,
        daysBefore: rule.daysBefore,
        timeOfDay: rule.time,
        createdAt: now,
      })),
    )
    .execute();
}
