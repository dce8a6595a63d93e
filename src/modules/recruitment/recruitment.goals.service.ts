import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { requireStaff, type Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { nowIso } from '../../platform/ids.js';
import { parseInput } from '../../platform/validation.js';
import { listPartners } from '../partners/partners.service.js';
import type { Partner } from '../partners/partners.schemas.js';
import { listProgramYears } from '../program-years/program-years.service.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import { acceptedTeachers, partnerCourseKey, weeklyCommitted } from './recruitment.progress.js';
import * as repo from './recruitment.repository.js';
import { goalsInputSchema, type Goals, type Progress } from './recruitment.schemas.js';
import {
  pipelineYear,
  requireCourse,
  requirePipeline,
  type RecruitmentCourse,
} from './recruitment.service.js';

/* A partner's goals for its year, per course, and its progress against them. */

type Deps = Pick<CoreDeps, 'db'>;
type Db = Kysely<Database>;

function goalsOf(
  year: ProgramYear,
  courses: readonly RecruitmentCourse[],
  row: Awaited<ReturnType<typeof repo.listGoals>>[number],
): Goals {
  return {
    programYear: year.name,
    courseId: row.courseId,
    courseName: courses.find((course) => course.id === row.courseId)?.name ?? row.courseId,
    districtsCommitted: row.districtsCommitted,
    schoolsCommitted: row.schoolsCommitted,
    teachersAccepted: row.teachersAccepted,
  };
}

/** The goals set for a partner's year, one per course that has them. */
export async function getGoals(
  deps: Deps,
  options: { actor: Actor | null; partnerId: string; year?: string | undefined },
): Promise<Goals[]> {
  const db = deps.db.kysely;
  const { partner } = await requirePipeline(db, options.actor, options.partnerId);
  const year = await pipelineYear(db, partner, options.year);
  const courses = await repo.listRecruitmentCourses(db);
  const rows = await repo.listGoals(db, { partnerIds: [partner.id], programYearId: year.id });
  return courses.flatMap((course) => {
    const row = rows.find((one) => one.courseId === course.id);
    return row ? [goalsOf(year, courses, row)] : [];
  });
}

/** Sets a partner's goals for a year and course: staff, or the partner's program managers. */
export async function setGoals(
  deps: Deps,
  options: { actor: Actor | null; partnerId: string; input: unknown },
): Promise<Goals> {
  const db = deps.db.kysely;
  const { actor, partner } = await requirePipeline(db, options.actor, options.partnerId);
  const input = parseInput(goalsInputSchema, options.input);
  const year = await pipelineYear(db, partner, input.programYear);
  const course = await requireCourse(db, input.courseId);
  await repo.saveGoals(
    db,
    {
      partnerId: partner.id,
      programYearId: year.id,
      courseId: course.id,
      districtsCommitted: input.districtsCommitted,
      schoolsCommitted: input.schoolsCommitted,
      teachersAccepted: input.teachersAccepted,
    },
    actor.id,
  );
  return {
    programYear: year.name,
    courseId: course.id,
    courseName: course.name,
    districtsCommitted: input.districtsCommitted,
    schoolsCommitted: input.schoolsCommitted,
    teachersAccepted: input.teachersAccepted,
  };
}

/** Progress of some partners of one year against their goals, per course, with the weekly history. */
async function progressOf(db: Db, partners: readonly Partner[], year: ProgramYear): Promise<Progress[]> {
  const partnerIds = partners.map((partner) => partner.id);
  const scope = { partnerIds, programYearId: year.id };
  const [courses, goals, committed, moves, teachers] = await Promise.all([
    repo.listRecruitmentCourses(db),
    repo.listGoals(db, scope),
    repo.countCommitted(db, scope),
    repo.listStageMoves(db, scope),
    acceptedTeachers(db, scope),
  ]);
  const now = nowIso();
  return partners.map((partner) => ({
    partnerId: partner.id,
    partnerName: partner.name,
    programYear: year.name,
    courses: courses.map((course) => {
      const goal = goals.find((one) => one.partnerId === partner.id && one.courseId === course.id);
      const count = (kind: 'district' | 'school') =>
        Number(
          committed.find(
            (one) => one.partnerId === partner.id && one.courseId === course.id && one.kind === kind,
          )?.count ?? 0,
        );
      return {
        courseId: course.id,
        courseName: course.name,
        goal: goal
          ? {
              districts: goal.districtsCommitted,
              schools: goal.schoolsCommitted,
              teachers: goal.teachersAccepted,
            }
          : null,
        committed: {
          districts: count('district'),
          schools: count('school'),
          teachers: teachers.get(partnerCourseKey(partner.id, course.id)) ?? 0,
        },
        weekly: weeklyCommitted(
          moves.filter((move) => move.partnerId === partner.id && move.courseId === course.id),
          now,
        ),
      };
    }),
  }));
}

export async function getProgress(
  deps: Deps,
  options: { actor: Actor | null; partnerId: string; year?: string | undefined },
): Promise<Progress> {
  const db = deps.db.kysely;
  const { partner } = await requirePipeline(db, options.actor, options.partnerId);
  const year = await pipelineYear(db, partner, options.year);
  const [progress] = await progressOf(db, [partner], year);
  return progress as Progress;
}

/** Every partner of a year side by side: staff only. */
export async function listAllProgress(
  deps: Deps,
  options: { actor: Actor | null; year?: string | undefined },
) {
  requireStaff(options.actor);
  const db = deps.db.kysely;
  const { year, partners } = await listPartners(db, { actor: options.actor, year: options.year });
  return { year, years: await listProgramYears(db), partners: await progressOf(db, partners, year) };
}
