import type { Kysely } from 'kysely';
import { fetchPage } from '../../db/paging.js';
import type { Database, FacilitatorDecision } from '../../db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';
import type { Paged, TableQuery } from '../../platform/ui/table-query.js';
import type {
  ApplicationCourse,
  ApprovedFacilitator,
  FacilitatorApplication,
} from './facilitators.schemas.js';

export interface FacilitatorRecord {
  id: string;
  userId: string;
  name: string;
  email: string;
  homeZip: string;
  latitude: number | null;
  longitude: number | null;
}

function facilitatorColumns(db: Kysely<Database>) {
  return db
    .selectFrom('facilitators')
    .innerJoin('users', 'users.id', 'facilitators.userId')
    .select([
      'facilitators.id',
      'facilitators.userId',
      'users.name',
      'users.email',
      'facilitators.homeZip',
      'facilitators.latitude',
      'facilitators.longitude',
    ]);
}

export function findFacilitator(db: Kysely<Database>, id: string): Promise<FacilitatorRecord | undefined> {
  return facilitatorColumns(db).where('facilitators.id', '=', id).executeTakeFirst();
}

export function findFacilitatorOfUser(
  db: Kysely<Database>,
  userId: string,
): Promise<FacilitatorRecord | undefined> {
  return facilitatorColumns(db).where('facilitators.userId', '=', userId).executeTakeFirst();
}

