import type { Kysely } from 'kysely';
import type { Database, Role } from '../../db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';

export async function grantRole(
  db: Kysely<Database>,
  grant: { userId: string; role: Role; partnerId: string | null },
): Promise<void> {
  const existing = await db
    .selectFrom('userRoles')
    .select('id')
    .where('userId', '=', grant.userId)
    .where('role', '=', grant.role)
    .where((eb) =>
      grant.partnerId === null ? eb('partnerId', 'is', null) : eb('partnerId', '=', grant.partnerId),
    )
    .executeTakeFirst();
  if (existing) return;
  await db
    .insertInto('userRoles')
    .values({ id: newId(), createdAt: nowIso(), ...grant })
    .execute();
}

export async function rolesOf(db: Kysely<Database>, userId: string) {
  return db.selectFrom('userRoles').select(['role', 'partnerId']).where('userId', '=', userId).execute();
}

export async function findUserByEmail(db: Kysely<Database>, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
}

export async function findUserById(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'emailVerified'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
