import type { Kysely, Selectable } from 'kysely';
import { fetchPage } from '../../db/paging.js';
import type {
  Database,
  PrincipalApprovalStatus,
  SchoolsTable,
  TeacherApplicationsTable,
  TeacherApplicationStatus,
} from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { newId, nowIso } from '../../platform/ids.js';
import type { TableQuery } from '../../platform/ui/table-query.js';
import type { APPLICATION_TABLE } from './teacher-applications.schemas.js';

export type ApplicationRow = Selectable<TeacherApplicationsTable>;
export type SchoolRow = Selectable<SchoolsTable>;

// --- Schools. The directory module will own these; until it lands they live here, in this one place.

// --- The year's questions.

export function findForm(db: Kysely<Database>, programYearId: string, courseId: string) {
  return db
    .selectFrom('teacherApplicationForms')
    .selectAll()
    .where('programYearId', '=', programYearId)
    .where('courseId', '=', courseId)
    .executeTakeFirst();
}

export function listQuestions(db: Kysely<Database>, programYearId: string, courseId: string) {
  return db
    .selectFrom('teacherApplicationQuestions')
    .selectAll()
    .where('programYearId', '=', programYearId)
    .where('courseId', '=', courseId)
    .orderBy('position')
    .execute();
}

/** The questions replaced as a whole: applications keep the prompts they answered, so none loses its answers. */
export async function replaceQuestions(
  trx: Kysely<Database>,
  form: { programYearId: string; courseId: string },
  questions: readonly { prompt: string; required: boolean }[],
): Promise<void> {
  await trx
    .insertInto('teacherApplicationForms')
    .values({ ...form, updatedAt: nowIso() })
    .onConflict((c) => c.columns(['programYearId', 'courseId']).doUpdateSet({ updatedAt: nowIso() }))
    .execute();
  await trx
    .deleteFrom('teacherApplicationQuestions')
    .where('programYearId', '=', form.programYearId)
    .where('courseId', '=', form.courseId)
    .execute();
  if (questions.length === 0) return;
  await trx
    .insertInto('teacherApplicationQuestions')
    .values(
      questions.map((question, index) => ({
        id: newId(),
        ...form,
        position: index + 1,
        prompt: question.prompt,
        required: question.required ? 1 : 0,
      })),
    )
    .execute();
}

// --- Applications.

export async function insertApplication(
  trx: Kysely<Database>,
  application: Omit<ApplicationRow, 'id' | 'createdAt' | 'updatedAt' | 'enrollmentId'>,
): Promise<string> {
  const id = newId();
  const now = nowIso();
  await trx
    .insertInto('teacherApplications')
    .values({ ...application, id, enrollmentId: null, createdAt: now, updatedAt: now })
    .execute();
  return id;
}

export function findOwnApplication(
  db: Kysely<Database>,
  person: { userId: string; programYearId: string; courseId: string },
) {
  return db
    .selectFrom('teacherApplications')
    .selectAll()
    .where('userId', '=', person.userId)
    .where('programYearId', '=', person.programYearId)
    .where('courseId', '=', person.courseId)
    .executeTakeFirst();
}

/** An application with what it is read with: year and course names, teacher, school, partner, workshop. */
function applicationsWithNames(db: Kysely<Database>) {
  return db
    .selectFrom('teacherApplications as a')
    .innerJoin('programYears as y', 'y.id', 'a.programYearId')
    .innerJoin('courses as c', 'c.id', 'a.courseId')
    .innerJoin('users as u', 'u.id', 'a.userId')
    .leftJoin('schools as s', 's.id', 'a.schoolId')
    .leftJoin('partners as p', 'p.id', 'a.partnerId')
    .leftJoin('enrollments as e', 'e.id', 'a.enrollmentId')
    .leftJoin('principalApprovals as pa', 'pa.applicationId', 'a.id')
    .leftJoin('teacherApplicationSettings as ts', 'ts.partnerId', 'a.partnerId')
    .selectAll('a')
    .select([
      'y.name as programYear',
      'c.name as courseName',
      'u.name as teacherName',
      'u.email as teacherEmail',
      's.ncesId as schoolNcesId',
      's.name as schoolName',
      's.city as schoolCity',
      's.zip as schoolZip',
      'p.name as partnerName',
      'p.contactEmail as partnerContactEmail',
      'e.workshopId as workshopId',
      'pa.status as principalStatus',
      'pa.comment as principalComment',
      'pa.requestedAt as principalRequestedAt',
      'pa.answeredAt as principalAnsweredAt',
      'ts.principalApprovalRequired',
    ]);
}
export type ApplicationRecord = NonNullable<Awaited<ReturnType<typeof findApplication>>>;

