import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/errors.js';
import type { Database } from '../../db/schema.js';
import { requireStaff, type Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import * as repo from './courses.repository.js';
import { courseCreateSchema, subjectInputSchema, type Course, type StaffCourse } from './courses.schemas.js';
import { courseError } from './courses.errors.js';

type Deps = Pick<CoreDeps, 'db'>;

/** The courses, in their order, each with its subjects' names: public (the catalog and every form list them). */
export async function listCourses(db: Kysely<Database>): Promise<Course[]> {
  const courses = await repo.listCourses(db);
  return courses.map((course) => ({ ...course, subjects: course.subjects.map((subject) => subject.name) }));
}

export async function findCourse(db: Kysely<Database>, id: string): Promise<Course | undefined> {
  return (await listCourses(db)).find((course) => course.id === id);
}

/** Staff's list: the subjects with their ids, to rename or remove one. */
export async function listStaffCourses(
  db: Kysely<Database>,
  options: { actor: Actor | null },
): Promise<StaffCourse[]> {
  requireStaff(options.actor);
  return repo.listCourses(db);
}

export async function createCourse(
  deps: Deps,
  options: { actor: Actor | null; input: unknown },
): Promise<Course> {
  requireStaff(options.actor);
  const input = parseInput(courseCreateSchema, options.input);
  const db = deps.db.kysely;
  const id = await db.transaction().execute(async (trx) => {
    const existing = await repo.findCourseByName(trx, input.name);
    if (existing) throw courseNameTaken(existing.name);
    try {
      return await repo.insertCourse(trx, input);
    } catch (error) {
      // Two staff creating the same course at once: the unique name decides.
      if (isUniqueViolation(error)) throw courseNameTaken(input.name);
      throw error;
    }
  });
  return { id, name: input.name, kind: input.kind, subjects: [] };
}

function courseNameTaken(name: string): AppError {
  return new AppError('CONFLICT', `A course named ${name} already exists.`, [
    { path: 'name', message: `A course named ${name} already exists.` },
  ]);
}

function subjectTaken(course: StaffCourse, name: string): AppError {
  return new AppError('CONFLICT', `${course.name} already has the subject ${name}.`, [
    { path: 'name', message: `${course.name} already has the subject ${name}.` },
  ]);
}

async function requireStaffCourse(db: Kysely<Database>, id: string): Promise<StaffCourse> {
  const course = (await repo.listCourses(db)).find((candidate) => candidate.id === id);
  if (!course) throw courseError('COURSE_NOT_FOUND', 'There is no such course.');
  return course;
}

/** A subject is a label on workshops (e.g. "5-day Summer"); a course's subjects have different names. */
export async function addSubject(
  deps: Deps,
  options: { actor: Actor | null; courseId: string; input: unknown },
): Promise<Course> {
  requireStaff(options.actor);
  const db = deps.db.kysely;
  const course = await requireStaffCourse(db, options.courseId);
  const { name } = parseInput(subjectInputSchema, options.input);
  if (course.subjects.some((subject) => subject.name.toLowerCase() === name.toLowerCase())) {
    throw subjectTaken(course, name);
  }
  try {
    await repo.insertSubject(db, course.id, name);
  } catch (error) {
    if (isUniqueViolation(error)) throw subjectTaken(course, name);
    throw error;
  }
  return { ...course, subjects: [...course.subjects.map((subject) => subject.name), name] };
}

export async function renameSubject(
  deps: Deps,
  options: { actor: Actor | null; courseId: string; subjectId: string; input: unknown },
): Promise<void> {
  requireStaff(options.actor);
  const db = deps.db.kysely;
  const course = await requireStaffCourse(db, options.courseId);
  const subject = requireSubject(course, options.subjectId);
  const { name } = parseInput(subjectInputSchema, options.input);
  if (
    course.subjects.some(
      (other) => other.id !== subject.id && other.name.toLowerCase() === name.toLowerCase(),
    )
  ) {
    throw subjectTaken(course, name);
  }
  try {
    await repo.renameSubject(db, subject.id, name);
  } catch (error) {
    if (isUniqueViolation(error)) throw subjectTaken(course, name);
    throw error;
  }
}

/**
 * Removing a subject is allowed at any time: workshops keep the subject's name as their own label, so none
 * loses it.
 */
export async function removeSubject(
  deps: Deps,
  options: { actor: Actor | null; courseId: string; subjectId: string },
): Promise<{ course: StaffCourse; subject: { id: string; name: string } }> {
  requireStaff(options.actor);
  const db = deps.db.kysely;
  const course = await requireStaffCourse(db, options.courseId);
  const subject = requireSubject(course, options.subjectId);
  await repo.deleteSubject(db, subject.id);
  return { course, subject };
}

/** A course and one of its subjects, for the question asked before removing it. */
export async function getSubject(
  db: Kysely<Database>,
  options: { actor: Actor | null; courseId: string; subjectId: string },
): Promise<{ course: StaffCourse; subject: { id: string; name: string } }> {
  requireStaff(options.actor);
  const course = await requireStaffCourse(db, options.courseId);
  return { course, subject: requireSubject(course, options.subjectId) };
}

function requireSubject(course: StaffCourse, subjectId: string): { id: string; name: string } {
  const subject = course.subjects.find((candidate) => candidate.id === subjectId);
  if (!subject) throw courseError('SUBJECT_NOT_FOUND', `${course.name} has no such subject.`);
  return subject;
}
