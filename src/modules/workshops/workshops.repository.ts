import type { Kysely, Selectable } from 'kysely';
import type {
  Database,
  WorkshopFacilitatorsTable,
  WorkshopSessionsTable,
  WorkshopsTable,
} from '../../db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';
import { fetchPage } from '../../db/paging.js';
import type { Paged, TableQuery } from '../../platform/ui/table-query.js';

export type WorkshopRow = Selectable<WorkshopsTable>;
export type SessionRow = Selectable<WorkshopSessionsTable>;
export type PresenterRow = Selectable<WorkshopFacilitatorsTable>;

/** What the workshop's organizer wrote, as stored (instants already worked out in the workshop's zone). */
export type WorkshopValues = Omit<
  WorkshopRow,
  | 'id'
  | 'status'
  | 'cancelReason'
  | 'cancelledAt'
  | 'publishedAt'
  | 'revision'
  | 'createdBy'
  | 'createdAt'
  | 'updatedAt'
>;

export interface SessionTimes {
  startsAt: string;
  endsAt: string;
}

export async function insertWorkshop(
  trx: Kysely<Database>,
  values: WorkshopValues & { createdBy: string | null },
  sessions: readonly SessionTimes[],
): Promise<string> {
  const id = newId();
  const now = nowIso();
  await trx
    .insertInto('workshops')
    .values({ ...values, id, status: 'draft', revision: 0, createdAt: now, updatedAt: now })
    .execute();
  await replaceSessions(trx, id, sessions);
  return id;
}

/** Saves an edit and raises the revision, so that calendars that have the workshop take the change. */
export async function updateWorkshop(
  trx: Kysely<Database>,
  id: string,
  values: WorkshopValues,
  sessions: readonly SessionTimes[],
): Promise<void> {
  await trx
    .updateTable('workshops')
    .set((eb) => ({ ...values, revision: eb('revision', '+', 1), updatedAt: nowIso() }))
    .where('id', '=', id)
    .execute();
  await replaceSessions(trx, id, sessions);
}

/**
 * The sessions in time order. A session keeps its id (and so its calendar UID) by its place in the order: the
 * second session moved to another day is still the second session.
 */
async function replaceSessions(trx: Kysely<Database>, workshopId: string, sessions: readonly SessionTimes[]) {
  const existing = await listSessions(trx, workshopId);
  for (const [position, { startsAt, endsAt }] of sessions.entries()) {
    const session = { startsAt, endsAt };
    const kept = existing[position];
    if (kept) {
      await trx.updateTable('workshopSessions').set(session).where('id', '=', kept.id).execute();
    } else {
      await trx
        .insertInto('workshopSessions')
        .values({ id: newId(), workshopId, position, ...session })
        .execute();
    }
  }
  const extra = existing.slice(sessions.length).map((session) => session.id);
  if (extra.length > 0) await trx.deleteFrom('workshopSessions').where('id', 'in', extra).execute();
}

export function listSessions(db: Kysely<Database>, workshopId: string): Promise<SessionRow[]> {
  return db
    .selectFrom('workshopSessions')
    .selectAll()
    .where('workshopId', '=', workshopId)
    .orderBy('position')
    .execute();
}

export async function sessionsOf(db: Kysely<Database>, workshopIds: readonly string[]) {
  const byWorkshop = new Map<string, SessionRow[]>();
  if (workshopIds.length === 0) return byWorkshop;
  const rows = await db
    .selectFrom('workshopSessions')
    .selectAll()
    .where('workshopId', 'in', workshopIds)
    .orderBy('workshopId')
    .orderBy('position')
    .execute();
  for (const row of rows) byWorkshop.set(row.workshopId, [...(byWorkshop.get(row.workshopId) ?? []), row]);
  return byWorkshop;
}