export async function findFacilitators(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<FacilitatorRecord[]> {
  if (ids.length === 0) return [];
  return facilitatorColumns(db)
    .where('facilitators.id', 'in', [...ids])
    .orderBy('users.name')
    .execute();
}

/** Creates the person's facilitator record, or updates its ZIP and bio (one per person, by the unique user id). */
export async function saveFacilitator(
  db: Kysely<Database>,
  facilitator: {
    userId: string;
    homeZip: string;
    latitude: number | null;
    longitude: number | null;
    bio: string;
  },
): Promise<string> {
  const now = nowIso();
  const existing = await db
    .selectFrom('facilitators')
    .select('id')
    .where('userId', '=', facilitator.userId)
    .executeTakeFirst();
  if (existing) {
    await db
      .updateTable('facilitators')
      .set({
        homeZip: facilitator.homeZip,
        latitude: facilitator.latitude,
        longitude: facilitator.longitude,
        bio: facilitator.bio,
        updatedAt: now,
      })
      .where('id', '=', existing.id)
      .execute();
    return existing.id;
  }
  const id = newId();
  await db
    .insertInto('facilitators')
    .values({ id, ...facilitator, createdAt: now, updatedAt: now })
    .execute();
  return id;
}

/** The courses a facilitator holds a standing qualification for. */
export async function standingCourseIds(db: Kysely<Database>, facilitatorId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('facilitatorQualifications')
    .select('courseId')
    .where('facilitatorId', '=', facilitatorId)
    .where('revokedAt', 'is', null)
    .execute();
  return rows.map((row) => row.courseId);
}

/** The courses a facilitator has applied for and staff have not decided yet. */
export async function pendingCourseIds(db: Kysely<Database>, facilitatorId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('facilitatorApplicationCourses')
    .innerJoin(
      'facilitatorApplications',
      'facilitatorApplications.id',
      'facilitatorApplicationCourses.applicationId',
    )
    .select('facilitatorApplicationCourses.courseId')
    .where('facilitatorApplications.facilitatorId', '=', facilitatorId)
    .where('facilitatorApplicationCourses.decision', '=', 'pending')
    .execute();
  return rows.map((row) => row.courseId);
}

export async function insertApplication(
  db: Kysely<Database>,
  application: { facilitatorId: string; bio: string; courseIds: readonly string[] },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('facilitatorApplications')
    .values({ id, facilitatorId: application.facilitatorId, bio: application.bio, createdAt: nowIso() })
    .execute();
  await db
    .insertInto('facilitatorApplicationCourses')
    .values(
      application.courseIds.map((courseId) => ({
        applicationId: id,
        courseId,
        decision: 'pending' as const,
        decidedBy: null,
        decidedAt: null,
      })),
    )
    .execute();
  return id;
}

function applicationColumns(db: Kysely<Database>) {
  return db
    .selectFrom('facilitatorApplications')
    .innerJoin('facilitators', 'facilitators.id', 'facilitatorApplications.facilitatorId')
    .innerJoin('users', 'users.id', 'facilitators.userId')
    .select([
      'facilitatorApplications.id',
      'facilitatorApplications.facilitatorId',
      'facilitators.userId',
      'users.name',
      'users.email',
      'facilitators.homeZip',
      'facilitatorApplications.bio',
      'facilitatorApplications.createdAt',
    ]);
}

type ApplicationRow = Omit<FacilitatorApplication, 'courses'>;

async function withCourses(db: Kysely<Database>, rows: ApplicationRow[]): Promise<FacilitatorApplication[]> {
  if (rows.length === 0) return [];
  const courses = await db
    .selectFrom('facilitatorApplicationCourses')
    .innerJoin('courses', 'courses.id', 'facilitatorApplicationCourses.courseId')
    .select([
      'facilitatorApplicationCourses.applicationId',
      'facilitatorApplicationCourses.courseId',
      'courses.name as courseName',
      'facilitatorApplicationCourses.decision',
      'facilitatorApplicationCourses.decidedAt',
    ])
    .where(
      'facilitatorApplicationCourses.applicationId',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('courses.position')
    .execute();
  return rows.map((row) => ({
    ...row,
    courses: courses
      .filter((course) => course.applicationId === row.id)
      .map(({ courseId, courseName, decision, decidedAt }): ApplicationCourse => ({
        courseId,
        courseName,
        decision,
        decidedAt,
      })),
  }));
}

export async function findApplication(
  db: Kysely<Database>,
  id: string,
): Promise<FacilitatorApplication | undefined> {
  const row = await applicationColumns(db).where('facilitatorApplications.id', '=', id).executeTakeFirst();
  return row && (await withCourses(db, [row]))[0];
}

export async function listApplicationsOfUser(
  db: Kysely<Database>,
  userId: string,
): Promise<FacilitatorApplication[]> {
  const rows = await applicationColumns(db)
    .where('facilitators.userId', '=', userId)
    .orderBy('facilitatorApplications.createdAt', 'desc')
    .orderBy('facilitatorApplications.id')
    .execute();
  return withCourses(db, rows);
}

/** Applications with at least one course waiting for staff, a page at a time. */
export async function pageWaitingApplications(
  db: Kysely<Database>,
  table: TableQuery<'received' | 'name'>,
): Promise<Paged<FacilitatorApplication>> {
  const query = applicationColumns(db).where((eb) =>
    eb.exists(
      eb
        .selectFrom('facilitatorApplicationCourses')
        .select('facilitatorApplicationCourses.courseId')
        .whereRef('facilitatorApplicationCourses.applicationId', '=', 'facilitatorApplications.id')
        .where('facilitatorApplicationCourses.decision', '=', 'pending'),
    ),
  );
  const page = await fetchPage(query, table, {
    sortBy: { received: 'facilitatorApplications.createdAt', name: 'users.name' },
    search: ['users.name', 'users.email'],
    tieBreaker: 'facilitatorApplications.id',
  });
  return { ...page, rows: await withCourses(db, page.rows) };
}

export async function countWaitingApplications(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('facilitatorApplicationCourses')
    .select((eb) => eb.fn.count<number | string>('applicationId').distinct().as('n'))
    .where('decision', '=', 'pending')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Records a decision on a course still pending; 0 when someone decided it first. */
export async function decideCourse(
  db: Kysely<Database>,
  decision: {
    applicationId: string;
    courseId: string;
    decision: FacilitatorDecision;
    by: string;
    at: string;
  },
): Promise<number> {
  const result = await db
    .updateTable('facilitatorApplicationCourses')
    .set({ decision: decision.decision, decidedBy: decision.by, decidedAt: decision.at })
    .where('applicationId', '=', decision.applicationId)
    .where('courseId', '=', decision.courseId)
    .where('decision', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function insertQualification(
  db: Kysely<Database>,
  qualification: { facilitatorId: string; courseId: string; by: string; at: string },
): Promise<void> {
  await db
    .insertInto('facilitatorQualifications')
    .values({
      id: newId(),
      facilitatorId: qualification.facilitatorId,
      courseId: qualification.courseId,
      grantedBy: qualification.by,
      grantedAt: qualification.at,
      revokedBy: null,
      revokedAt: null,
    })
    .execute();
}

/** Revokes a standing qualification; 0 when there is none. */
export async function revokeQualification(
  db: Kysely<Database>,
  revocation: { facilitatorId: string; courseId: string; by: string },
): Promise<number> {
  const result = await db
    .updateTable('facilitatorQualifications')
    .set({ revokedBy: revocation.by, revokedAt: nowIso() })
    .where('facilitatorId', '=', revocation.facilitatorId)
    .where('courseId', '=', revocation.courseId)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Every facilitator with at least one standing qualification, with those qualifications, by name. */
export async function listApproved(
  db: Kysely<Database>,
): Promise<(ApprovedFacilitator & { latitude: number | null; longitude: number | null })[]> {
  const rows = await db
    .selectFrom('facilitatorQualifications')
    .innerJoin('facilitators', 'facilitators.id', 'facilitatorQualifications.facilitatorId')
    .innerJoin('users', 'users.id', 'facilitators.userId')
    .innerJoin('courses', 'courses.id', 'facilitatorQualifications.courseId')
    .select([
      'facilitators.id as facilitatorId',
      'facilitators.userId',
      'users.name',
      'users.email',
      'facilitators.homeZip',
      'facilitators.latitude',
      'facilitators.longitude',
      'facilitatorQualifications.courseId',
      'courses.name as courseName',
      'facilitatorQualifications.grantedAt',
    ])
    .where('facilitatorQualifications.revokedAt', 'is', null)
    .orderBy('users.name')
    .orderBy('facilitators.id')
    .orderBy('courses.position')
    .execute();
  const byId = new Map<string, ApprovedFacilitator & { latitude: number | null; longitude: number | null }>();
  for (const row of rows) {
    const { courseId, courseName, grantedAt, ...facilitator } = row;
    const entry = byId.get(row.facilitatorId) ?? { ...facilitator, qualifications: [] };
    entry.qualifications.push({ courseId, courseName, grantedAt });
    byId.set(row.facilitatorId, entry);
  }
  return [...byId.values()];
}

export interface ContractRecord {
  id: string;
  partnerId: string;
  facilitatorId: string;
  programYearId: string;
  name: string;
  email: string;
  createdAt: string;
}

function contractColumns(db: Kysely<Database>) {
  return db
    .selectFrom('facilitatorContracts')
    .innerJoin('facilitators', 'facilitators.id', 'facilitatorContracts.facilitatorId')
    .innerJoin('users', 'users.id', 'facilitators.userId')
    .select([
      'facilitatorContracts.id',
      'facilitatorContracts.partnerId',
      'facilitatorContracts.facilitatorId',
      'facilitatorContracts.programYearId',
      'users.name',
      'users.email',
      'facilitatorContracts.createdAt',
    ])
    .where('facilitatorContracts.endedAt', 'is', null);
}

/** A partner's standing contracts (of one year, when given), by the facilitator's name. */
export function listStandingContracts(
  db: Kysely<Database>,
  filter: { partnerId: string; programYearId?: string },
): Promise<ContractRecord[]> {
  let query = contractColumns(db).where('facilitatorContracts.partnerId', '=', filter.partnerId);
  if (filter.programYearId)
    query = query.where('facilitatorContracts.programYearId', '=', filter.programYearId);
  return query.orderBy('users.name').orderBy('facilitatorContracts.id').execute();
}

export function findStandingContract(
  db: Kysely<Database>,
  filter: { partnerId: string; contractId: string },
): Promise<ContractRecord | undefined> {
  return contractColumns(db)
    .where('facilitatorContracts.partnerId', '=', filter.partnerId)
    .where('facilitatorContracts.id', '=', filter.contractId)
    .executeTakeFirst();
}

export async function hasStandingContract(
  db: Kysely<Database>,
  filter: { partnerId: string; facilitatorId: string; programYearId: string },
): Promise<boolean> {
  const row = await db
    .selectFrom('facilitatorContracts')
    .select('id')
    .where('partnerId', '=', filter.partnerId)
    .where('facilitatorId', '=', filter.facilitatorId)
    .where('programYearId', '=', filter.programYearId)
    .where('endedAt', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertContract(
  db: Kysely<Database>,
  contract: { partnerId: string; facilitatorId: string; programYearId: string; by: string },
): Promise<{ id: string; createdAt: string }> {
  const id = newId();
  const createdAt = nowIso();
  await db
    .insertInto('facilitatorContracts')
    .values({
      id,
      partnerId: contract.partnerId,
      facilitatorId: contract.facilitatorId,
      programYearId: contract.programYearId,
      createdBy: contract.by,
      createdAt,
      endedBy: null,
      endedAt: null,
    })
    .execute();
  return { id, createdAt };
}

/** Ends a standing contract; 0 when it has ended already. */
export async function endContract(
  db: Kysely<Database>,
  contract: { id: string; by: string },
): Promise<number> {
  const result = await db
    .updateTable('facilitatorContracts')
    .set({ endedBy: contract.by, endedAt: nowIso() })
    .where('id', '=', contract.id)
    .where('endedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
