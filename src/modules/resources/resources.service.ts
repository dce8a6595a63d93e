import type { Kysely } from 'kysely';
import type { CoreDeps } from '../../platform/deps.js';
import type { Database } from '../../db/schema.js';
import { isStaff, requireStaff, type Actor } from '../../platform/actor.js';
import type { Paged } from '../../platform/ui/table-query.js';
import { parseInput } from '../../platform/validation.js';
import * as repo from './resources.repository.js';
import {
  RESOURCE_AUDIENCES,
  resourceInputSchema,
  type Resource,
  type ResourceAudience,
  type ResourceQuery,
} from './resources.schemas.js';
import { resourceError } from './resources.errors.js';

type Deps = Pick<CoreDeps, 'db'>;

/**
 * Who sees what: public documents are for everyone; applicants' for anyone signed in (an organization applies
 * with an account); partners' for program managers; facilitators' for facilitators. Staff see everything.
 */
export function audiencesFor(actor: Actor | null): ResourceAudience[] {
  if (!actor) return ['public'];
  if (isStaff(actor)) return [...RESOURCE_AUDIENCES];
  return [
    'public',
    'applicants',
    ...(actor.roles.includes('program_manager') ? (['partners'] as const) : []),
    ...(actor.roles.includes('facilitator') ? (['facilitators'] as const) : []),
  ];
}

/** One page of the resources the actor may see (anyone may ask; the answer depends on who asks). */
export async function listResources(
  db: Kysely<Database>,
  options: { actor: Actor | null; query: ResourceQuery },
): Promise<Paged<Resource>> {
  const { audience, table } = options.query;
  const visible = audiencesFor(options.actor);
  return repo.pageResources(
    db,
    audience === undefined ? visible : visible.filter((one) => one === audience),
    table,
  );
}

/** Every resource, a page at a time, for the staff screen. */
export async function listResourcesForStaff(
  db: Kysely<Database>,
  options: { actor: Actor | null; query: ResourceQuery },
) {
  requireStaff(options.actor);
  return listResources(db, options);
}

/**
 * The resources page: every document the actor may see, under the audience it is for (in the order of
 * `RESOURCE_AUDIENCES`, those without documents left out), and whether they may manage them.
 */
export async function resourcesByAudience(db: Kysely<Database>, options: { actor: Actor | null }) {
  const resources = await repo.listResources(db, audiencesFor(options.actor));
  return {
    groups: RESOURCE_AUDIENCES.map((audience) => ({
      audience,
      resources: resources.filter((resource) => resource.audience === audience),
    })).filter((group) => group.resources.length > 0),
    canManage: isStaff(options.actor),
  };
}

export async function getResourceForStaff(
  db: Kysely<Database>,
  options: { actor: Actor | null; id: string },
) {
  requireStaff(options.actor);
  const resource = await repo.findResource(db, options.id);
  if (!resource) throw resourceError('RESOURCE_NOT_FOUND', 'There is no such resource.');
  return resource;
}

/** Publishes a document for an audience: a link, or a file uploaded with the request. */
export async function createResource(
  deps: Deps,
  options: { actor: Actor | null; input: unknown },
): Promise<Resource> {
  const actor = requireStaff(options.actor);
  const { file, url, ...input } = parseInput(resourceInputSchema, options.input);
  const db = deps.db.kysely;
  const id = await repo.insertResource(db, { ...input, url: url ?? null, createdBy: actor.id }, file);
  const created = await repo.findResource(db, id);
  if (!created) throw resourceError('RESOURCE_NOT_FOUND', 'The resource could not be read back.');
  return created;
}

/** An uploaded document, for whoever may see its resource (the same rule as the listing). */
export async function getResourceFile(db: Kysely<Database>, options: { actor: Actor | null; id: string }) {
  const file = await repo.findResourceFile(db, options.id, audiencesFor(options.actor));
  if (!file) throw resourceError('RESOURCE_NOT_FOUND', 'There is no such document.');
  return file;
}

export async function deleteResource(
  deps: Deps,
  options: { actor: Actor | null; id: string },
): Promise<void> {
  requireStaff(options.actor);
  if (!(await repo.deleteResource(deps.db.kysely, options.id))) {
    throw resourceError('RESOURCE_NOT_FOUND', 'There is no such resource.');
  }
}
