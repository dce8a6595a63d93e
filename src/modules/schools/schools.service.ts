import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { requireStaff, type Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { newId, nowIso } from '../../platform/ids.js';
import type { Paged } from '../../platform/ui/table-query.js';
import { parseInput } from '../../platform/validation.js';
import { locateZip } from '../regions/geography.js';
import * as repo from './schools.repository.js';
import {
  schoolCreateSchema,
  schoolSearchQuerySchema,
  searchKey,
  searchWords,
  staffSchoolsQuerySchema,
  type SchoolCreateInput,
  type SchoolSummary,
  type StaffSchool,
} from './schools.schemas.js';

/**
 * The directory's search, public (a teacher picks their school before they apply): open schools with a word of
 * their name or city, their ZIP code or NCES id starting with each word typed, and/or at a ZIP code, in name order.
 */
export async function searchSchools(
  db: Kysely<Database>,
  options: { query: unknown },
): Promise<SchoolSummary[]> {
  const query = parseInput(schoolSearchQuerySchema, options.query);
  const words = query.q === undefined ? [] : searchWords(query.q);
  return repo.searchSchools(db, { words, zip: query.zip, state: query.state, limit: query.limit });
}

/** A school by its row id or its NCES id, closed ones too (an application may name one that closed since). */
export async function findSchool(
  db: Kysely<Database>,
  by: { id: string } | { ncesId: string },
): Promise<(SchoolSummary & { closed: boolean }) | undefined> {
  return repo.findSchool(db, by);
}

/** Staff's list of the whole directory, closed schools included. */
export async function listStaffSchools(
  db: Kysely<Database>,
  options: { actor: Actor | null; query: unknown },
): Promise<Paged<StaffSchool>> {
  requireStaff(options.actor);
  const { table, ...filters } = parseInput(staffSchoolsQuerySchema, options.query);
  return repo.pageSchools(db, table, searchWords(table.q), filters);
}

/** The empty form for a school staff add: staff only, so that anyone else is sent to sign in, not shown it. */
export function newSchoolValues(options: { actor: Actor | null }): Partial<SchoolCreateInput> {
  requireStaff(options.actor);
  return {};
}

/** Staff add a school the directory lacks; it has no NCES id until a directory file brings one. */
export async function addSchool(
  deps: Pick<CoreDeps, 'db'>,
  options: { actor: Actor | null; input: unknown },
): Promise<SchoolSummary> {
  requireStaff(options.actor);
  const input = parseInput(schoolCreateSchema, options.input);
  // The schema accepted only ZIP codes the dataset knows.
  const location = locateZip(input.zip);
  if (!location) throw new AppError('INVALID_INPUT', 'Some fields need attention.');
  const nameKey = searchKey(input.name);
  const same = await repo.findSameSchool(deps.db.kysely, nameKey, input.zip);
  if (same) {
    const message = `${same.name} at ZIP code ${input.zip} is already in the directory${same.ncesId ? ` (NCES id ${same.ncesId})` : ''}.`;
    throw new AppError('CONFLICT', message, [{ path: 'name', message }]);
  }
  const now = nowIso();
  const row: repo.SchoolRow = {
    id: newId(),
    ncesId: null,
    districtNcesId: null,
    districtName: input.districtName ?? null,
    name: input.name,
    nameKey,
    street: input.street ?? null,
    city: input.city,
    cityKey: searchKey(input.city),
    state: location.state,
    zip: input.zip,
    county: location.county,
    gradeLow: null,
    gradeHigh: null,
    schoolType: null,
    charter: null,
    closed: 0,
    source: 'staff',
    createdAt: now,
    updatedAt: now,
  };
  await repo.insertSchool(deps.db.kysely, row);
  return {
    id: row.id,
    ncesId: null,
    name: row.name,
    districtName: row.districtName,
    city: row.city,
    state: row.state,
    zip: row.zip,
    county: row.county,
  };
}
