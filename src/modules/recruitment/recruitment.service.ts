import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/errors.js';
import { RECRUITMENT_STAGES, type Database, type RecruitmentStage } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { AppError, invalidInput } from '../../platform/errors.js';
import type { Paged } from '../../platform/ui/table-query.js';
import { parseInput } from '../../platform/validation.js';
import { requirePartner, requirePartnerAccess } from '../partners/partners.service.js';
import type { Partner } from '../partners/partners.schemas.js';
import { resolveProgramYear } from '../program-years/program-years.service.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import type { CsvExport } from '../workshops/workshops.exports.service.js';
import { recruitmentError } from './recruitment.errors.js';
import * as repo from './recruitment.repository.js';
import {
  directorySearchSchema,
  pipelineQuerySchema,
  stageLabel,
  targetInputSchema,
  targetPatchSchema,
  targetQuerySchema,
  type Target,
  type TargetDetail,
} from './recruitment.schemas.js';

type Deps = Pick<CoreDeps, 'db'>;
type Db = Kysely<Database>;

export interface RecruitmentCourse {
  id: string;
  name: string;
}

/** A pipeline's partner, once the acting person may see it: staff, or the partner's program managers. */
export async function requirePipeline(db: Db, actor: Actor | null, partnerId: string) {
  const signedIn = requirePartnerAccess(actor, partnerId);
  const partner = await requirePartner(db, partnerId);
  return { actor: signedIn, partner };
}

/**
 * The year a pipeline is of: a partner is a partner of one program year, so its pipeline is that year's; another
 * year named is refused rather than shown empty.
 */
export async function pipelineYear(db: Db, partner: Partner, name: string | undefined): Promise<ProgramYear> {
  const year = await resolveProgramYear(db, name ?? partner.programYear);
  if (year.name !== partner.programYear) {
    throw invalidInput(
      [{ path: 'programYear', message: `${partner.name} is a partner of ${partner.programYear}.` }],
      `${partner.name} has no pipeline for ${year.name}: it is a partner of ${partner.programYear}.`,
    );
  }
  return year;
}

export async function requireCourse(db: Db, courseId: string, path = 'courseId'): Promise<RecruitmentCourse> {
  const courses = await repo.listRecruitmentCourses(db);
  const course = courses.find((one) => one.id === courseId);
  if (!course) {
    const names = courses.map((one) => one.name).join(', ');
    throw invalidInput(
      [{ path, message: `Choose a course partners recruit for: ${names}.` }],
      'Partners do not recruit for this course.',
    );
  }
  return course;
}

/** The course a page asks for, or the first one partners recruit for. */
async function courseOrFirst(db: Db, courseId: string | undefined) {
  const courses = await repo.listRecruitmentCourses(db);
  if (courseId) return { courses, course: await requireCourse(db, courseId, 'course') };
  const first = courses[0];
  if (!first) throw new AppError('NOT_FOUND', 'No course is open for recruitment.');
  return { courses, course: first };
}

function stamp(actor: Actor): repo.ActorStamp {
  return { actorId: actor.id, actorEmail: actor.email };
}

