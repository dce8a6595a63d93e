import type { Kysely, Selectable } from 'kysely';
import type { ApplicationStatus, Database, PartnerApplicationsTable } from '../../db/schema.js';
import { newId, nowIso } from '../../platform/ids.js';
import type { RegionUnit } from '../regions/geography.js';

/* An application and its parts, and what the applicant writes into a draft. */

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
      interviewStartsAt: null,
      interviewTimeZone: null,
      interviewNotes: null,
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  return id;
}

/** Deletes a draft with everything in it (its parts go with it); false when it is no longer a draft. */
export async function deleteDraft(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('partnerApplications')
    .where('id', '=', id)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return result.numDeletedRows === 1n;
}

export async function touch(
  db: Kysely<Database>,
  id: string,
  set: Partial<Pick<PartnerApplicationsTable, 'contactName' | 'contactEmail'>> = {},
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

/** What a move writes beside the status: the partner an acceptance created, the interview it set. */
export type StatusChangeFields = Partial<
  Pick<PartnerApplicationsTable, 'partnerId' | 'interviewStartsAt' | 'interviewTimeZone' | 'interviewNotes'>
>;

/**
 * Moves an application from one of `from` to `to` and records who did it, unless another request moved it
 * first: the update only happens from the status read, and the previous status is returned when it did.
 */
export async function changeStatus(
  db: Kysely<Database>,
  options: {
    id: string;
    from: readonly ApplicationStatus[];
    to: ApplicationStatus;
    actor: { id: string; email: string };
    set?: StatusChangeFields;
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
      ...options.set,
      status: options.to,
      updatedAt: now,
      ...(options.to === 'submitted' ? { submittedAt: now } : {}),
    })
    .where('id', '=', options.id)
    .where('status', '=', current.status)
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) return undefined;
  await insertEvent(db, {
    applicationId: options.id,
    from: current.status,
    to: options.to,
    actor: options.actor,
  });
  return current.status;
}

export async function recordCreated(db: Kysely<Database>, id: string, actor: { id: string; email: string }) {
  await insertEvent(db, { applicationId: id, from: null, to: 'draft', actor });
}

async function insertEvent(
  db: Kysely<Database>,
  event: {
    applicationId: string;
    from: ApplicationStatus | null;
    to: ApplicationStatus;
    actor: { id: string; email: string };
  },
) {
  await db
    .insertInto('applicationEvents')
    .values({
      id: newId(),
      applicationId: event.applicationId,
      fromStatus: event.from,
      toStatus: event.to,
      actorId: event.actor.id,
      actorEmail: event.actor.email,
      at: nowIso(),
    })
    .execute();
}

/**
 * Applications as lists show them: status, year, applicant and the lead organization (the first, position 0),
 * for the applicant's own list and the staff queue alike.
 */
export function selectApplicationSummaries(db: Kysely<Database>) {
  return db
    .selectFrom('partnerApplications')
    .innerJoin('programYears', 'programYears.id', 'partnerApplications.programYearId')
    .innerJoin('users', 'users.id', 'partnerApplications.applicantId')
    .leftJoin('applicationOrganizations as lead', (join) =>
      join.onRef('lead.applicationId', '=', 'partnerApplications.id').on('lead.position', '=', 0),
    )
    .select([
      'partnerApplications.id',
      'partnerApplications.status',
      'partnerApplications.updatedAt',
      'programYears.name as programYear',
      'users.email as applicantEmail',
      'lead.name as leadOrganization',
    ]);
}

/** One person's applications, the latest first, drafts included. */
export async function listApplicantApplications(db: Kysely<Database>, applicantId: string) {
  const rows = await selectApplicationSummaries(db)
    .where('partnerApplications.applicantId', '=', applicantId)
    .orderBy('partnerApplications.updatedAt', 'desc')
    .orderBy('partnerApplications.id')
    .execute();
  const states = await statesOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({ ...row, states: states.get(row.id) ?? [] }));
}

/** The states each application proposes regions in, sorted. */
export async function statesOf(db: Kysely<Database>, ids: string[]): Promise<Map<string, string[]>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('applicationRegions')
    .select(['applicationId', 'state'])
    .distinct()
    .where('applicationId', 'in', ids)
    .orderBy('state')
    .execute();
  const byApplication = new Map<string, string[]>();
  for (const row of rows)
    byApplication.set(row.applicationId, [...(byApplication.get(row.applicationId) ?? []), row.state]);
  return byApplication;
}
