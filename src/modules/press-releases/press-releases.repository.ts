import { sql, type Kysely } from 'kysely';
import { fetchPage } from '../../db/paging.js';
import type {
  Database,
  PressReleaseEventKind,
  PressReleasesTable,
  PressReleaseStatus,
} from '../../db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';
import type { Paged, TableQuery } from '../../platform/ui/table-query.js';

export interface PressReleaseRecord {
  id: string;
  partnerId: string;
  partnerName: string;
  partnerContactEmail: string;
  title: string;
  bodyMarkdown: string;
  status: PressReleaseStatus;
  latestVersion: number | null;
  publishedAt: string | null;
  publishedUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

function selectReleases(db: Kysely<Database>) {
  return db
    .selectFrom('pressReleases')
    .innerJoin('partners', 'partners.id', 'pressReleases.partnerId')
    .select((eb) => [
      'pressReleases.id',
      'pressReleases.partnerId',
      'partners.name as partnerName',
      'partners.contactEmail as partnerContactEmail',
      'pressReleases.title',
      'pressReleases.bodyMarkdown',
      'pressReleases.status',
      eb
        .selectFrom('pressReleaseVersions')
        .select((sub) => sub.fn.max('pressReleaseVersions.version').as('v'))
        .whereRef('pressReleaseVersions.pressReleaseId', '=', 'pressReleases.id')
        .as('latestVersion'),
      'pressReleases.publishedAt',
      'pressReleases.publishedUrl',
      'pressReleases.createdAt',
      'pressReleases.updatedAt',
    ]);
}

function toRecord(row: Omit<PressReleaseRecord, 'latestVersion'> & { latestVersion: unknown }) {
  return { ...row, latestVersion: row.latestVersion === null ? null : Number(row.latestVersion) };
}

export async function findPressRelease(
  db: Kysely<Database>,
  id: string,
): Promise<PressReleaseRecord | undefined> {
  const row = await selectReleases(db).where('pressReleases.id', '=', id).executeTakeFirst();
  return row && toRecord(row);
}

export interface PressReleaseFilter {
  /** Only those of these partners (a program manager's). */
  partnerIds?: string[];
  status?: PressReleaseStatus;
}

function filtered(db: Kysely<Database>, filter: PressReleaseFilter) {
  let query = selectReleases(db);
  if (filter.partnerIds !== undefined)
    query = query.where('pressReleases.partnerId', 'in', filter.partnerIds);
  if (filter.status !== undefined) query = query.where('pressReleases.status', '=', filter.status);
  return query;
}

/** One page of press releases, searched by title and partner, sorted as the table asks. */
export async function listPressReleases(
  db: Kysely<Database>,
  filter: PressReleaseFilter,
  table: TableQuery<'changed' | 'title' | 'partner'>,
): Promise<Paged<PressReleaseRecord>> {
  const page = await fetchPage(filtered(db, filter), table, {
    sortBy: { changed: 'pressReleases.updatedAt', title: 'pressReleases.title', partner: 'partners.name' },
    search: ['pressReleases.title', 'partners.name'],
    tieBreaker: 'pressReleases.id',
  });
  return { ...page, rows: page.rows.map(toRecord) };
}

/** How many press releases there are in each status (those with none are left out). */
export async function countByStatus(
  db: Kysely<Database>,
  filter: Pick<PressReleaseFilter, 'partnerIds'>,
): Promise<{ status: PressReleaseStatus; count: number }[]> {
  let query = db
    .selectFrom('pressReleases')
    .select(['status', sql<number | string>`count(*)`.as('count')])
    .groupBy('status');
  if (filter.partnerIds !== undefined) query = query.where('partnerId', 'in', filter.partnerIds);
  const rows = await query.execute();
  return rows.map((row) => ({ status: row.status, count: Number(row.count) }));
}

export async function insertPressRelease(
  db: Kysely<Database>,
  release: { partnerId: string; title: string; bodyMarkdown: string },
): Promise<string> {
  const id = newId();
  const now = nowIso();
  await db
    .insertInto('pressReleases')
    .values({
      id,
      ...release,
      status: 'draft',
      publishedAt: null,
      publishedUrl: null,
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  return id;
}

/**
 * Changes a press release, only while its status is one of `onlyFrom` when that is given, and says whether it
 * did. The status condition in the UPDATE itself settles races: on PostgreSQL the second of two simultaneous
 * updates waits for the first's row lock and then finds the status changed; SQLite runs one write at a time.
 */
export async function updatePressRelease(
  db: Kysely<Database>,
  id: string,
  patch: Partial<
    Pick<PressReleasesTable, 'title' | 'bodyMarkdown' | 'status' | 'publishedAt' | 'publishedUrl'>
  >,
  onlyFrom?: readonly PressReleaseStatus[],
): Promise<boolean> {
  let query = db
    .updateTable('pressReleases')
    .set({ ...patch, updatedAt: nowIso() })
    .where('id', '=', id);
  if (onlyFrom !== undefined) query = query.where('status', 'in', onlyFrom);
  const result = await query.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function insertVersion(
  db: Kysely<Database>,
  version: {
    pressReleaseId: string;
    version: number;
    title: string;
    bodyMarkdown: string;
    submittedBy: string;
  },
): Promise<void> {
  await db
    .insertInto('pressReleaseVersions')
    .values({ id: newId(), ...version, submittedAt: nowIso() })
    .execute();
}

export async function listVersions(db: Kysely<Database>, pressReleaseId: string) {
  return db
    .selectFrom('pressReleaseVersions')
    .select(['version', 'title', 'bodyMarkdown', 'submittedBy', 'submittedAt'])
    .where('pressReleaseId', '=', pressReleaseId)
    .orderBy('version')
    .execute();
}

/** The text of the release's latest submitted version, if it has one. */
export async function findLatestVersion(db: Kysely<Database>, pressReleaseId: string) {
  return db
    .selectFrom('pressReleaseVersions')
    .select(['version', 'title', 'bodyMarkdown'])
    .where('pressReleaseId', '=', pressReleaseId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertEvent(
  db: Kysely<Database>,
  event: {
    pressReleaseId: string;
    kind: PressReleaseEventKind;
    version: number | null;
    actor: { id: string; email: string };
    body: string | null;
  },
): Promise<void> {
  await db
    .insertInto('pressReleaseEvents')
    .values({
      id: newId(),
      pressReleaseId: event.pressReleaseId,
      kind: event.kind,
      version: event.version,
      actorId: event.actor.id,
      actorEmail: event.actor.email,
      body: event.body,
      createdAt: nowIso(),
    })
    .execute();
}

export async function listEvents(db: Kysely<Database>, pressReleaseId: string) {
  return db
    .selectFrom('pressReleaseEvents')
    .select(['kind', 'version', 'actorEmail', 'body', 'createdAt'])
    .where('pressReleaseId', '=', pressReleaseId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

export async function findPartner(db: Kysely<Database>, partnerId: string) {
  return db.selectFrom('partners').select(['id', 'name']).where('id', '=', partnerId).executeTakeFirst();
}

export async function listPartnerNames(db: Kysely<Database>, partnerIds?: string[]) {
  let query = db
    .selectFrom('partners')
    .innerJoin('programYears', 'programYears.id', 'partners.programYearId')
    .select(['partners.id', 'partners.name', 'programYears.name as programYear'])
    .orderBy('programYears.name', 'desc')
    .orderBy('partners.name');
  if (partnerIds !== undefined) query = query.where('partners.id', 'in', partnerIds);
  return query.execute();
}

/** The program managers' addresses of a partner. */
export async function listManagerEmails(db: Kysely<Database>, partnerId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('userRoles')
    .innerJoin('users', 'users.id', 'userRoles.userId')
    .select('users.email')
    .where('userRoles.role', '=', 'program_manager')
    .where('userRoles.partnerId', '=', partnerId)
    .orderBy('users.email')
    .execute();
  return rows.map((row) => row.email);
}