function toTarget(row: repo.TargetRow): Target {
  return {
    id: row.id,
    partnerId: row.partnerId,
    programYear: row.programYear,
    courseId: row.courseId,
    courseName: row.courseName,
    kind: row.kind,
    directoryId: row.districtNcesId ?? row.schoolId ?? '',
    ncesId: row.kind === 'district' ? row.districtNcesId : row.schoolNcesId,
    name: row.targetName ?? '',
    city: row.city,
    state: row.state ?? '',
    districtName: row.districtName,
    stage: row.stage,
    owner:
      row.ownerUserId && row.ownerEmail
        ? { id: row.ownerUserId, name: row.ownerName ?? '', email: row.ownerEmail }
        : null,
    notes: row.notes,
    nextStep: row.nextStep,
    nextStepOn: row.nextStepOn,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The people a pipeline's targets may be given to: the partner's program managers. */
export async function listOwners(deps: Deps, options: { actor: Actor | null; partnerId: string }) {
  await requirePipeline(deps.db.kysely, options.actor, options.partnerId);
  return repo.listManagers(deps.db.kysely, options.partnerId);
}

/** The board: one course's targets in a column per stage, with what the page around it needs. */
export async function getBoard(
  deps: Deps,
  options: { actor: Actor | null; partnerId: string; query: unknown },
) {
  const db = deps.db.kysely;
  const { partner } = await requirePipeline(db, options.actor, options.partnerId);
  const query = parseInput(pipelineQuerySchema, options.query);
  const year = await pipelineYear(db, partner, query.year);
  const { courses, course } = await courseOrFirst(db, query.course);
  const rows = await repo.listTargets(db, {
    partnerId: partner.id,
    programYearId: year.id,
    courseId: course.id,
  });
  const columns = Object.fromEntries(RECRUITMENT_STAGES.map((stage) => [stage, [] as Target[]])) as Record<
    RecruitmentStage,
    Target[]
  >;
  for (const row of rows) columns[row.stage].push(toTarget(row));
  return { partner, year, courses, course, columns };
}

/** The list of a pipeline's targets, a page at a time, searched and filtered as the address asks. */
export async function listTargetPage(
  deps: Deps,
  options: { actor: Actor | null; partnerId: string; query: unknown },
): Promise<{ partner: Partner; year: ProgramYear; courses: RecruitmentCourse[]; page: Paged<Target> }> {
  const db = deps.db.kysely;
  const { partner } = await requirePipeline(db, options.actor, options.partnerId);
  const query = parseInput(targetQuerySchema, options.query);
  const year = await pipelineYear(db, partner, query.year);
  if (query.course) await requireCourse(db, query.course, 'course');
  const page = await repo.pageTargets(
    db,
    {
      partnerId: partner.id,
      programYearId: year.id,
      courseId: query.course,
      stage: query.stage,
      kind: query.kind,
    },
    query.table,
  );
  return {
    partner,
    year,
    courses: await repo.listRecruitmentCourses(db),
    page: { ...page, rows: page.rows.map(toTarget) },
  };
}

/** The list as a spreadsheet: every target the filters keep (no paging), by name. */
export async function exportTargets(
  deps: Deps,
  options: { actor: Actor | null; partnerId: string; query: unknown },
): Promise<CsvExport> {
  const db = deps.db.kysely;
  const { partner } = await requirePipeline(db, options.actor, options.partnerId);
  const query = parseInput(targetQuerySchema, options.query);
  const year = await pipelineYear(db, partner, query.year);
  if (query.course) await requireCourse(db, query.course, 'course');
  const rows = await repo.listTargets(
    db,
    {
      partnerId: partner.id,
      programYearId: year.id,
      courseId: query.course,
      stage: query.stage,
      kind: query.kind,
    },
    query.table.q,
  );
  return {
    filename: `recruitment-${year.name}${query.course ? `-${query.course}` : ''}.csv`,
    columns: [
      'Course',
      'Kind',
      'NCES id',
      'Name',
      'District',
      'City',
      'State',
      'Stage',
      'Owner',
      'Next step',
      'Next step on',
      'Notes',
      'Last changed (UTC)',
    ],
    records: rows
      .map(toTarget)
      .map((target) => [
        target.courseName,
        target.kind === 'district' ? 'District' : 'School',
        target.ncesId ?? '',
        target.name,
        target.districtName ?? '',
        target.city ?? '',
        target.state,
        stageLabel(target.stage),
        target.owner?.email ?? '',
        target.nextStep ?? '',
        target.nextStepOn ?? '',
        target.notes,
        target.updatedAt.slice(0, 16).replace('T', ' '),
      ]),
  };
}

/** Districts and schools whose name starts with what was typed, to add to the pipeline. */
export async function searchDirectory(
  deps: Deps,
  options: { actor: Actor | null; partnerId: string; query: unknown },
) {
  await requirePipeline(deps.db.kysely, options.actor, options.partnerId);
  const { q } = parseInput(directorySearchSchema, options.query);
  return repo.searchDirectory(deps.db.kysely, q);
}

/** A district or school of the directory becomes a prospect of the partner's pipeline for a year and course. */
export async function addTarget(
  deps: Deps,
  options: { actor: Actor | null; partnerId: string; input: unknown },
): Promise<Target> {
  const db = deps.db.kysely;
  const { actor, partner } = await requirePipeline(db, options.actor, options.partnerId);
  const input = parseInput(targetInputSchema, options.input);
  const year = await pipelineYear(db, partner, input.programYear);
  const course = await requireCourse(db, input.courseId);
  const entry = await repo.findDirectoryEntry(db, input.kind, input.directoryId);
  if (!entry) {
    const what = input.kind === 'district' ? 'district with the NCES id' : 'school with the id';
    throw recruitmentError(
      'DIRECTORY_ENTRY_NOT_FOUND',
      `The directory has no ${what} ${input.directoryId}.`,
      [{ path: 'directoryId', message: `Choose a ${input.kind} from the directory.` }],
    );
  }
  if (entry.closed) {
    throw invalidInput(
      [{ path: 'directoryId', message: `${entry.name} is closed; choose an open school.` }],
      `${entry.name} is marked closed in the directory.`,
    );
  }
  try {
    const id = await repo.insertTarget(
      db,
      {
        partnerId: partner.id,
        programYearId: year.id,
        courseId: course.id,
        kind: input.kind,
        directoryId: entry.directoryId,
        notes: input.notes ?? '',
      },
      stamp(actor),
    );
    return toTarget((await repo.findTarget(db, id)) as repo.TargetRow);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw recruitmentError(
      'TARGET_ALREADY_IN_PIPELINE',
      `${entry.name} is already in the ${course.name} pipeline for ${year.name}.`,
    );
  }
}

/** A target, for staff and its partner's program managers only. */
async function requireTarget(db: Db, actor: Actor | null, id: string) {
  const row = await repo.findTarget(db, id);
  if (!row) throw recruitmentError('TARGET_NOT_FOUND', 'There is no such target in any pipeline.');
  const signedIn = requirePartnerAccess(actor, row.partnerId);
  return { actor: signedIn, row };
}

export async function getTarget(
  deps: Deps,
  options: { actor: Actor | null; id: string },
): Promise<TargetDetail> {
  const db = deps.db.kysely;
  const { row } = await requireTarget(db, options.actor, options.id);
  return { ...toTarget(row), history: await repo.listEvents(db, row.id) };
}

/**
 * Changes what the body names of a target (its stage, owner, notes, next step and its date) and writes each
 * change into its history with who made it; a body that changes nothing writes nothing.
 */
export async function changeTarget(
  deps: Deps,
  options: { actor: Actor | null; id: string; input: unknown },
): Promise<TargetDetail> {
  const db = deps.db.kysely;
  const { actor, row } = await requireTarget(db, options.actor, options.id);
  const input = parseInput(targetPatchSchema, options.input);
  const change: repo.TargetChange = {};
  const notes: string[] = [];
  if (input.owner !== undefined && input.owner !== row.ownerUserId) {
    const owner = input.owner
      ? (await repo.listManagers(db, row.partnerId)).find((one) => one.id === input.owner)
      : null;
    if (owner === undefined) {
      throw invalidInput([
        { path: 'owner', message: 'Choose one of the partner’s program managers as the owner.' },
      ]);
    }
    change.ownerUserId = owner?.id ?? null;
    notes.push(owner ? `Owner: ${owner.name || owner.email}` : 'No owner');
  }
  if (input.notes !== undefined && input.notes !== row.notes) {
    change.notes = input.notes;
    notes.push('Notes changed');
  }
  if (input.nextStep !== undefined && (input.nextStep ?? null) !== row.nextStep) {
    change.nextStep = input.nextStep ?? null;
    notes.push(input.nextStep ? `Next step: ${input.nextStep}` : 'No next step');
  }
  if (input.nextStepOn !== undefined && (input.nextStepOn ?? null) !== row.nextStepOn) {
    change.nextStepOn = input.nextStepOn ?? null;
    notes.push(input.nextStepOn ? `Next step on ${input.nextStepOn}` : 'No date for the next step');
  }
  const moved = input.stage !== undefined && input.stage !== row.stage;
  if (moved) change.stage = input.stage;
  if (!moved && notes.length === 0) return getTarget(deps, options);
  try {
    await repo.updateTarget(
      db,
      row.id,
      change,
      {
        fromStage: moved ? row.stage : null,
        toStage: moved ? (input.stage ?? null) : null,
        note: [
          moved ? `${stageLabel(row.stage)} → ${stageLabel(input.stage as RecruitmentStage)}` : '',
          ...notes,
        ]
          .filter(Boolean)
          .join('; '),
      },
      stamp(actor),
    );
  } catch (error) {
    if (!(error instanceof repo.StaleTarget)) throw error;
    throw new AppError(
      'CONFLICT',
      'Someone else moved this target just now. Look at its stage and try again.',
    );
  }
  return getTarget(deps, options);
}
