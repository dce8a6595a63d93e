import type { Kysely, Selectable } from 'kysely';
import { isPostgres } from '../../db/column-types.js';
import type { ApplicationStatus, Database, PartnerApplicationsTable } from '../../db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';
import type { RegionUnit } from '../regions/geography.js';
import type { Criterion, Question } from './applications.schemas.js';

export type ApplicationRow = Selectable<PartnerApplicationsTable> & {
  programYear: string;
  pmFteHundredths: number;
  applicantEmail: string;
};

export async function findApplication(db: Kysely<Database>, id: string): Promise<ApplicationRow | undefined> {
  return db
    .selectFrom('partnerApplications')
    .innerJoin('programYears', 'programYears.id', 'partnerApplications.programYearId')
    .innerJoin('users', 'users.id', 'partnerApplications.applicantId')
    .selectAll('partnerApplications')
    .select([
      'programYears.name as programYear',
      'programYears.pmFteHundredths',
      'users.email as applicantEmail',
    ])
    .where('partnerApplications.id', '=', id)
    .executeTakeFirst();
}

export async function applicationParts(db: Kysely<Database>, id: string) {
  const [organizations, regions, staff, answers, events] = await Promise.all([
    db
      .selectFrom('applicationOrganizations')
      .select(['name', 'role', 'country', 'state'])
      .where('applicationId', '=', id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('applicationRegions')
      .select(['unit', 'unitKind', 'state'])
      .where('applicationId', '=', id)
      .orderBy('unit')
      .execute(),
    db
      .selectFrom('applicationStaff')
      .select(['name', 'email', 'fteHundredths'])
      .where('applicationId', '=', id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('applicationAnswers')
      .select(['questionId', 'answer'])
      .where('applicationId', '=', id)
      .execute(),
    db
      .selectFrom('applicationEvents')
      .select(['fromStatus', 'toStatus', 'actorEmail', 'at'])
      .where('applicationId', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute(),
  ]);
  return { organizations, regions, staff, answers, events };
}

export async function insertApplication(
  db: Kysely<Database>,
  row: { programYearId: string; applicantId: string; contactName: string; contactEmail: string },
): Promise<string> {
  const id = newId();
  const now = nowIso();
  await db
    .insertInto('partnerApplications')
    .values({
      id,
      ...row,
      status: 'draft',
      partnerName: null,
      partnerId: null,
      submittedAt: null,
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  return id;
}

export async function touch(
  db: Kysely<Database>,
  id: string,
  set: Partial<Pick<PartnerApplicationsTable, 'contactName' | 'contactEmail' | 'partnerName'>> = {},
) {
  await db
    .updateTable('partnerApplications')
    .set({ ...set, updatedAt: nowIso() })
    .where('id', '=', id)
    .execute();
}

export async function replaceOrganizations(
  db: Kysely<Database>,
  applicationId: string,
  organizations: { name: string; role: string; country: string; state: string }[],
) {
  await db.deleteFrom('applicationOrganizations').where('applicationId', '=', applicationId).execute();
  for (const [position, organization] of organizations.entries()) {
    await db
      .insertInto('applicationOrganizations')
      .values({ id: newId(), applicationId, position, ...organization })
      .execute();
  }
}

export async function replaceRegions(db: Kysely<Database>, applicationId: string, units: RegionUnit[]) {
  await db.deleteFrom('applicationRegions').where('applicationId', '=', applicationId).execute();
  for (const unit of units) {
    await db
      .insertInto('applicationRegions')
      .values({ id: newId(), applicationId, unitKind: unit.kind, unit: unit.unit, state: unit.state })
      .execute();
  }
}

export async function replaceStaff(
  db: Kysely<Database>,
  applicationId: string,
  staff: { name: string; email: string; fteHundredths: number }[],
) {
  await db.deleteFrom('applicationStaff').where('applicationId', '=', applicationId).execute();
  for (const [position, person] of staff.entries()) {
    await db
      .insertInto('applicationStaff')
      .values({ id: newId(), applicationId, position, ...person })
      .execute();
  }
}

export async function replaceAnswers(
  db: Kysely<Database>,
  applicationId: string,
  answers: Map<string, string>,
) {
  await db.deleteFrom('applicationAnswers').where('applicationId', '=', applicationId).execute();
  for (const [questionId, answer] of answers) {
    if (answer === '') continue;
    await db.insertInto('applicationAnswers').values({ applicationId, questionId, answer }).execute();
  }
}

/** Moves an application from one status to another, unless another request moved it first (the count says). */
export async function changeStatus(
  db: Kysely<Database>,
  options: {
    id: string;
    from: readonly ApplicationStatus[];
    to: ApplicationStatus;
    actor: { id: string; email: string };
    partnerId?: string;
  },
): Promise<ApplicationStatus | undefined> {
  const current = await db
    .selectFrom('partnerApplications')
    .select('status')
    .where('id', '=', options.id)
    .executeTakeFirst();
  if (!current || !options.from.includes(current.status)) return undefined;
  const now = nowIso();
  const result = await db
    .updateTable('partnerApplications')
    .set({
      status: options.to,
      updatedAt: now,
      ...(options.to === 'submitted' ? { submittedAt: now } : {}),
      ...(options.partnerId ? { partnerId: options.partnerId } : {}),
    })
    .where('id', '=', options.id)
    .where('status', '=', current.status)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return undefined;
  await db
    .insertInto('applicationEvents')
    .values({
      id: newId(),
      applicationId: options.id,
      fromStatus: current.status,
      toStatus: options.to,
      actorId: options.actor.id,
      actorEmail: options.actor.email,
      at: now,
    })
    .execute();
  return current.status;
}

export async function recordCreated(db: Kysely<Database>, id: string, actor: { id: string; email: string }) {
  await db
    .insertInto('applicationEvents')
    .values({
      id: newId(),
      applicationId: id,
      fromStatus: null,
      toStatus: 'draft',
      actorId: actor.id,
      actorEmail: actor.email,
      at: nowIso(),
    })
    .execute();
}

export async function listApplications(
  db: Kysely<Database>,
  filter: { applicantId?: string; programYearId?: string; status?: ApplicationStatus; state?: string },
) {
  let query = db
    .selectFrom('partnerApplications')
    .innerJoin('programYears', 'programYears.id', 'partnerApplications.programYearId')
    .innerJoin('users', 'users.id', 'partnerApplications.applicantId')
    .select([
      'partnerApplications.id',
      'partnerApplications.status',
      'partnerApplications.updatedAt',
      'programYears.name as programYear',
      'users.email as applicantEmail',
    ])
    .orderBy('partnerApplications.updatedAt', 'desc');
  if (filter.applicantId !== undefined)
    query = query.where('partnerApplications.applicantId', '=', filter.applicantId);
  if (filter.programYearId !== undefined)
    query = query.where('partnerApplications.programYearId', '=', filter.programYearId);
  if (filter.status !== undefined) query = query.where('partnerApplications.status', '=', filter.status);
  if (filter.state !== undefined) {
    const state = filter.state;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('applicationRegions')
          .select('applicationRegions.id')
          .whereRef('applicationRegions.applicationId', '=', 'partnerApplications.id')
          .where('applicationRegions.state', '=', state),
      ),
    );
  }
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const [leads, regions, scores] = await Promise.all([
    db
      .selectFrom('applicationOrganizations')
      .select(['applicationId', 'name'])
      .where('applicationId', 'in', ids)
      .where('position', '=', 0)
      .execute(),
    db
      .selectFrom('applicationRegions')
      .select(['applicationId', 'state'])
      .where('applicationId', 'in', ids)
      .execute(),
    db
      .selectFrom('applicationScores')
      .select(['applicationId', 'reviewerId', 'score'])
      .where('applicationId', 'in', ids)
      .execute(),
  ]);
  return rows.map((row) => ({
    ...row,
    leadOrganization: leads.find((lead) => lead.applicationId === row.id)?.name ?? null,
    states: [...new Set(regions.filter((r) => r.applicationId === row.id).map((r) => r.state))].sort(),
    averageTotal: averageOfTotals(scores.filter((s) => s.applicationId === row.id)),
  }));
}

/** The mean over reviewers of each reviewer's total, to two decimals; null when nobody scored. */
export function averageOfTotals(scores: { reviewerId: string; score: number }[]): number | null {
  const totals = new Map<string, number>();
  for (const s of scores) totals.set(s.reviewerId, (totals.get(s.reviewerId) ?? 0) + s.score);
  if (totals.size === 0) return null;
  const sum = [...totals.values()].reduce((a, b) => a + b, 0);
  return Math.round((sum / totals.size) * 100) / 100;
}

export async function listQuestions(db: Kysely<Database>, programYearId: string): Promise<Question[]> {
  return db
    .selectFrom('applicationQuestions')
    .select(['id', 'prompt'])
    .where('programYearId', '=', programYearId)
    .where('active', '=', 1)
    .orderBy('position')
    .execute();
}

export async function listCriteria(db: Kysely<Database>, programYearId: string): Promise<Criterion[]> {
  return db
    .selectFrom('rubricCriteria')
    .select(['id', 'title', 'maxScore'])
    .where('programYearId', '=', programYearId)
    .where('active', '=', 1)
    .orderBy('position')
    .execute();
}

/**
 * Replaces a year's questions and criteria. Old rows are retired (inactive), not deleted, so that answers and
 * scores already given keep what they answered; an unchanged prompt or title keeps its row.
 */
export async function replaceYearConfig(
  db: Kysely<Database>,
  programYearId: string,
  config: { questions: string[]; criteria: { title: string; maxScore: number }[] },
) {
  const oldQuestions = await db
    .selectFrom('applicationQuestions')
    .select(['id', 'prompt'])
    .where('programYearId', '=', programYearId)
    .execute();
  await db
    .updateTable('applicationQuestions')
    .set({ active: 0 })
    .where('programYearId', '=', programYearId)
    .execute();
  for (const [position, prompt] of config.questions.entries()) {
    const kept = oldQuestions.find((q) => q.prompt === prompt);
    if (kept) {
      await db
        .updateTable('applicationQuestions')
        .set({ active: 1, position })
        .where('id', '=', kept.id)
        .execute();
    } else {
      await db
        .insertInto('applicationQuestions')
        .values({ id: newId(), programYearId, prompt, position, active: 1 })
        .execute();
    }
  }
  const oldCriteria = await db
    .selectFrom('rubricCriteria')
    .select(['id', 'title', 'maxScore'])
    .where('programYearId', '=', programYearId)
    .execute();
  await db
    .updateTable('rubricCriteria')
    .set({ active: 0 })
    .where('programYearId', '=', programYearId)
    .execute();
  for (const [position, criterion] of config.criteria.entries()) {
    const kept = oldCriteria.find((c) => c.title === criterion.title && c.maxScore === criterion.maxScore);
    if (kept) {
      await db.updateTable('rubricCriteria').set({ active: 1, position }).where('id', '=', kept.id).execute();
    } else {
      await db
        .insertInto('rubricCriteria')
        .values({ id: newId(), programYearId, ...criterion, position, active: 1 })
        .execute();
    }
  }
}

export async function hasAnyConfig(db: Kysely<Database>, programYearId: string): Promise<boolean> {
  const [question, criterion] = await Promise.all([
    db
      .selectFrom('applicationQuestions')
      .select('id')
      .where('programYearId', '=', programYearId)
      .executeTakeFirst(),
    db
      .selectFrom('rubricCriteria')
      .select('id')
      .where('programYearId', '=', programYearId)
      .executeTakeFirst(),
  ]);
  return question !== undefined || criterion !== undefined;
}

export async function saveScores(
  db: Kysely<Database>,
  applicationId: string,
  reviewerId: string,
  scores: Map<string, number>,
) {
  await db
    .deleteFrom('applicationScores')
    .where('applicationId', '=', applicationId)
    .where('reviewerId', '=', reviewerId)
    .execute();
  const now = nowIso();
  for (const [criterionId, score] of scores) {
    await db
      .insertInto('applicationScores')
      .values({ applicationId, criterionId, reviewerId, score, updatedAt: now })
      .execute();
  }
}

export async function listScores(db: Kysely<Database>, applicationId: string) {
  return db
    .selectFrom('applicationScores')
    .innerJoin('users', 'users.id', 'applicationScores.reviewerId')
    .innerJoin('rubricCriteria', 'rubricCriteria.id', 'applicationScores.criterionId')
    .select([
      'applicationScores.criterionId',
      'applicationScores.reviewerId',
      'applicationScores.score',
      'users.email as reviewerEmail',
    ])
    .where('applicationScores.applicationId', '=', applicationId)
    .where('rubricCriteria.active', '=', 1)
    .orderBy('users.email')
    .execute();
}

export async function insertNote(
  db: Kysely<Database>,
  note: { applicationId: string; authorId: string; authorEmail: string; body: string },
) {
  await db
    .insertInto('applicationNotes')
    .values({ id: newId(), createdAt: nowIso(), ...note })
    .execute();
}

export async function listNotes(db: Kysely<Database>, applicationId: string) {
  return db
    .selectFrom('applicationNotes')
    .select(['authorEmail', 'body', 'createdAt'])
    .where('applicationId', '=', applicationId)
    .orderBy('createdAt')
    .execute();
}

/** Every assignment of a year in a state, to find holders of units containing or inside a proposed one. */
export async function listStateAssignments(db: Kysely<Database>, programYearId: string, state: string) {
  return db
    .selectFrom('regionAssignments')
    .innerJoin('partners', 'partners.id', 'regionAssignments.partnerId')
    .select(['regionAssignments.unit', 'regionAssignments.unitKind', 'partners.id', 'partners.name'])
    .where('regionAssignments.programYearId', '=', programYearId)
    .where('regionAssignments.state', '=', state)
    .execute();
}

/**
 * Holds the year's row until the transaction ends, so that acceptances into one year happen one after another
 * on PostgreSQL: the exclusivity check then sees what an acceptance that ran at the same moment committed, even
 * for a unit that only contains or lies inside the other's (the unique constraint catches the same unit only).
 * SQLite has one writer at a time already.
 */
export async function lockProgramYear(db: Kysely<Database>, programYearId: string): Promise<void> {
  if (!isPostgres(db)) return;
  await db.selectFrom('programYears').select('id').where('id', '=', programYearId).forUpdate().execute();
}
