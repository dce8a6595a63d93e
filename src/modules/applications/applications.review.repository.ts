import { sql, type Kysely } from 'kysely';
import { isPostgres } from '../../db/column-types.js';
import { fetchPage } from '../../db/paging.js';
import type { ApplicationStatus, Database } from '../../db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';
import type { Paged, TableQuery } from '../../platform/ui/table-query.js';
import { selectApplicationSummaries, statesOf } from './applications.repository.js';

/* What reviewers read and write: the queue, scores, notes. */

/**
 * An application's average score: for each criterion of the year's rubric, the mean of the scores reviewers
 * gave it, summed over the criteria scored so far (each score divided by how many reviewers scored its
 * criterion). With every reviewer scoring every criterion it is the mean of the reviewers' totals; with partial
 * scores it counts only what is scored. Null when nobody scored. The one definition, for the queue (where it
 * also sorts) and the review.
 */
const averageTotal = sql<number | string | null>`(
  select sum(s.score * 1.0 / (
    select count(*) from application_scores s2
    where s2.application_id = s.application_id and s2.criterion_id = s.criterion_id))
  from application_scores s
  inner join rubric_criteria c on c.id = s.criterion_id and c.active = 1
  where s.application_id = partner_applications.id)`;

/** To two decimals; PostgreSQL sends a numeric as text. */
function rounded(value: number | string | null): number | null {
  return value === null ? null : Math.round(Number(value) * 100) / 100;
}

export interface QueueFilter {
  programYearId: string;
  status?: ApplicationStatus | undefined;
  state?: string | undefined;
}

/** One page of a year's queue: everything submitted, never a draft, searched and sorted as the table asks. */
export async function listQueue(
  db: Kysely<Database>,
  filter: QueueFilter,
  table: TableQuery<'organization' | 'status' | 'score' | 'updated'>,
) {
  let query = selectApplicationSummaries(db)
    .select(averageTotal.as('averageTotal'))
    .where('partnerApplications.programYearId', '=', filter.programYearId)
    .where('partnerApplications.status', '!=', 'draft');
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
  const page = await fetchPage(query, table, {
    // The average is the select's own column: both databases sort by an output column's name.
    sortBy: {
      organization: 'lead.name',
      status: 'partnerApplications.status',
      score: 'averageTotal',
      updated: 'partnerApplications.updatedAt',
    },
    search: ['lead.name', 'users.email', 'partnerApplications.contactName'],
    tieBreaker: 'partnerApplications.id',
  });
  const states = await statesOf(
    db,
    page.rows.map((row) => row.id),
  );
  return {
    ...page,
    rows: page.rows.map((row) => ({
      ...row,
      averageTotal: rounded(row.averageTotal),
      states: states.get(row.id) ?? [],
    })),
  } satisfies Paged<unknown>;
}

/** A year's applications by status, drafts left out (they are nobody's to review). */
export async function countByStatus(
  db: Kysely<Database>,
  programYearId: string,
): Promise<Partial<Record<ApplicationStatus, number>>> {
  const rows = await db
    .selectFrom('partnerApplications')
    .select(['status', (eb) => eb.fn.countAll().as('count')])
    .where('programYearId', '=', programYearId)
    .where('status', '!=', 'draft')
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}

export async function averageScore(db: Kysely<Database>, applicationId: string): Promise<number | null> {
  const row = await db
    .selectFrom('partnerApplications')
    .select(averageTotal.as('averageTotal'))
    .where('id', '=', applicationId)
    .executeTakeFirst();
  return rounded(row?.averageTotal ?? null);
}

/** Each score replaces only the same reviewer's earlier score of that criterion. */
export async function saveScores(
  db: Kysely<Database>,
  applicationId: string,
  reviewerId: string,
  scores: Map<string, number>,
) {
  const now = nowIso();
  for (const [criterionId, score] of scores) {
    await db
      .insertInto('applicationScores')
      .values({ applicationId, criterionId, reviewerId, score, updatedAt: now })
      .onConflict((conflict) =>
        conflict
          .columns(['applicationId', 'criterionId', 'reviewerId'])
          .doUpdateSet({ score, updatedAt: now }),
      )
      .execute();
  }
}

/** The scores of the year's current rubric (a retired criterion's scores no longer count). */
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
    .orderBy('rubricCriteria.position')
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
    .orderBy('id')
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
