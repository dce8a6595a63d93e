import { sql, type Kysely } from 'kysely';
import { fetchPage } from '../../db/paging.js';
import type { Database } from '../../db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';
import type { Paged, TableQuery } from '../../platform/ui/table-query.js';
import type {
  InvitationRecord,
  InvitationStatus,
  ListingInput,
  Partner,
  PartnerInput,
  PartnerRow,
} from './partners.schemas.js';

export async function findPartner(db: Kysely<Database>, id: string): Promise<Partner | undefined> {
  return (await listPartnerRecords(db, { id }))[0];
}

export async function findPartnerByName(db: Kysely<Database>, programYearId: string, name: string) {
  return db
    .selectFrom('partners')
    .select(['id', 'name'])
    .where('programYearId', '=', programYearId)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** Partners with their organizations and regions, in three queries whatever their number. */
export async function listPartnerRecords(
  db: Kysely<Database>,
  filter: { id?: string; programYearId?: string; activeOnly?: boolean },
): Promise<Partner[]> {
  let query = db
    .selectFrom('partners')
    .innerJoin('programYears', 'programYears.id', 'partners.programYearId')
    .select([
      'partners.id',
      'programYears.name as programYear',
      'partners.name',
      'partners.contactName',
      'partners.contactEmail',
      'partners.contactPhone',
      'partners.website',
      'partners.address',
      'partners.coursesOffered',
      'partners.active',
    ])
    .orderBy('partners.name');
  if (filter.id !== undefined) query = query.where('partners.id', '=', filter.id);
  if (filter.programYearId !== undefined)
    query = query.where('partners.programYearId', '=', filter.programYearId);
  if (filter.activeOnly) query = query.where('partners.active', '=', 1);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [organizations, regions] = await Promise.all([
    db
      .selectFrom('partnerOrganizations')
      .select(['partnerId', 'name', 'role'])
      .where('partnerId', 'in', ids)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('regionAssignments')
      .select(['partnerId', 'unit'])
      .where('partnerId', 'in', ids)
      .orderBy('unit')
      .execute(),
  ]);
  return rows.map((row) => ({
    ...row,
    coursesOffered: row.coursesOffered ? row.coursesOffered.split('\n') : [],
    active: row.active === 1,
    organizations: organizations
      .filter((o) => o.partnerId === row.id)
      .map(({ name, role }) => ({ name, role })),
    regions: regions.filter((r) => r.partnerId === row.id).map((r) => r.unit),
  }));
}

function columnsOf(input: Omit<PartnerInput, 'programYear' | 'organizations'>) {
  return {
    name: input.name,
    contactName: input.contactName,
    contactEmail: input.contactEmail,
    contactPhone: input.contactPhone ?? null,
    website: input.website ?? null,
    address: input.address ?? null,
    coursesOffered: input.coursesOffered.join('\n'),
    active: input.active ? 1 : 0,
  };
}

export async function insertPartner(
  db: Kysely<Database>,
  programYearId: string,
  input: PartnerInput,
): Promise<string> {
  const id = newId();
  const now = nowIso();
  await db
    .insertInto('partners')
    .values({ id, programYearId, ...columnsOf(input), createdAt: now, updatedAt: now })
    .execute();
  await replaceOrganizations(db, id, input.organizations);
  return id;
}

export async function updatePartner(db: Kysely<Database>, id: string, input: PartnerInput): Promise<void> {
  await db
    .updateTable('partners')
    .set({ ...columnsOf(input), updatedAt: nowIso() })
    .where('id', '=', id)
    .execute();
  await replaceOrganizations(db, id, input.organizations);
}

/** One page of a year's partners for the staff list, with how many regions each holds. */
export async function listPartnerPage(
  db: Kysely<Database>,
  filter: { programYearId: string; active?: boolean },
  table: TableQuery<'name' | 'status' | 'regions' | 'created'>,
): Promise<Paged<PartnerRow>> {
  let query = db
    .selectFrom('partners')
    .select((eb) => [
      'partners.id',
      'partners.name',
      'partners.contactName',
      'partners.contactEmail',
      'partners.active',
      'partners.createdAt',
      eb
        .selectFrom('regionAssignments')
        .select(eb.fn.countAll<number | string>().as('count'))
        .whereRef('regionAssignments.partnerId', '=', 'partners.id')
        .as('regionCount'),
    ])
    .where('partners.programYearId', '=', filter.programYearId);
  if (filter.active !== undefined) query = query.where('partners.active', '=', filter.active ? 1 : 0);
  const page = await fetchPage(query, table, {
    sortBy: {
      name: 'partners.name',
      status: ['partners.active', 'partners.name'],
      regions: 'regionCount',
      created: 'partners.createdAt',
    },
    search: ['partners.name', 'partners.contactEmail'],
    tieBreaker: 'partners.id',
  });
  return {
    ...page,
    rows: page.rows.map((row) => ({
      ...row,
      active: row.active === 1,
      regionCount: Number(row.regionCount ?? 0),
    })),
  };
}

/** Replaces a partner's public listing (its contact and courses); nothing else is touched. */
export async function updateListing(db: Kysely<Database>, id: string, listing: ListingInput): Promise<void> {
  await db
    .updateTable('partners')
    .set({
      contactName: listing.contactName,
      contactEmail: listing.contactEmail,
      contactPhone: listing.contactPhone ?? null,
      website: listing.website ?? null,
      coursesOffered: listing.coursesOffered.join('\n'),
      updatedAt: nowIso(),
    })
    .where('id', '=', id)
    .execute();
}

/** The partners with these ids and their public contact (a program manager's, to choose from). */
export async function listPartnerNames(db: Kysely<Database>, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('partners')
    .innerJoin('programYears', 'programYears.id', 'partners.programYearId')
    .select([
      'partners.id',
      'partners.name',
      'programYears.name as programYear',
      'partners.contactName',
      'partners.contactEmail',
    ])
    .where('partners.id', 'in', ids)
    .orderBy('programYears.name', 'desc')
    .orderBy('partners.name')
    .execute();
}

export async function updateContact(
  db: Kysely<Database>,
  id: string,
  contact: { contactName: string; contactEmail: string },
): Promise<void> {
  await db
    .updateTable('partners')
    .set({ ...contact, updatedAt: nowIso() })
    .where('id', '=', id)
    .execute();
}

async function replaceOrganizations(
  db: Kysely<Database>,
  partnerId: string,
  organizations: PartnerInput['organizations'],
) {
  await db.deleteFrom('partnerOrganizations').where('partnerId', '=', partnerId).execute();
  for (const [position, organization] of organizations.entries()) {
    await db
      .insertInto('partnerOrganizations')
      .values({ id: newId(), partnerId, position, ...organization })
      .execute();
  }
}

/** A year's partners with their public contact (an import checks its lines against them). */
export async function listYearPartnerContacts(db: Kysely<Database>, programYearId: string) {
  return db
    .selectFrom('partners')
    .select(['id', 'name', 'contactName', 'contactEmail'])
    .where('programYearId', '=', programYearId)
    .execute();
}

export async function insertInvitation(
  db: Kysely<Database>,
  invitation: { partnerId: string; email: string; tokenHash: string; expiresAt: string; createdBy: string },
): Promise<void> {
  await db
    .insertInto('partnerInvitations')
    .values({ id: newId(), createdAt: nowIso(), acceptedAt: null, acceptedBy: null, ...invitation })
    .execute();
}

export async function findInvitation(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('partnerInvitations')
    .innerJoin('partners', 'partners.id', 'partnerInvitations.partnerId')
    .leftJoin('users', 'users.id', 'partnerInvitations.createdBy')
    .select([
      'partnerInvitations.id',
      'partnerInvitations.partnerId',
      'partnerInvitations.email',
      'partnerInvitations.expiresAt',
      'partnerInvitations.acceptedAt',
      'partnerInvitations.revokedAt',
      'partners.name as partnerName',
      'users.name as inviterName',
      'users.email as inviterEmail',
    ])
    .where('tokenHash', '=', tokenHash)
    .executeTakeFirst();
}

/**
 * Closes an open invitation, as accepted by someone or revoked by staff, unless another request closed it first:
 * the caller learns which from the result.
 */
async function closeInvitation(
  db: Kysely<Database>,
  id: string,
  closing: { acceptedAt: string; acceptedBy: string } | { revokedAt: string; revokedBy: string },
): Promise<boolean> {
  const result = await db
    .updateTable('partnerInvitations')
    .set(closing)
    .where('id', '=', id)
    .where('acceptedAt', 'is', null)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export function markInvitationAccepted(db: Kysely<Database>, id: string, userId: string): Promise<boolean> {
  return closeInvitation(db, id, { acceptedAt: nowIso(), acceptedBy: userId });
}

export function markInvitationRevoked(db: Kysely<Database>, id: string, userId: string): Promise<boolean> {
  return closeInvitation(db, id, { revokedAt: nowIso(), revokedBy: userId });
}

/**
 * An invitation's status, decided in SQL so that the list filters, sorts and counts by it: revoked and accepted
 * are recorded; expired is an unused invitation past its date.
 */
function invitationStatus(now: string) {
  return sql<InvitationStatus>`case
    when partner_invitations.revoked_at is not null then 'revoked'
    when partner_invitations.accepted_at is not null then 'accepted'
    when partner_invitations.expires_at < ${now} then 'expired'
    else 'pending' end`;
}

function selectInvitations(db: Kysely<Database>, now: string) {
  return db
    .selectFrom('partnerInvitations')
    .innerJoin('partners', 'partners.id', 'partnerInvitations.partnerId')
    .select([
      'partnerInvitations.id',
      'partnerInvitations.partnerId',
      'partners.name as partnerName',
      'partnerInvitations.email',
      invitationStatus(now).as('status'),
      'partnerInvitations.createdAt as sentAt',
      'partnerInvitations.expiresAt',
      'partnerInvitations.acceptedAt',
      'partnerInvitations.revokedAt',
    ]);
}

export async function listInvitations(db: Kysely<Database>, partnerId: string): Promise<InvitationRecord[]> {
  return selectInvitations(db, nowIso())
    .where('partnerInvitations.partnerId', '=', partnerId)
    .orderBy('partnerInvitations.createdAt', 'desc')
    .execute();
}

/** One page of every partner's invitations, by status. */
export async function listInvitationPage(
  db: Kysely<Database>,
  filter: { status?: InvitationStatus },
  table: TableQuery<'partner' | 'email' | 'status' | 'sent' | 'expires'>,
): Promise<Paged<InvitationRecord>> {
  const now = nowIso();
  let query = selectInvitations(db, now);
  if (filter.status !== undefined) query = query.where(invitationStatus(now), '=', filter.status);
  return fetchPage(query, table, {
    sortBy: {
      partner: 'partners.name',
      email: 'partnerInvitations.email',
      status: 'status',
      sent: 'partnerInvitations.createdAt',
      expires: 'partnerInvitations.expiresAt',
    },
    search: ['partners.name', 'partnerInvitations.email'],
    tieBreaker: 'partnerInvitations.id',
  });
}

export async function findInvitationRecord(db: Kysely<Database>, id: string) {
  return selectInvitations(db, nowIso()).where('partnerInvitations.id', '=', id).executeTakeFirst();
}

/** Invitations nobody used, revoked or let expire yet. */
export async function countPendingInvitations(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('partnerInvitations')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where(invitationStatus(nowIso()), '=', 'pending')
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/**
 * Gives an unused invitation a new token and date: the old link stops working, as only the new hash is kept.
 * Sent again counts from now.
 */
export async function renewInvitation(
  db: Kysely<Database>,
  id: string,
  renewal: { tokenHash: string; expiresAt: string; createdBy: string },
): Promise<boolean> {
  const result = await db
    .updateTable('partnerInvitations')
    .set({ ...renewal, createdAt: nowIso(), revokedAt: null, revokedBy: null })
    .where('id', '=', id)
    .where('acceptedAt', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function listManagers(db: Kysely<Database>, partnerId: string) {
  return db
    .selectFrom('userRoles')
    .innerJoin('users', 'users.id', 'userRoles.userId')
    .select(['users.name', 'users.email'])
    .where('userRoles.role', '=', 'program_manager')
    .where('userRoles.partnerId', '=', partnerId)
    .orderBy('users.email')
    .execute();
}
