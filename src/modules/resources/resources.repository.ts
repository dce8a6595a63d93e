import { sql, type Kysely } from 'kysely';
import { fetchPage } from '../../db/paging.js';
import type { Database, ResourceAudience, ResourcesTable } from '../../db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';
import type { Paged, TableQuery } from '../../platform/ui/table-query.js';
import type { Resource } from './resources.schemas.js';
import type { CheckedFile } from './resources.upload.js';

/** Resources with their file's name and size (never its bytes). */
function selectResources(db: Kysely<Database>) {
  return db
    .selectFrom('resources')
    .leftJoin('resourceFiles', 'resourceFiles.resourceId', 'resources.id')
    .select([
      'resources.id',
      'resources.title',
      'resources.description',
      'resources.audience',
      'resources.url',
      'resources.createdAt',
      'resourceFiles.filename',
      'resourceFiles.contentType',
      'resourceFiles.size',
    ]);
}

type ResourceRow = Awaited<ReturnType<ReturnType<typeof selectResources>['executeTakeFirstOrThrow']>>;

function toResource({ filename, contentType, size, ...resource }: ResourceRow): Resource {
  return {
    ...resource,
    file:
      filename === null || contentType === null || size === null
        ? null
        : { name: filename, contentType, size, href: `/resources/${resource.id}/file` },
  };
}

/** In the order staff placed them (oldest first). */
export async function listResources(
  db: Kysely<Database>,
  audiences: readonly ResourceAudience[],
): Promise<Resource[]> {
  if (audiences.length === 0) return [];
  const rows = await selectResources(db)
    .where('resources.audience', 'in', audiences)
    .orderBy('resources.position')
    .orderBy('resources.id')
    .execute();
  return rows.map(toResource);
}

/** One page of the resources for these audiences, searched by title and description. */
export async function pageResources(
  db: Kysely<Database>,
  audiences: readonly ResourceAudience[],
  table: TableQuery<'title' | 'audience' | 'added'>,
): Promise<Paged<Resource>> {
  // No audience at all is an empty page, counted as such: SQL has no empty IN list.
  const query =
    audiences.length > 0
      ? selectResources(db).where('resources.audience', 'in', audiences)
      : selectResources(db).where(sql<boolean>`1 = 0`);
  const page = await fetchPage(query, table, {
    sortBy: { title: 'resources.title', audience: 'resources.audience', added: 'resources.position' },
    search: ['resources.title', 'resources.description'],
    tieBreaker: 'resources.id',
  });
  return { ...page, rows: page.rows.map(toResource) };
}

export async function findResource(db: Kysely<Database>, id: string): Promise<Resource | undefined> {
  const row = await selectResources(db).where('resources.id', '=', id).executeTakeFirst();
  return row && toResource(row);
}

/** The stored file of a resource, if the resource is for one of the audiences. */
export async function findResourceFile(
  db: Kysely<Database>,
  id: string,
  audiences: readonly ResourceAudience[],
) {
  if (audiences.length === 0) return undefined;
  return db
    .selectFrom('resourceFiles')
    .innerJoin('resources', 'resources.id', 'resourceFiles.resourceId')
    .select(['resourceFiles.filename', 'resourceFiles.contentType', 'resourceFiles.content'])
    .where('resources.id', '=', id)
    .where('resources.audience', 'in', audiences)
    .executeTakeFirst();
}

/** A link (url) or, with url null, an uploaded file: both rows in one transaction. */
export async function insertResource(
  db: Kysely<Database>,
  resource: Pick<ResourcesTable, 'title' | 'description' | 'audience' | 'url' | 'createdBy'>,
  file?: CheckedFile,
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('resources')
      .select((eb) => eb.fn.max('position').as('position'))
      .executeTakeFirst();
    const id = newId();
    const createdAt = nowIso();
    await trx
      .insertInto('resources')
      .values({ id, ...resource, position: (last?.position ?? 0) + 1, createdAt })
      .execute();
    if (file) {
      await trx
        .insertInto('resourceFiles')
        .values({ resourceId: id, ...file, createdAt })
        .execute();
    }
    return id;
  });
}

/** Deletes the resource and its file (explicitly, rather than trusting that foreign keys are enforced). */
export async function deleteResource(db: Kysely<Database>, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('resourceFiles').where('resourceId', '=', id).execute();
    const result = await trx.deleteFrom('resources').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  });
}
