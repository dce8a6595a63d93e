import type { Kysely } from 'kysely';
import type { CourseKind, Database } from '../../db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';
import type { StaffCourse } from './courses.schemas.js';

/** Every course with its subjects, both in their positions' order. */
export async function listCourses(db: Kysely<Database>): Promise<StaffCourse[]> {
  const [courses, subjects] = await Promise.all([
    db.selectFrom('courses').select(['id', 'name', 'kind']).orderBy('position').orderBy('id').execute(),
    db
      .selectFrom('courseSubjects')
      .select(['id', 'courseId', 'name'])
      .orderBy('position')
      .orderBy('id')
      .execute(),
  ]);
  return courses.map((course) => ({
    ...course,
    subjects: subjects
      .filter((subject) => subject.courseId === course.id)
      .map(({ id, name }) => ({ id, name })),
  }));
}

export async function findCourseByName(db: Kysely<Database>, name: string) {
  return db
    .selectFrom('courses')
    .select(['id', 'name'])
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
}

export async function insertCourse(
  db: Kysely<Database>,
  course: { name: string; kind: CourseKind },
): Promise<string> {
  const last = await db
    .selectFrom('courses')
    .select((eb) => eb.fn.max('position').as('position'))
    .executeTakeFirst();
  const id = newId();
  await db
    .insertInto('courses')
    .values({
      id,
      name: course.name,
      kind: course.kind,
      position: (last?.position ?? -1) + 1,
      createdAt: nowIso(),
    })
    .execute();
  return id;
}

export async function insertSubject(db: Kysely<Database>, courseId: string, name: string): Promise<string> {
  const last = await db
    .selectFrom('courseSubjects')
    .select((eb) => eb.fn.max('position').as('position'))
    .where('courseId', '=', courseId)
    .executeTakeFirst();
  const id = newId();
  await db
    .insertInto('courseSubjects')
    .values({ id, courseId, name, position: (last?.position ?? -1) + 1 })
    .execute();
  return id;
}

export async function renameSubject(db: Kysely<Database>, subjectId: string, name: string): Promise<void> {
  await db.updateTable('courseSubjects').set({ name }).where('id', '=', subjectId).execute();
}

export async function deleteSubject(db: Kysely<Database>, subjectId: string): Promise<void> {
  await db.deleteFrom('courseSubjects').where('id', '=', subjectId).execute();
}
