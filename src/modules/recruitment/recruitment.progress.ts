import type { Kysely } from 'kysely';
import type { Database, RecruitmentStage, TargetKind } from '../../db/schema.js';
import { acceptedTeachersByCohort } from '../teacher-applications/teacher-applications.service.js';
import type { CourseProgress } from './recruitment.schemas.js';

type Db = Kysely<Database>;

/** `${partnerId} ${courseId}`: how the counts below are keyed. */
export function partnerCourseKey(partnerId: string, courseId: string): string {
  return `${partnerId} ${courseId}`;
}

/** Teachers accepted into each partner's cohort for a year, by partner and course, from the teacher applications. */
export async function acceptedTeachers(
  db: Db,
  scope: { partnerIds: readonly string[]; programYearId: string },
): Promise<ReadonlyMap<string, number>> {
  const cohorts = await acceptedTeachersByCohort(db, scope);
  return new Map(
    cohorts.map((cohort) => [partnerCourseKey(cohort.partnerId, cohort.courseId), cohort.count]),
  );
}

export interface StageMove {
  targetId: string;
  courseId: string;
  kind: TargetKind;
  toStage: RecruitmentStage | null;
  at: string;
  /** The move's place in its target's history: orders two moves of one instant. */
  seq: number;
}

const DAY = 86_400_000;
/** A long year's weeks and a little more; older history is summed into the first week shown. */
const MAX_WEEKS = 60;

/** The Monday (UTC) of the week an instant falls in, as YYYY-MM-DD. */
export function weekOf(iso: string): string {
  const day = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - sinceMonday * DAY).toISOString().slice(0, 10);
}

/**
 * How many districts and schools of one course were committed at the end of each week, from the first week a
 * target of the course moved to the week of `now`: a target counts in a week when its latest move by the end
 * of that week was to committed (so one committed and then declined counts until the week it declined).
 */
export function weeklyCommitted(moves: readonly StageMove[], now: string): CourseProgress['weekly'] {
  if (moves.length === 0) return [];
  const sorted = [...moves].sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq);
  const lastWeek = weekOf(now);
  let week = weekOf(sorted[0]?.at ?? now);
  const earliest = new Date(Date.parse(`${lastWeek}T00:00:00Z`) - (MAX_WEEKS - 1) * 7 * DAY)
    .toISOString()
    .slice(0, 10);
  if (week < earliest) week = earliest;
  const stageOf = new Map<string, { kind: TargetKind; stage: RecruitmentStage | null }>();
  const weeks: CourseProgress['weekly'] = [];
  let next = 0;
  while (week <= lastWeek) {
    const end = new Date(Date.parse(`${week}T00:00:00Z`) + 7 * DAY).toISOString();
    while (next < sorted.length && (sorted[next]?.at ?? '') < end) {
      const move = sorted[next] as StageMove;
      stageOf.set(move.targetId, { kind: move.kind, stage: move.toStage });
      next += 1;
    }
    let districts = 0;
    let schools = 0;
    for (const target of stageOf.values()) {
      if (target.stage !== 'committed') continue;
      if (target.kind === 'district') districts += 1;
      else schools += 1;
    }
    weeks.push({ weekOf: week, districts, schools });
    week = new Date(Date.parse(`${week}T00:00:00Z`) + 7 * DAY).toISOString().slice(0, 10);
  }
  return weeks;
}
