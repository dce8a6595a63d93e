import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';
import type { Partner, PartnerInput } from './partners.schemas.js';

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
    .select([
      'partnerInvitations.id',
      'partnerInvitations.partnerId',
      'partnerInvitations.email',
      'partnerInvitations.expiresAt',
      'partnerInvitations.acceptedAt',
      'partners.name as partnerName',
    ])
    .where('tokenHash', '=', tokenHash)
    .executeTakeFirst();
}

/** Marks an invitation used, unless another request already did: the caller checks the count. */
export async function markInvitationAccepted(
  db: Kysely<Database>,
  id: string,
  userId: string,
): Promise<boolean> {
  const result = await db
    .updateTable('partnerInvitations')
    .set({ acceptedAt: nowIso(), acceptedBy: userId })
    .where('id', '=', id)
    .where('acceptedAt', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function listInvitations(db: Kysely<Database>, partnerId: string) {
  return db
    .selectFrom('partnerInvitations')
    .select(['email', 'createdAt', 'expiresAt', 'acceptedAt'])
    .where('partnerId', '=', partnerId)
    .orderBy('createdAt', 'desc')
    .execute();
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