export function findWorkshop(db: Kysely<Database>, id: string): Promise<WorkshopRow | undefined> {
  return db.selectFrom('workshops').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Moves a workshop along its lifecycle, if it is still where the caller found it (decided by the database). */
export async function changeStatus(
  trx: Kysely<Database>,
  id: string,
  from: readonly WorkshopRow['status'][],
  change: Partial<Pick<WorkshopRow, 'status' | 'publishedAt' | 'cancelledAt' | 'cancelReason'>>,
): Promise<boolean> {
  const result = await trx
    .updateTable('workshops')
    .set((eb) => ({ ...change, revision: eb('revision', '+', 1), updatedAt: nowIso() }))
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Upcoming published public workshops (ending after `now`), by first session; the catalog filters the rest. */
export function listCatalog(
  db: Kysely<Database>,
  filters: {
    now: string;
    courseId?: string | undefined;
    kind?: WorkshopRow['kind'] | undefined;
    audience?: string | undefined;
    mode?: WorkshopRow['locationMode'] | undefined;
    from?: string | undefined;
    to?: string | undefined;
  },
): Promise<WorkshopRow[]> {
  let query = db
    .selectFrom('workshops')
    .selectAll()
    .where('status', '=', 'published')
    .where('visibility', '=', 'public')
    .where('endsAt', '>', filters.now);
  if (filters.courseId) query = query.where('courseId', '=', filters.courseId);
  if (filters.kind) query = query.where('kind', '=', filters.kind);
  if (filters.mode) query = query.where('locationMode', '=', filters.mode);
  // Audiences are stored comma-separated from a fixed list of words, none a part of another.
  if (filters.audience) query = query.where('audience', 'like', `%${filters.audience}%`);
  if (filters.from) query = query.where('startsAt', '>=', filters.from);
  if (filters.to) query = query.where('startsAt', '<', filters.to);
  return query.orderBy('startsAt').orderBy('id').execute();
}

/** A page of some partners' workshops (every partner's when `partnerIds` is undefined), filtered. */
export function pageForOrganizers(
  db: Kysely<Database>,
  filters: {
    partnerIds?: readonly string[] | undefined;
    kind?: WorkshopRow['kind'] | undefined;
    status?: WorkshopRow['status'] | undefined;
    table: TableQuery<'date' | 'title'>;
  },
): Promise<Paged<WorkshopRow>> {
  let query = db.selectFrom('workshops').selectAll();
  // No partner at all: a query that matches nothing, so the page still counts and pages as usual.
  if (filters.partnerIds) query = query.where('partnerId', 'in', [...filters.partnerIds, '']);
  if (filters.kind) query = query.where('kind', '=', filters.kind);
  if (filters.status) query = query.where('status', '=', filters.status);
  return fetchPage(query, filters.table, {
    sortBy: { date: 'startsAt', title: 'title' },
    search: ['title', 'topic', 'subject'],
    tieBreaker: 'id',
  });
}

export function listPartnerPublished(db: Kysely<Database>, partnerId: string): Promise<WorkshopRow[]> {
  return db
    .selectFrom('workshops')
    .selectAll()
    .where('partnerId', '=', partnerId)
    .where('visibility', '=', 'public')
    .where('publishedAt', 'is not', null)
    .orderBy('startsAt')
    .execute();
}

export function presentersOf(db: Kysely<Database>, workshopIds: readonly string[]): Promise<PresenterRow[]> {
  if (workshopIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('workshopFacilitators')
    .selectAll()
    .where('workshopId', 'in', workshopIds)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

export async function addPresenter(
  trx: Kysely<Database>,
  presenter: Pick<PresenterRow, 'workshopId' | 'facilitatorId' | 'presenterName' | 'assignedBy'>,
): Promise<string> {
  const id = newId();
  await trx
    .insertInto('workshopFacilitators')
    .values({ ...presenter, id, createdAt: nowIso() })
    .execute();
  await bumpRevision(trx, presenter.workshopId);
  return id;
}

export async function removePresenter(
  trx: Kysely<Database>,
  workshopId: string,
  id: string,
): Promise<boolean> {
  const result = await trx
    .deleteFrom('workshopFacilitators')
    .where('id', '=', id)
    .where('workshopId', '=', workshopId)
    .executeTakeFirst();
  if (result.numDeletedRows > 0n) await bumpRevision(trx, workshopId);
  return result.numDeletedRows > 0n;
}

async function bumpRevision(trx: Kysely<Database>, workshopId: string): Promise<void> {
  await trx
    .updateTable('workshops')
    .set((eb) => ({ revision: eb('revision', '+', 1), updatedAt: nowIso() }))
    .where('id', '=', workshopId)
    .execute();
}

/** The workshops a facilitator is assigned to, in time order. */
export function listAssigned(db: Kysely<Database>, facilitatorId: string): Promise<WorkshopRow[]> {
  return db
    .selectFrom('workshops')
    .selectAll('workshops')
    .innerJoin('workshopFacilitators', 'workshopFacilitators.workshopId', 'workshops.id')
    .where('workshopFacilitators.facilitatorId', '=', facilitatorId)
    .where('workshops.status', '!=', 'draft')
    .orderBy('workshops.startsAt')
    .execute();
}

export async function isAssigned(db: Kysely<Database>, workshopId: string, facilitatorId: string) {
  const row = await db
    .selectFrom('workshopFacilitators')
    .select('id')
    .where('workshopId', '=', workshopId)
    .where('facilitatorId', '=', facilitatorId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The ids of a year's published workshops whose first session is still ahead. */
export async function listUpcomingPublishedOfYear(
  db: Kysely<Database>,
  programYearId: string,
  now: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('workshops')
    .select('id')
    .where('programYearId', '=', programYearId)
    .where('status', '=', 'published')
    .where('startsAt', '>', now)
    .execute();
  return rows.map((row) => row.id);
}

/** Published workshops not over yet that have no reminders at all: published before reminders existed. */
export async function listPublishedWithoutReminders(db: Kysely<Database>, now: string): Promise<string[]> {
  const rows = await db
    .selectFrom('workshops')
    .select('id')
    .where('status', '=', 'published')
    .where('endsAt', '>', now)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('workshopReminders')
            .select('workshopReminders.id')
            .whereRef('workshopReminders.workshopId', '=', 'workshops.id'),
        ),
      ),
    )
    .execute();
  return rows.map((row) => row.id);
}
