import { sql, type Kysely } from 'kysely';
import { fetchPage } from '../../db/paging.js';
import type {
  Database,
  InquiriesTable,
  InquiryEventKind,
  InquiryRole,
  InquiryStatus,
} from '../../db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';
import type { Paged, TableQuery } from '../../platform/ui/table-query.js';

export interface InquiryRecord {
  id: string;
  name: string;
  email: string;
  role: InquiryRole;
  zip: string | null;
  state: string | null;
  message: string;
  status: InquiryStatus;
  programYearId: string | null;
  programYear: string | null;
  partnerId: string | null;
  partnerName: string | null;
  createdAt: string;
  updatedAt: string;
}

export type InboxRecord = InquiryRecord & { unread: boolean };

function selectInquiries(db: Kysely<Database>) {
  return db
    .selectFrom('inquiries')
    .leftJoin('partners', 'partners.id', 'inquiries.partnerId')
    .leftJoin('programYears', 'programYears.id', 'inquiries.programYearId')
    .select([
      'inquiries.id',
      'inquiries.name',
      'inquiries.email',
      'inquiries.role',
      'inquiries.zip',
      'inquiries.state',
      'inquiries.message',
      'inquiries.status',
      'inquiries.programYearId',
      'programYears.name as programYear',
      'inquiries.partnerId',
      'partners.name as partnerName',
      'inquiries.createdAt',
      'inquiries.updatedAt',
    ]);
}

export async function findInquiry(db: Kysely<Database>, id: string): Promise<InquiryRecord | undefined> {
  return selectInquiries(db).where('inquiries.id', '=', id).executeTakeFirst();
}

export interface InquiryFilter {
  /** Only inquiries routed to one of these partners (a program manager's inbox). */
  partnerIds?: string[];
  /** A partner id, or null for those routed to program staff. */
  routedTo?: string | null;
  status?: InquiryStatus;
  /** Only those with news since this person last opened them. */
  unreadBy?: string;
}

/**
 * Whether something happened to an inquiry since the person last opened it: it counts as read once their last
 * look is no older than its last change.
 */
function readBy(userId: string) {
  return sql<boolean>`exists (select 1 from inquiry_reads r where r.inquiry_id = inquiries.id and r.user_id = ${userId} and r.read_at >= inquiries.updated_at)`;
}

function filtered(db: Kysely<Database>, filter: InquiryFilter) {
  let query = selectInquiries(db);
  if (filter.partnerIds !== undefined) query = query.where('inquiries.partnerId', 'in', filter.partnerIds);
  if (filter.routedTo === null) query = query.where('inquiries.partnerId', 'is', null);
  else if (filter.routedTo !== undefined) query = query.where('inquiries.partnerId', '=', filter.routedTo);
  if (filter.status !== undefined) query = query.where('inquiries.status', '=', filter.status);
  if (filter.unreadBy !== undefined) query = query.where(sql<boolean>`not ${readBy(filter.unreadBy)}`);
  return query;
}

/** One page of an inbox, as the reader's table asks, each marked unread or not for them. */
export async function listInquiries(
  db: Kysely<Database>,
  filter: InquiryFilter & { readerId: string },
  table: TableQuery<'received' | 'from' | 'status'>,
): Promise<Paged<InboxRecord>> {
  const query = filtered(db, filter).select(readBy(filter.readerId).as('isRead'));
  const page = await fetchPage(query, table, {
    sortBy: { received: 'inquiries.createdAt', from: 'inquiries.name', status: 'inquiries.status' },
    search: ['inquiries.name', 'inquiries.email', 'inquiries.message'],
    tieBreaker: 'inquiries.id',
  });
  return {
    ...page,
    rows: page.rows.map(({ isRead, ...row }) => ({ ...row, unread: !isRead })),
  };
}

