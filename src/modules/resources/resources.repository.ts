import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';
import type { Resource, ResourceAudience } from './resources.schemas.js';

export interface ResourcesTable {
  id: string;
  title: string;
  description: string;
  audience: ResourceAudience;
  url: string;
  position: number;
  createdAt: string;
  createdBy: string | null;
}

/**
 * The resources table is typed here until src/db/schema.ts (shared, not this module's) lists it; the
 * migration 2026-11-27-0004-resources creates it on both databases.
 */
function withResources(db: Kysely<Database>) {
  return db.withTables<{ resources: ResourcesTable }>();
}

const COLUMNS = ['id', 'title', 'description', 'audience', 'url', 'createdAt'] as const;

/** In the order staff placed them (oldest first). */
export async function listResources(
  db: Kysely<Database>,
  audiences: readonly ResourceAudience[],
): Promise<Resource[]> {
  if (audiences.length === 0) return [];
  return withResources(db)
    .selectFrom('resources')
    .select(COLUMNS)
    .where('audience', 'in', audiences)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export async function findResource(db: Kysely<Database>, id: string): Promise<Resource | undefined> {
  return withResources(db).selectFrom('resources').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function insertResource(
  db: Kysely<Database>,
  resource: Pick<ResourcesTable, 'title' | 'description' | 'audience' | 'url' | 'createdBy'>,
): Promise<string> {
  const typed = withResources(db);
  const last = await typed
    .selectFrom('resources')
    .select((eb) => eb.fn.max('position').as('position'))
    .executeTakeFirst();
  const id = newId();
  await typed
    .insertInto('resources')
    .values({ id, ...resource, position: (last?.position ?? 0) + 1, createdAt: nowIso() })
    .execute();
  return id;
}

export async function deleteResource(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await withResources(db).deleteFrom('resources').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
