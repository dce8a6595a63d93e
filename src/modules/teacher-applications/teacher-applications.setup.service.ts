import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isStaff, requireSignedIn, requireStaff, type Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { AppError, invalidInput } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { findCourse, listCourses } from '../courses/courses.service.js';
import { requirePartner } from '../partners/partners.service.js';
import { resolveProgramYear } from '../program-years/program-years.service.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import * as repo from './teacher-applications.repository.js';
import {
  cohortCapacityInputSchema,
  questionsInputSchema,
  type CohortCapacity,
  type Question,
} from './teacher-applications.schemas.js';
import { teacherApplicationError } from './teacher-applications.errors.js';
import { getTeacherApplicationSettings } from './teacher-applications.principal.service.js';

/*
 * What staff set up for a year's teacher applications: the questions per course (which open the course to
 * applications) and each partner's cohort capacities.
 */

type Deps = Pick<CoreDeps, 'db'>;

// --- The year's questions, per course.

/** A program year by name, refused on the form's field when there is none. */
export async function requireYear(db: Kysely<Database>, name: string): Promise<ProgramYear> {
  try {
    return await resolveProgramYear(db, name);
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      throw new AppError('INVALID_INPUT', error.message, [{ path: 'programYear', message: error.message }]);
    }
    throw error;
  }
}

/** The course's questions for the year; a course the year takes no applications for is not found. */
export async function requireOfferedForm(db: Kysely<Database>, year: ProgramYear, courseId: string) {
  const [form, course] = await Promise.all([repo.findForm(db, year.id, courseId), findCourse(db, courseId)]);
  if (!form || !course) {
    const message = `The ${year.name} program year takes no teacher applications for that course.`;
    throw teacherApplicationError('COURSE_NOT_OFFERED', message, [{ path: 'courseId', message }]);
  }
  const questions = (await repo.listQuestions(db, year.id, courseId)).map((row): Question => ({
    id: row.id,
    position: row.position,
    prompt: row.prompt,
    required: row.required === 1,
  }));
  return { course, questions };
}

/** What a teacher answers when applying for the course in the year (anyone may read it). */
export async function getApplicationForm(
  db: Kysely<Database>,
  options: { programYear: string; courseId: string },
) {
  const year = await requireYear(db, options.programYear);
  const { questions } = await requireOfferedForm(db, year, options.courseId);
  return { programYear: year.name, courseId: options.courseId, questions };
}

/** The courses a year takes applications for, in their catalog order. */
export async function listOfferedCourses(db: Kysely<Database>, programYear: ProgramYear) {
  const courses = await listCourses(db);
  const offered = await Promise.all(courses.map((course) => repo.findForm(db, programYear.id, course.id)));
  return courses.filter((_course, index) => offered[index] !== undefined);
}

/** Staff set a course's questions for a year (replacing them), which opens it to applications. */
export async function setApplicationQuestions(
  deps: Deps,
  options: { actor: Actor | null; programYear: string; courseId: string; input: unknown },
) {
  requireStaff(options.actor);
  const { questions } = parseInput(questionsInputSchema, options.input);
  const db = deps.db.kysely;
  const year = await requireYear(db, options.programYear);
  if (!(await findCourse(db, options.courseId))) {
    throw invalidInput([{ path: 'courseId', message: 'There is no such course.' }]);
  }
  await db
    .transaction()
    .execute((trx) =>
      repo.replaceQuestions(trx, { programYearId: year.id, courseId: options.courseId }, questions),
    );
  return getApplicationForm(db, { programYear: year.name, courseId: options.courseId });
}

// --- Cohort capacity.

/** Staff set a partner's capacity for a course in its year; never below those already accepted. */
export async function setCohortCapacity(
  deps: Deps,
  options: { actor: Actor | null; partnerId: string; input: unknown },
): Promise<CohortCapacity> {
  requireStaff(options.actor);
  const db = deps.db.kysely;
  const partner = await requirePartner(db, options.partnerId);
  const input = parseInput(cohortCapacityInputSchema, options.input);
  const year = await requireYear(db, input.programYear);
  if (year.name !== partner.programYear) {
    throw invalidInput([
      {
        path: 'programYear',
        message: `${partner.name} is a partner of ${partner.programYear}; set its capacity for that year.`,
      },
    ]);
  }
  if (!(await findCourse(db, input.courseId))) {
    throw invalidInput([{ path: 'courseId', message: 'There is no such course.' }]);
  }
  const cohort = { partnerId: partner.id, programYearId: year.id, courseId: input.courseId };
  const accepted = await db.transaction().execute(async (trx) => {
    await repo.lockCohort(trx, cohort);
    const accepted = await repo.countAccepted(trx, cohort);
    if (input.capacity < accepted) {
      throw invalidInput([
        {
          path: 'capacity',
          message: `${accepted} teachers are already accepted; the capacity cannot be lower.`,
        },
      ]);
    }
    await repo.upsertCapacity(trx, { ...cohort, capacity: input.capacity });
    return accepted;
  });
  return {
    partnerId: partner.id,
    programYear: year.name,
    courseId: input.courseId,
    capacity: input.capacity,
    accepted,
  };
}

/** A partner's cohorts (its managers and staff): capacity and accepted per course. */
export async function listCohorts(db: Kysely<Database>, options: { actor: Actor | null; partnerId: string }) {
  const actor = requireSignedIn(options.actor);
  if (!isStaff(actor) && !actor.partnerIds.includes(options.partnerId)) {
    throw new AppError('FORBIDDEN', 'Only program staff and the partner’s managers see its cohorts.');
  }
  const rows = await repo.listPartnerCohorts(db, options.partnerId);
  return rows.map((row) => ({ ...row, accepted: Number(row.accepted ?? 0) }));
}

/** The cohorts of every partner the acting person manages, for their review list (none for staff). */
export async function listReviewerCohorts(db: Kysely<Database>, options: { actor: Actor | null }) {
  const actor = requireSignedIn(options.actor);
  const lists = await Promise.all(actor.partnerIds.map((partnerId) => listCohorts(db, { actor, partnerId })));
  return lists.flat();
}

/**
 * Staff's setup of a year: each course with its questions (set or not), and each partner's cohorts, to set
 * capacities from, and whether it asks for principals' approval.
 */
export async function getSetup(
  db: Kysely<Database>,
  options: { actor: Actor | null; programYear?: string | undefined },
) {
  const actor = requireStaff(options.actor);
  const year = await resolveProgramYear(db, options.programYear);
  const courses = await listCourses(db);
  const forms = await Promise.all(
    courses.map(async (course) => ({
      course,
      offered: (await repo.findForm(db, year.id, course.id)) !== undefined,
      questions: await repo.listQuestions(db, year.id, course.id),
    })),
  );
  const partners = await Promise.all(
    (await repo.listYearPartners(db, year.id)).map(async (partner) => ({
      ...partner,
      cohorts: await listCohorts(db, { actor, partnerId: partner.id }),
      settings: await getTeacherApplicationSettings(db, { actor, partnerId: partner.id }),
    })),
  );
  return { year, courses, forms, partners };
}
