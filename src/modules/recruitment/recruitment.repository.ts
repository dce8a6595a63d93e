import { sql, type Kysely } from 'kysely';
import { fetchPage } from '../../db/paging.js';
import type { Database, RecruitmentStage, TargetKind } from '../../db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';
import type { Paged, TableQuery } from '../../platform/ui/table-query.js';
import { searchKey } from '../schools/schools.schemas.js';
import type { TargetSort } from './recruitment.schemas.js';

type Db = Kysely<Database>;

/** The courses partners recruit for, in the courses' order. */
export function listRecruitmentCourses(db: Db) {
  return db
    .selectFrom('courses')
    .select(['id', 'name'])
    .where('kind', '=', 'course')
    .where('inRecruitment', '=', 1)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

/** The partner's program managers: the people a target may be given to. */
export function listManagers(db: Db, partnerId: string) {
  return db
    .selectFrom('userRoles')
    .innerJoin('users', 'users.id', 'userRoles.userId')
    .select(['users.id', 'users.name', 'users.email'])
    .where('userRoles.role', '=', 'program_manager')
    .where('userRoles.partnerId', '=', partnerId)
    .orderBy('users.name')
    .orderBy('users.email')
    .execute();
}

/**
 * Names starting with `prefix` as an index range over `name_key` (`>= prefix` and `< prefix` followed by the
 * highest character), then the `like` that makes the match exact whatever the database's collation orders.
 */
function prefixRange(prefix: string) {
  const key = searchKey(prefix);
  const pattern = `${key.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  return { low: key, high: `${key}\u{10ffff}`, pattern };
}

export interface DirectoryEntry {
  kind: TargetKind;
  directoryId: string;
  name: string;
  city: string | null;
  state: string;
  districtName: string | null;
}

const SEARCH_LIMIT = 20;

/** Open districts and schools whose name starts with `prefix`, at most 20 of each. */
export async function searchDirectory(db: Db, prefix: string): Promise<DirectoryEntry[]> {
  const { low, high, pattern } = prefixRange(prefix);
  const [districts, schools] = await Promise.all([
    db
      .selectFrom('districts')
      .select(['ncesId', 'name', 'city', 'state'])
      .where('nameKey', '>=', low)
      .where('nameKey', '<', high)
      .where(sql<boolean>`name_key like ${pattern} escape '\\'`)
      .orderBy('nameKey')
      .orderBy('ncesId')
      .limit(SEARCH_LIMIT)
      .execute(),
    db
      .selectFrom('schools')
      .select(['id', 'name', 'city', 'state', 'districtName'])
      .where('nameKey', '>=', low)
      .where('nameKey', '<', high)
      .where(sql<boolean>`name_key like ${pattern} escape '\\'`)
      .where('closed', '=', 0)
      .orderBy('nameKey')
      .orderBy('id')
      .limit(SEARCH_LIMIT)
      .execute(),
  ]);
  return [
    ...districts.map((row) => ({
      kind: 'district' as const,
      directoryId: row.ncesId,
      name: row.name,
      city: row.city,
      state: row.state,
      districtName: null,
    })),
    ...schools.map((row) => ({
      kind: 'school' as const,
      directoryId: row.id,
      name: row.name,
      city: row.city,
      state: row.state,
      districtName: row.districtName,
    })),
  ];
}

/** A district or school by its id, open or closed (the directory marks closed schools, never deletes them). */
export async function findDirectoryEntry(
  db: Db,
  kind: TargetKind,
  directoryId: string,
): Promise<(DirectoryEntry & { closed: boolean }) | undefined> {
  if (kind === 'district') {
    const row = await db
      .selectFrom('districts')
      .select(['ncesId', 'name', 'city', 'state'])
      .where('ncesId', '=', directoryId)
      .executeTakeFirst();
    return (
      row && {
        kind,
        directoryId: row.ncesId,
        name: row.name,
        city: row.city,
        state: row.state,
        districtName: null,
        closed: false,
      }
    );
  }
  const row = await db
    .selectFrom('schools')
    .select(['id', 'name', 'city', 'state', 'districtName', 'closed'])
    .where('id', '=', directoryId)
    .executeTakeFirst();
  return (
    row && {
      kind,
      directoryId: row.id,
      name: row.name,
      city: row.city,
      state: row.state,
      districtName: row.districtName,
      closed: row.closed === 1,
    }
  );
}

/** Runs `work` in the caller's transaction when there is one, else in a transaction of its own. */
function inTransaction(db: Db, work: (trx: Db) => Promise<void>): Promise<void> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Locks a target's row until the transaction ends (an update that changes nothing, as the workshops' gate does:
 * SQLite has no FOR UPDATE), and reads its stage: a move made from it then cannot meet another at once.
 */
export async function lockTarget(db: Db, id: string) {
  await db
    .updateTable('recruitmentTargets')
    .set((eb) => ({ updatedAt: eb.ref('updatedAt') }))
    .where('id', '=', id)
    .execute();
  return db.selectFrom('recruitmentTargets').select(['id', 'stage']).where('id', '=', id).executeTakeFirst();
}

/** A pipeline's target for a district or school, by its key, if it is in the pipeline. */
export function findTargetByKey(
  db: Db,
  key: { partnerId: string; programYearId: string; courseId: string; targetKey: string },
) {
  return db
    .selectFrom('recruitmentTargets')
    .select(['id', 'stage'])
    .where('partnerId', '=', key.partnerId)
    .where('programYearId', '=', key.programYearId)
    .where('courseId', '=', key.courseId)
    .where('targetKey', '=', key.targetKey)
    .executeTakeFirst();
}

export function targetKeyOf(kind: TargetKind, directoryId: string): string {
  return `${kind}:${directoryId}`;
}

export interface ActorStamp {
  actorId: string;
  actorEmail: string;
}

/** A new target in its first stage, and the history's first line, together. */
export async function insertTarget(
  db: Db,
  target: {
    partnerId: string;
    programYearId: string;
    courseId: string;
    kind: TargetKind;
    directoryId: string;
    notes: string;
    /** Where it starts: a prospect, unless it comes in committed already (an accepted teacher's school). */
    stage?: RecruitmentStage;
    /** The history's first line. */
    note?: string;
  },
  by: ActorStamp,
): Promise<string> {
  const id = newId();
  const now = nowIso();
  const stage = target.stage ?? 'prospect';
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto('recruitmentTargets')
      .values({
        id,
        partnerId: target.partnerId,
        programYearId: target.programYearId,
        courseId: target.courseId,
        kind: target.kind,
        districtNcesId: target.kind === 'district' ? target.directoryId : null,
        schoolId: target.kind === 'school' ? target.directoryId : null,
        targetKey: targetKeyOf(target.kind, target.directoryId),
        stage,
        ownerUserId: null,
        notes: target.notes,
        nextStep: null,
        nextStepOn: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    await trx
      .insertInto('targetEvents')
      .values({
        id: newId(),
        targetId: id,
        ...by,
        fromStage: null,
        toStage: stage,
        note: target.note ?? 'Added to the pipeline',
        at: now,
        seq: 1,
      })
      .execute();
  });
  return id;
}

export interface TargetChange {
  stage?: RecruitmentStage;
  ownerUserId?: string | null;
  notes?: string;
  nextStep?: string | null;
  nextStepOn?: string | null;
}

/** Changes a target and writes what changed into its history, together; the stage moves from what it was. */
export async function updateTarget(
  db: Db,
  id: string,
  change: TargetChange,
  event: { fromStage: RecruitmentStage | null; toStage: RecruitmentStage | null; note: string },
  by: ActorStamp,
): Promise<void> {
  const now = nowIso();
  await inTransaction(db, async (trx) => {
    let update = trx
      .updateTable('recruitmentTargets')
      .set({ ...change, updatedAt: now })
      .where('id', '=', id);
    // Two people moving the same card at once: the second one's "from" is the first one's "to".
    if (event.fromStage) update = update.where('stage', '=', event.fromStage);
    const result = await update.executeTakeFirst();
    if (result.numUpdatedRows !== 1n) throw new StaleTarget();
    // The update holds the target's row until commit, so no other change of it can take the same number.
    const last = await trx
      .selectFrom('targetEvents')
      .select((eb) => eb.fn.max<number | string | null>('seq').as('seq'))
      .where('targetId', '=', id)
      .executeTakeFirst();
    await trx
      .insertInto('targetEvents')
      .values({ id: newId(), targetId: id, ...by, ...event, at: now, seq: Number(last?.seq ?? 0) + 1 })
      .execute();
  });
}

/** The target changed (or went) between reading it and writing it. */
export class StaleTarget extends Error {}

function targetRows(db: Db) {
  return db
    .selectFrom('recruitmentTargets as t')
    .innerJoin('programYears', 'programYears.id', 't.programYearId')
    .innerJoin('courses', 'courses.id', 't.courseId')
    .leftJoin('districts', 'districts.ncesId', 't.districtNcesId')
    .leftJoin('schools', 'schools.id', 't.schoolId')
    .leftJoin('users as owner', 'owner.id', 't.ownerUserId')
    .select((eb) => [
      't.id',
      't.partnerId',
      't.programYearId',
      'programYears.name as programYear',
      't.courseId',
      'courses.name as courseName',
      't.kind',
      't.districtNcesId',
      't.schoolId',
      'schools.ncesId as schoolNcesId',
      eb.fn.coalesce('districts.name', 'schools.name').as('targetName'),
      eb.fn.coalesce('districts.city', 'schools.city').as('city'),
      eb.fn.coalesce('districts.state', 'schools.state').as('state'),
      'schools.districtName',
      't.stage',
      // The stages' own order, for sorting by stage.
      sql<number>`case t.stage when 'prospect' then 1 when 'contacted' then 2 when 'interested' then 3 when 'committed' then 4 else 5 end`.as(
        'stageOrder',
      ),
      't.ownerUserId',
      'owner.name as ownerName',
      'owner.email as ownerEmail',
      't.notes',
      't.nextStep',
      't.nextStepOn',
      't.createdAt',
      't.updatedAt',
    ]);
}

export type TargetRow = Awaited<ReturnType<ReturnType<typeof targetRows>['executeTakeFirstOrThrow']>>;

export function findTarget(db: Db, id: string): Promise<TargetRow | undefined> {
  return targetRows(db).where('t.id', '=', id).executeTakeFirst();
}

export interface PipelineFilter {
  partnerId: string;
  programYearId: string;
  courseId?: string | undefined;
  stage?: RecruitmentStage | undefined;
  kind?: TargetKind | undefined;
}

function filtered(db: Db, filter: PipelineFilter) {
  let query = targetRows(db)
    .where('t.partnerId', '=', filter.partnerId)
    .where('t.programYearId', '=', filter.programYearId);
  if (filter.courseId) query = query.where('t.courseId', '=', filter.courseId);
  if (filter.stage) query = query.where('t.stage', '=', filter.stage);
  if (filter.kind) query = query.where('t.kind', '=', filter.kind);
  return query;
}

/** Every target of a pipeline, by name: the board, and the CSV export. */
export function listTargets(db: Db, filter: PipelineFilter, q = ''): Promise<TargetRow[]> {
  let query = filtered(db, filter);
  if (q) {
    const pattern = `%${q
      .trim()
      .toLowerCase()
      .replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    query = query.where(
      sql<boolean>`(lower(districts.name) like ${pattern} escape '\\' or lower(schools.name) like ${pattern} escape '\\')`,
    );
  }
  return query.orderBy('targetName').orderBy('t.id').execute();
}

export function pageTargets(
  db: Db,
  filter: PipelineFilter,
  table: TableQuery<TargetSort>,
): Promise<Paged<TargetRow>> {
  return fetchPage(filtered(db, filter), table, {
    sortBy: {
      name: 'targetName',
      stage: ['stageOrder', 'targetName'],
      nextStepOn: 't.nextStepOn',
      updated: 't.updatedAt',
    },
    search: ['districts.name', 'schools.name'],
    tieBreaker: 't.id',
  });
}

export function listEvents(db: Db, targetId: string) {
  return db
    .selectFrom('targetEvents')
    .select(['actorEmail', 'fromStage', 'toStage', 'note', 'at'])
    .where('targetId', '=', targetId)
    .orderBy('seq')
    .execute();
}

/** Every stage move of a year's targets (of some partners), oldest first: what progress over time counts. */
export function listStageMoves(db: Db, options: { partnerIds: readonly string[]; programYearId: string }) {
  if (options.partnerIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('targetEvents')
    .innerJoin('recruitmentTargets as t', 't.id', 'targetEvents.targetId')
    .select([
      't.id as targetId',
      'targetEvents.seq',
      't.partnerId',
      't.courseId',
      't.kind',
      'targetEvents.toStage',
      'targetEvents.at',
    ])
    .where('t.partnerId', 'in', options.partnerIds)
    .where('t.programYearId', '=', options.programYearId)
    .where('targetEvents.toStage', 'is not', null)
    .orderBy('targetEvents.at')
    .orderBy('targetEvents.targetId')
    .orderBy('targetEvents.seq')
    .execute();
}

/** Targets now committed, counted per partner, course and kind. */
export function countCommitted(db: Db, options: { partnerIds: readonly string[]; programYearId: string }) {
  if (options.partnerIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('recruitmentTargets')
    .select((eb) => ['partnerId', 'courseId', 'kind', eb.fn.countAll<number | string>().as('count')])
    .where('partnerId', 'in', options.partnerIds)
    .where('programYearId', '=', options.programYearId)
    .where('stage', '=', 'committed')
    .groupBy(['partnerId', 'courseId', 'kind'])
    .execute();
}

export function listGoals(db: Db, options: { partnerIds: readonly string[]; programYearId: string }) {
  if (options.partnerIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('recruitmentGoals')
    .select(['partnerId', 'courseId', 'districtsCommitted', 'schoolsCommitted', 'teachersAccepted'])
    .where('partnerId', 'in', options.partnerIds)
    .where('programYearId', '=', options.programYearId)
    .execute();
}

/** Sets a partner's goals for a year and course, replacing the ones before (one row per partner, year, course). */
export async function saveGoals(
  db: Db,
  goals: {
    partnerId: string;
    programYearId: string;
    courseId: string;
    districtsCommitted: number;
    schoolsCommitted: number;
    teachersAccepted: number;
  },
  updatedBy: string,
): Promise<void> {
  const counts = {
    districtsCommitted: goals.districtsCommitted,
    schoolsCommitted: goals.schoolsCommitted,
    teachersAccepted: goals.teachersAccepted,
    updatedBy,
    updatedAt: nowIso(),
  };
  await db
    .insertInto('recruitmentGoals')
    .values({ id: newId(), ...goals, ...counts })
    .onConflict((oc) => oc.columns(['partnerId', 'programYearId', 'courseId']).doUpdateSet(counts))
    .execute();
}