export function findApplication(db: Kysely<Database>, id: string) {
  return applicationsWithNames(db).where('a.id', '=', id).executeTakeFirst();
}

export interface ApplicationFilter {
  /** Only these people's applications… */
  userId?: string | undefined;
  /** …or these partners' (with `userId`, either). Neither: every application. */
  partnerIds?: readonly string[] | undefined;
  status?: TeacherApplicationStatus | 'unmatched' | undefined;
  programYear?: string | undefined;
  courseId?: string | undefined;
  partnerId?: string | undefined;
}

export function listApplications(
  db: Kysely<Database>,
  filter: ApplicationFilter,
  table: TableQuery<(typeof APPLICATION_TABLE.sorts)[number]>,
) {
  let query = applicationsWithNames(db);
  const { userId, partnerIds } = filter;
  if (userId !== undefined || partnerIds !== undefined) {
    query = query.where((eb) =>
      eb.or([
        ...(userId !== undefined ? [eb('a.userId', '=', userId)] : []),
        ...(partnerIds !== undefined && partnerIds.length > 0 ? [eb('a.partnerId', 'in', partnerIds)] : []),
      ]),
    );
  }
  if (filter.status === 'unmatched') query = query.where('a.partnerId', 'is', null);
  else if (filter.status) query = query.where('a.status', '=', filter.status);
  if (filter.programYear) query = query.where('y.name', '=', filter.programYear);
  if (filter.courseId) query = query.where('a.courseId', '=', filter.courseId);
  if (filter.partnerId) query = query.where('a.partnerId', '=', filter.partnerId);
  return fetchPage(query, table, {
    sortBy: { submitted: 'a.createdAt', teacher: 'u.name', status: 'a.status' },
    search: ['u.name', 'u.email', 's.name', 'a.unlistedSchoolName'],
    tieBreaker: 'a.id',
  });
}

/**
 * The application's row locked for the rest of the transaction (a no-op update, as the workshop gate does):
 * two changes to one application take turns rather than both reading the old status.
 */
export async function lockApplication(trx: Kysely<Database>, id: string) {
  await trx
    .updateTable('teacherApplications')
    .set((eb) => ({ updatedAt: eb.ref('updatedAt') }))
    .where('id', '=', id)
    .execute();
  return findApplication(trx, id);
}

export async function updateApplication(
  trx: Kysely<Database>,
  id: string,
  change: Partial<
    Pick<
      ApplicationRow,
      'status' | 'partnerId' | 'matchedBy' | 'enrollmentId' | 'principalName' | 'principalEmail'
    >
  >,
): Promise<void> {
  await trx
    .updateTable('teacherApplications')
    .set({ ...change, updatedAt: nowIso() })
    .where('id', '=', id)
    .execute();
}