/** How many open inquiries of an inbox there are, and how many of all of them have news for the reader. */
export async function countInbox(
  db: Kysely<Database>,
  filter: Pick<InquiryFilter, 'partnerIds'> & { readerId: string },
): Promise<{ open: number; unread: number }> {
  const row = await filtered(db, filter)
    .clearSelect()
    .select([
      sql<number | string>`sum(case when inquiries.status = 'open' then 1 else 0 end)`.as('open'),
      sql<number | string>`sum(case when ${readBy(filter.readerId)} then 0 else 1 end)`.as('unread'),
    ])
    .executeTakeFirst();
  return { open: Number(row?.open ?? 0), unread: Number(row?.unread ?? 0) };
}

/** Whether something happened to the inquiry since the person last opened it. */
export async function hasNewsFor(db: Kysely<Database>, inquiryId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('inquiries')
    .select(readBy(userId).as('isRead'))
    .where('inquiries.id', '=', inquiryId)
    .executeTakeFirst();
  return !row?.isRead;
}

/** The reader has seen the inquiry as it is now. */
export async function markRead(db: Kysely<Database>, inquiryId: string, userId: string): Promise<void> {
  const readAt = nowIso();
  await db
    .insertInto('inquiryReads')
    .values({ inquiryId, userId, readAt })
    .onConflict((conflict) => conflict.columns(['inquiryId', 'userId']).doUpdateSet({ readAt }))
    .execute();
}

export async function insertInquiry(
  db: Kysely<Database>,
  inquiry: Omit<InquiriesTable, 'id' | 'status' | 'createdAt' | 'updatedAt'>,
): Promise<string> {
  const id = newId();
  const now = nowIso();
  await db
    .insertInto('inquiries')
    .values({ id, ...inquiry, status: 'open', createdAt: now, updatedAt: now })
    .execute();
  return id;
}

export async function updateInquiry(
  db: Kysely<Database>,
  id: string,
  patch: Partial<Pick<InquiriesTable, 'status' | 'partnerId' | 'programYearId'>>,
): Promise<void> {
  await db
    .updateTable('inquiries')
    .set({ ...patch, updatedAt: nowIso() })
    .where('id', '=', id)
    .execute();
}

/** How many inquiries an address sent since a moment: the per-sender limit, shared by every app process. */
export async function countSentSince(db: Kysely<Database>, email: string, since: string): Promise<number> {
  const row = await db
    .selectFrom('inquiries')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('email', '=', email)
    .where('createdAt', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertEvent(
  db: Kysely<Database>,
  event: {
    inquiryId: string;
    kind: InquiryEventKind;
    actor: { id: string; email: string } | null;
    body: string | null;
  },
): Promise<void> {
  await db
    .insertInto('inquiryEvents')
    .values({
      id: newId(),
      inquiryId: event.inquiryId,
      kind: event.kind,
      actorId: event.actor?.id ?? null,
      actorEmail: event.actor?.email ?? null,
      body: event.body,
      createdAt: nowIso(),
    })
    .execute();
}

export async function listEvents(db: Kysely<Database>, inquiryId: string) {
  return db
    .selectFrom('inquiryEvents')
    .select(['kind', 'actorEmail', 'body', 'createdAt'])
    .where('inquiryId', '=', inquiryId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

export async function hasReply(db: Kysely<Database>, inquiryId: string): Promise<boolean> {
  const row = await db
    .selectFrom('inquiryEvents')
    .select('id')
    .where('inquiryId', '=', inquiryId)
    .where('kind', '=', 'reply')
    .executeTakeFirst();
  return row !== undefined;
}

export interface RouteTarget {
  id: string;
  name: string;
  contactEmail: string;
  programYearId: string;
  active: number;
}

export async function findRouteTarget(
  db: Kysely<Database>,
  partnerId: string,
): Promise<RouteTarget | undefined> {
  return db
    .selectFrom('partners')
    .select(['id', 'name', 'contactEmail', 'programYearId', 'active'])
    .where('id', '=', partnerId)
    .executeTakeFirst();
}

export async function listYearPartners(
  db: Kysely<Database>,
  programYearId: string,
  options: { activeOnly: boolean },
): Promise<{ id: string; name: string }[]> {
  let query = db
    .selectFrom('partners')
    .select(['id', 'name'])
    .where('programYearId', '=', programYearId)
    .orderBy('name');
  if (options.activeOnly) query = query.where('active', '=', 1);
  return query.execute();
}