/** Records the enrollment unless another assignment got there first; whether it did. */
export async function recordEnrollment(trx: Kysely<Database>, id: string, enrollmentId: string) {
  const result = await trx
    .updateTable('teacherApplications')
    .set({ enrollmentId, updatedAt: nowIso() })
    .where('id', '=', id)
    .where('enrollmentId', 'is', null)
    .where('status', '=', 'accepted')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function insertEvent(
  trx: Kysely<Database>,
  event: {
    applicationId: string;
    actor: Actor | null;
    fromStatus: TeacherApplicationStatus | null;
    toStatus: TeacherApplicationStatus;
    note: string | null;
    /** Someone without an account who acted by a private link (the principal). */
    actorName?: string;
  },
): Promise<void> {
  await trx
    .insertInto('teacherApplicationEvents')
    .values({
      id: newId(),
      applicationId: event.applicationId,
      actorId: event.actor?.id ?? null,
      actorName: event.actorName ?? event.actor?.name ?? null,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      note: event.note,
      createdAt: nowIso(),
    })
    .execute();
}

export function listEvents(db: Kysely<Database>, applicationId: string) {
  return db
    .selectFrom('teacherApplicationEvents')
    .select(['actorName', 'fromStatus', 'toStatus', 'note', 'createdAt'])
    .where('applicationId', '=', applicationId)
    .orderBy('createdAt')
    .orderBy('id')
    .execute();
}

// --- Cohort capacity.

export function findCapacity(
  db: Kysely<Database>,
  cohort: { partnerId: string; programYearId: string; courseId: string },
) {
  return db
    .selectFrom('cohortCapacities')
    .selectAll()
    .where('partnerId', '=', cohort.partnerId)
    .where('programYearId', '=', cohort.programYearId)
    .where('courseId', '=', cohort.courseId)
    .executeTakeFirst();
}

/**
 * The cohort's lock: an acceptance locks the row carrying its capacity before counting, as the workshop gate
 * does (PostgreSQL holds the row; SQLite makes the transaction its one writer at once). Its capacity, or
 * undefined when staff have set none.
 */
export async function lockCohort(
  trx: Kysely<Database>,
  cohort: { partnerId: string; programYearId: string; courseId: string },
) {
  await trx
    .updateTable('cohortCapacities')
    .set((eb) => ({ revision: eb.ref('revision') }))
    .where('partnerId', '=', cohort.partnerId)
    .where('programYearId', '=', cohort.programYearId)
    .where('courseId', '=', cohort.courseId)
    .execute();
  return findCapacity(trx, cohort);
}

export async function countAccepted(
  db: Kysely<Database>,
  cohort: { partnerId: string; programYearId: string; courseId: string },
): Promise<number> {
  const row = await db
    .selectFrom('teacherApplications')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .where('partnerId', '=', cohort.partnerId)
    .where('programYearId', '=', cohort.programYearId)
    .where('courseId', '=', cohort.courseId)
    .where('status', '=', 'accepted')
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

export async function upsertCapacity(
  trx: Kysely<Database>,
  cohort: { partnerId: string; programYearId: string; courseId: string; capacity: number },
): Promise<void> {
  const now = nowIso();
  await trx
    .insertInto('cohortCapacities')
    .values({ id: newId(), ...cohort, updatedAt: now })
    .onConflict((c) =>
      c
        .columns(['partnerId', 'programYearId', 'courseId'])
        .doUpdateSet({ capacity: cohort.capacity, updatedAt: now }),
    )
    .execute();
}

/** A partner's cohorts with their capacities and how many are accepted into each. */
export async function listPartnerCohorts(db: Kysely<Database>, partnerId: string) {
  return db
    .selectFrom('cohortCapacities as k')
    .innerJoin('programYears as y', 'y.id', 'k.programYearId')
    .innerJoin('courses as c', 'c.id', 'k.courseId')
    .select([
      'k.partnerId',
      'k.programYearId',
      'k.courseId',
      'k.capacity',
      'y.name as programYear',
      'c.name as courseName',
    ])
    .select((eb) =>
      eb
        .selectFrom('teacherApplications as a')
        .select((inner) => inner.fn.countAll<number | string>().as('n'))
        .whereRef('a.partnerId', '=', 'k.partnerId')
        .whereRef('a.programYearId', '=', 'k.programYearId')
        .whereRef('a.courseId', '=', 'k.courseId')
        .where('a.status', '=', 'accepted')
        .as('accepted'),
    )
    .where('k.partnerId', '=', partnerId)
    .orderBy('c.position')
    .execute();
}

/** The partner's workshops of a course in a year, not cancelled, to assign an accepted teacher to. */
export function listAssignableWorkshops(
  db: Kysely<Database>,
  cohort: { partnerId: string; programYearId: string; courseId: string },
) {
  return db
    .selectFrom('workshops')
    .select(['id', 'title', 'startsAt', 'capacity', 'status'])
    .where('partnerId', '=', cohort.partnerId)
    .where('programYearId', '=', cohort.programYearId)
    .where('courseId', '=', cohort.courseId)
    .where('status', '=', 'published')
    .orderBy('startsAt')
    .execute();
}

export function findWorkshop(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('workshops')
    .select(['id', 'title', 'partnerId', 'programYearId', 'courseId', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findPartnerOfYear(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('partners')
    .select(['id', 'name', 'programYearId', 'active', 'contactEmail'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function listYearPartners(db: Kysely<Database>, programYearId: string) {
  return db
    .selectFrom('partners')
    .select(['id', 'name'])
    .where('programYearId', '=', programYearId)
    .where('active', '=', 1)
    .orderBy('name')
    .execute();
}

/** Accepted applications of a year per partner and course: the recruitment pipeline's "teachers accepted". */
export function countAcceptedByCohort(
  db: Kysely<Database>,
  scope: { partnerIds: readonly string[]; programYearId: string },
): Promise<{ partnerId: string | null; courseId: string; count: number | string | bigint }[]> {
  if (scope.partnerIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('teacherApplications')
    .select(['partnerId', 'courseId'])
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
    .where('programYearId', '=', scope.programYearId)
    .where('partnerId', 'in', scope.partnerIds)
    .where('status', '=', 'accepted')
    .groupBy(['partnerId', 'courseId'])
    .execute();
}

// --- Principal approval.

export function findSettings(db: Kysely<Database>, partnerId: string) {
  return db
    .selectFrom('teacherApplicationSettings')
    .selectAll()
    .where('partnerId', '=', partnerId)
    .executeTakeFirst();
}

export async function upsertSettings(
  db: Kysely<Database>,
  settings: { partnerId: string; principalApprovalRequired: boolean; updatedBy: string },
): Promise<void> {
  const values = {
    principalApprovalRequired: settings.principalApprovalRequired ? 1 : 0,
    updatedBy: settings.updatedBy,
    updatedAt: nowIso(),
  };
  await db
    .insertInto('teacherApplicationSettings')
    .values({ partnerId: settings.partnerId, ...values })
    .onConflict((c) => c.column('partnerId').doUpdateSet(values))
    .execute();
}

/** The first request to an application's principal; the primary key refuses a second one made at once. */
export async function insertApproval(trx: Kysely<Database>, applicationId: string, tokenHash: string) {
  await trx
    .insertInto('principalApprovals')
    .values({
      applicationId,
      tokenHash,
      status: 'pending',
      comment: null,
      requestedAt: nowIso(),
      answeredAt: null,
    })
    .execute();
}

/** A new link for a request still unanswered (the old one stops working); false once it is answered. */
export async function renewApproval(trx: Kysely<Database>, applicationId: string, tokenHash: string) {
  const result = await trx
    .updateTable('principalApprovals')
    .set({ tokenHash, requestedAt: nowIso() })
    .where('applicationId', '=', applicationId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The request a link opens, with what the principal is shown; undefined for a link that is not one. */
export function findApprovalByToken(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('principalApprovals')
    .select(['applicationId', 'status', 'comment', 'requestedAt', 'answeredAt'])
    .where('tokenHash', '=', tokenHash)
    .executeTakeFirst();
}

/**
 * Records the principal's answer unless one is recorded already: the condition on the status makes the
 * database decide between two answers sent at once. Whether this one was recorded.
 */
export async function answerApproval(
  trx: Kysely<Database>,
  tokenHash: string,
  answer: { status: Exclude<PrincipalApprovalStatus, 'pending'>; comment: string | null },
) {
  const result = await trx
    .updateTable('principalApprovals')
    .set({ status: answer.status, comment: answer.comment, answeredAt: nowIso() })
    .where('tokenHash', '=', tokenHash)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
