import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/errors.js';
import type { Database } from '../../db/schema.js';
import { requireSignedIn, requireStaff, type Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { AppError, invalidInput, type FieldError } from '../../platform/errors.js';
import { nowIso } from '../../platform/ids.js';
import type { Paged } from '../../platform/ui/table-query.js';
import { parseInput } from '../../platform/validation.js';
import { grantRole } from '../accounts/accounts.service.js';
import { findCourse, listCourses } from '../courses/courses.service.js';
import type { Course } from '../courses/courses.schemas.js';
import { listListingPartners, requirePartner, requirePartnerAccess } from '../partners/partners.service.js';
import type { Partner } from '../partners/partners.schemas.js';
import { listProgramYears, resolveProgramYear } from '../program-years/program-years.service.js';
import { readYearAssignments } from '../regions/coverage.js';
import {
  allZips,
  distanceMiles,
  locateZip,
  normalizeZip,
  unitsServing,
  type Coordinates,
} from '../regions/geography.js';
import * as repo from './facilitators.repository.js';
import {
  applicationInputSchema,
  contractInputSchema,
  decisionInputSchema,
  queueQuerySchema,
  type ApprovedFacilitator,
  type Contract,
  type FacilitatorApplication,
  type PartnerFacilitator,
  type PartnerFacilitatorList,
} from './facilitators.schemas.js';
import { facilitatorError } from './facilitators.errors.js';
import { decisionMail } from './facilitators.mail.js';

type Deps = Pick<CoreDeps, 'db' | 'outbox' | 'config'>;

// ---------------------------------------------------------------------------------------------------------
// Applying

/**
 * A signed-in person applies to facilitate courses: their facilitator record (one per person) is created or
 * given the new ZIP and bio, and each course waits for staff. A course they are already approved for, or
 * waiting on, is refused beside the field.
 */
export async function applyToFacilitate(
  deps: Deps,
  options: { actor: Actor | null; input: unknown },
): Promise<{ id: string; facilitatorId: string }> {
  const actor = requireSignedIn(options.actor);
  const input = parseInput(applicationInputSchema, options.input);
  const db = deps.db.kysely;
  const courses = await listCourses(db);
  const courseIds = [...new Set(input.courseIds)];
  const errors: FieldError[] = [];
  const unknown = courseIds.filter((id) => !courses.some((course) => course.id === id));
  if (unknown.length > 0) {
    errors.push({ path: 'courseIds', message: 'Choose courses from the list: one of them is not a course.' });
  }
  const zip = normalizeZip(input.homeZip) ?? '';
  const location = locateZip(zip);
  if (!location) {
    errors.push({
      path: 'homeZip',
      message: `The ZIP code ${zip} is not in the US ZIP code dataset. Check it.`,
    });
  }
  if (errors.length > 0) {
    // An unknown ZIP alone is a 404 (the dataset lacks it), as everywhere else; any other problem is a 400.
    if (unknown.length === 0)
      throw facilitatorError('ZIP_NOT_FOUND', `We do not know the ZIP code ${zip}.`, errors);
    throw invalidInput(errors);
  }
  return db.transaction().execute(async (trx) => {
    const existing = await repo.findFacilitatorOfUser(trx, actor.id);
    if (existing) {
      const [qualified, pending] = await Promise.all([
        repo.standingCourseIds(trx, existing.id),
        repo.pendingCourseIds(trx, existing.id),
      ]);
      const nameOf = (id: string) => courses.find((course) => course.id === id)?.name ?? id;
      const messages = [
        ...courseIds
          .filter((id) => qualified.includes(id))
          .map((id) => `You are already approved for ${nameOf(id)}.`),
        ...courseIds
          .filter((id) => pending.includes(id))
          .map((id) => `Your application for ${nameOf(id)} is already waiting for program staff.`),
      ];
      if (messages.length > 0) {
        throw new AppError(
          'CONFLICT',
          messages.join(' '),
          messages.map((message) => ({ path: 'courseIds', message })),
        );
      }
    }
    const facilitatorId = await repo.saveFacilitator(trx, {
      userId: actor.id,
      homeZip: zip,
      latitude: location?.coordinates?.latitude ?? null,
      longitude: location?.coordinates?.longitude ?? null,
      bio: input.bio,
    });
    const id = await repo.insertApplication(trx, { facilitatorId, bio: input.bio, courseIds });
    return { id, facilitatorId };
  });
}

/** The signed-in person's own applications, newest first, with the decision on each course. */
export async function listOwnApplications(
  db: Kysely<Database>,
  options: { actor: Actor | null },
): Promise<FacilitatorApplication[]> {
  const actor = requireSignedIn(options.actor);
  return repo.listApplicationsOfUser(db, actor.id);
}

// ---------------------------------------------------------------------------------------------------------
// Staff decide

export async function listWaitingApplications(
  db: Kysely<Database>,
  options: { actor: Actor | null; query: unknown },
): Promise<Paged<FacilitatorApplication>> {
  requireStaff(options.actor);
  const { table } = parseInput(queueQuerySchema, options.query);
  return repo.pageWaitingApplications(db, table);
}

/** How many applications have a course waiting for staff (the staff dashboard). */
export async function countWaitingApplications(
  db: Kysely<Database>,
  options: { actor: Actor | null },
): Promise<number> {
  requireStaff(options.actor);
  return repo.countWaitingApplications(db);
}

/** An application, for staff (and for the question asked before declining a course of it). */
export async function getApplication(
  db: Kysely<Database>,
  options: { actor: Actor | null; id: string },
): Promise<FacilitatorApplication> {
  requireStaff(options.actor);
  const application = await repo.findApplication(db, options.id);
  if (!application) {
    throw facilitatorError('FACILITATOR_APPLICATION_NOT_FOUND', 'There is no such facilitator application.');
  }
  return application;
}

/**
 * Staff approve or decline one course of an application, once: approval grants a standing qualification
 * (with who and when) and the facilitator role. The applicant is told by mail, in the same transaction.
 */
export async function decideApplicationCourse(
  deps: Deps,
  options: { actor: Actor | null; id: string; input: unknown },
): Promise<{
  applicationId: string;
  courseId: string;
  decision: 'approved' | 'declined';
  decidedAt: string;
}> {
  const actor = requireStaff(options.actor);
  const db = deps.db.kysely;
  const application = await getApplication(db, options);
  const input = parseInput(decisionInputSchema, options.input);
  const course = application.courses.find((candidate) => candidate.courseId === input.courseId);
  if (!course) {
    throw invalidInput([{ path: 'courseId', message: 'This application is not for that course.' }]);
  }
  const decidedAt = nowIso();
  await db.transaction().execute(async (trx) => {
    const decided = await repo.decideCourse(trx, {
      applicationId: application.id,
      courseId: course.courseId,
      decision: input.decision,
      by: actor.id,
      at: decidedAt,
    });
    if (decided === 0) {
      throw facilitatorError(
        'FACILITATOR_COURSE_DECIDED',
        `${course.courseName} of ${application.name}’s application is decided already.`,
      );
    }
    if (input.decision === 'approved') {
      try {
        await repo.insertQualification(trx, {
          facilitatorId: application.facilitatorId,
          courseId: course.courseId,
          by: actor.id,
          at: decidedAt,
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw facilitatorError(
          'FACILITATOR_COURSE_DECIDED',
          `${application.name} is already approved for ${course.courseName}.`,
        );
      }
      await grantRole(trx, { userId: application.userId, role: 'facilitator', partnerId: null });
    }
    await deps.outbox.enqueue(
      decisionMail(deps.config, application, { courseName: course.courseName, decision: input.decision }),
      trx,
    );
  });
  return { applicationId: application.id, courseId: course.courseId, decision: input.decision, decidedAt };
}

/** Every approved facilitator with their standing qualifications, for staff. */
export async function listApprovedFacilitators(
  db: Kysely<Database>,
  options: { actor: Actor | null },
): Promise<ApprovedFacilitator[]> {
  requireStaff(options.actor);
  return (await repo.listApproved(db)).map(
    ({ latitude: _lat, longitude: _lon, ...facilitator }) => facilitator,
  );
}

/** A standing qualification, before staff are asked whether to revoke it. */
export async function getQualification(
  db: Kysely<Database>,
  options: { actor: Actor | null; facilitatorId: string; courseId: string },
): Promise<{ facilitator: { id: string; name: string }; course: Course }> {
  requireStaff(options.actor);
  const facilitator = await repo.findFacilitator(db, options.facilitatorId);
  const course = await findCourse(db, options.courseId);
  const standing = facilitator ? await repo.standingCourseIds(db, facilitator.id) : [];
  if (!facilitator || !course || !standing.includes(course.id)) {
    throw facilitatorError('QUALIFICATION_NOT_FOUND', 'This facilitator holds no such qualification.');
  }
  return { facilitator: { id: facilitator.id, name: facilitator.name }, course };
}

/** Staff revoke a qualification; it is kept, with who revoked it and when. */
export async function revokeQualification(
  deps: Pick<Deps, 'db'>,
  options: { actor: Actor | null; facilitatorId: string; courseId: string },
): Promise<void> {
  const actor = requireStaff(options.actor);
  const revoked = await repo.revokeQualification(deps.db.kysely, {
    facilitatorId: options.facilitatorId,
    courseId: options.courseId,
    by: actor.id,
  });
  if (revoked === 0)
    throw facilitatorError('QUALIFICATION_NOT_FOUND', 'This facilitator holds no such qualification.');
}

// ---------------------------------------------------------------------------------------------------------
// Partners contract facilitators

/**
 * A partner contracts an approved facilitator for a program year (its own: a partner is a partner of one
 * year). Staff or the partner's program managers.
 */
export async function contractFacilitator(
  deps: Pick<Deps, 'db'>,
  options: { actor: Actor | null; partnerId: string; input: unknown },
): Promise<Contract> {
  const actor = requirePartnerAccess(options.actor, options.partnerId);
  const db = deps.db.kysely;
  const partner = await requirePartner(db, options.partnerId);
  const input = parseInput(contractInputSchema, options.input);
  if (input.programYear !== partner.programYear) {
    throw invalidInput([
      {
        path: 'programYear',
        message: `${partner.name} is a partner for ${partner.programYear}: contract facilitators for that year.`,
      },
    ]);
  }
  const year = await resolveProgramYear(db, input.programYear);
  const facilitator = await repo.findFacilitator(db, input.facilitatorId);
  if (!facilitator) {
    throw facilitatorError('FACILITATOR_NOT_FOUND', 'There is no such facilitator.', [
      { path: 'facilitatorId', message: 'Choose a facilitator from the list.' },
    ]);
  }
  if ((await repo.standingCourseIds(db, facilitator.id)).length === 0) {
    const message = `${facilitator.name} is not an approved facilitator: program staff have approved them for no course.`;
    throw facilitatorError('FACILITATOR_NOT_APPROVED', message, [{ path: 'facilitatorId', message }]);
  }
  try {
    const created = await repo.insertContract(db, {
      partnerId: partner.id,
      facilitatorId: facilitator.id,
      programYearId: year.id,
      by: actor.id,
    });
    return {
      id: created.id,
      partnerId: partner.id,
      facilitatorId: facilitator.id,
      name: facilitator.name,
      email: facilitator.email,
      programYear: year.name,
      createdAt: created.createdAt,
    };
  } catch (error) {
    // The partial unique index decides: one standing contract per partner, facilitator and year.
    if (!isUniqueViolation(error)) throw error;
    const message = `${partner.name} already has a contract with ${facilitator.name} for ${year.name}.`;
    throw new AppError('CONFLICT', message, [{ path: 'facilitatorId', message }]);
  }
}

/** A partner's standing contract and the partner's name, before its manager is asked whether to end it. */
export async function getContract(
  db: Kysely<Database>,
  options: { actor: Actor | null; partnerId: string; contractId: string },
): Promise<{ contract: Contract; partnerName: string }> {
  requirePartnerAccess(options.actor, options.partnerId);
  const partner = await requirePartner(db, options.partnerId);
  const contract = await repo.findStandingContract(db, options);
  if (!contract) throw facilitatorError('CONTRACT_NOT_FOUND', 'This partner has no such standing contract.');
  return { contract: toContract(contract, await yearNames(db)), partnerName: partner.name };
}

export async function endFacilitatorContract(
  deps: Pick<Deps, 'db'>,
  options: { actor: Actor | null; partnerId: string; contractId: string },
): Promise<void> {
  const actor = requirePartnerAccess(options.actor, options.partnerId);
  const db = deps.db.kysely;
  const contract = await repo.findStandingContract(db, options);
  if (!contract || (await repo.endContract(db, { id: contract.id, by: actor.id })) === 0) {
    throw facilitatorError('CONTRACT_NOT_FOUND', 'This partner has no such standing contract.');
  }
}

async function yearNames(db: Kysely<Database>): Promise<Map<string, string>> {
  return new Map((await listProgramYears(db)).map((year) => [year.id, year.name]));
}

function toContract(record: repo.ContractRecord, years: Map<string, string>): Contract {
  return {
    id: record.id,
    partnerId: record.partnerId,
    facilitatorId: record.facilitatorId,
    name: record.name,
    email: record.email,
    programYear: years.get(record.programYearId) ?? '',
    createdAt: record.createdAt,
  };
}

/**
 * The approved facilitators as a partner's program managers see them: nearest first, by the distance from
 * their home ZIP to the nearest ZIP centre in the partner's region that year; whether the partner contracts
 * them; and the partner's standing contracts.
 */
export async function listPartnerFacilitators(
  db: Kysely<Database>,
  options: { actor: Actor | null; partnerId: string },
): Promise<PartnerFacilitatorList> {
  requirePartnerAccess(options.actor, options.partnerId);
  const partner = await requirePartner(db, options.partnerId);
  const year = await resolveProgramYear(db, partner.programYear);
  const [approved, contracts, centres, years] = await Promise.all([
    repo.listApproved(db),
    repo.listStandingContracts(db, { partnerId: partner.id }),
    regionZipCentres(db, partner, year.id),
    yearNames(db),
  ]);
  const contractOf = (facilitatorId: string) =>
    contracts.find(
      (contract) => contract.facilitatorId === facilitatorId && contract.programYearId === year.id,
    );
  const facilitators: PartnerFacilitator[] = approved.map((facilitator) => {
    const home =
      facilitator.latitude !== null && facilitator.longitude !== null
        ? { latitude: facilitator.latitude, longitude: facilitator.longitude }
        : null;
    const contract = contractOf(facilitator.facilitatorId);
    return {
      facilitatorId: facilitator.facilitatorId,
      name: facilitator.name,
      email: facilitator.email,
      homeZip: facilitator.homeZip,
      courses: facilitator.qualifications.map((q) => ({ id: q.courseId, name: q.courseName })),
      distanceMiles: home ? nearest(home, centres) : null,
      contracted: contract !== undefined,
      contractId: contract?.id ?? null,
    };
  });
  facilitators.sort(
    (a, b) =>
      (a.distanceMiles ?? Infinity) - (b.distanceMiles ?? Infinity) ||
      a.name.localeCompare(b.name) ||
      a.facilitatorId.localeCompare(b.facilitatorId),
  );
  return {
    partnerId: partner.id,
    partnerName: partner.name,
    programYear: year.name,
    facilitators,
    contracts: contracts.map((contract) => toContract(contract, years)),
  };
}

/** Rounded to a tenth of a mile; null where the region has no ZIP centre to measure to. */
function nearest(home: Coordinates, centres: Coordinates[]): number | null {
  if (centres.length === 0) return null;
  let best = Infinity;
  for (const centre of centres) best = Math.min(best, distanceMiles(home, centre));
  return Math.round(best * 10) / 10;
}

/**
 * The centres of the ZIP codes inside a partner's region in a year, by the coverage rule (the finest assigned
 * unit wins): a ZIP of its state carved out for another partner is not its.
 */
async function regionZipCentres(
  db: Kysely<Database>,
  partner: Partner,
  programYearId: string,
): Promise<Coordinates[]> {
  const assignments = await readYearAssignments(db, programYearId);
  const own = [...assignments.byUnit.values()].some((entry) => entry.partner.id === partner.id);
  if (!own) return [];
  const centres: Coordinates[] = [];
  for (const zip of allZips()) {
    const location = locateZip(zip);
    if (!location?.coordinates) continue;
    const holder = unitsServing(location)
      .map((unit) => assignments.byUnit.get(unit))
      .find((entry) => entry !== undefined);
    if (holder?.partner.id === partner.id) centres.push(location.coordinates);
  }
  return centres;
}

/** The partners whose facilitators a program manager keeps (the picker of /partner/facilitators). */
export function listManagedPartners(db: Kysely<Database>, options: { actor: Actor | null }) {
  return listListingPartners(db, options);
}

// ---------------------------------------------------------------------------------------------------------
// What the workshops module calls

/** Why this facilitator may not lead that partner's workshop of that course in that year, or null if they may. */
export async function assignmentRefusal(
  db: Kysely<Database>,
  options: {
    facilitatorId: string;
    partnerId: string;
    programYearId: string;
    courseId: string;
  },
): Promise<AppError | null> {
  const refuse = (
    code: 'FACILITATOR_NOT_APPROVED' | 'FACILITATOR_NOT_QUALIFIED' | 'FACILITATOR_NOT_CONTRACTED',
    message: string,
  ) => facilitatorError(code, message, [{ path: 'facilitatorId', message }]);
  const facilitator = await repo.findFacilitator(db, options.facilitatorId);
  if (!facilitator) return refuse('FACILITATOR_NOT_APPROVED', 'This person is not an approved facilitator.');
  const standing = await repo.standingCourseIds(db, facilitator.id);
  if (standing.length === 0) {
    return refuse(
      'FACILITATOR_NOT_APPROVED',
      `${facilitator.name} is not an approved facilitator: program staff have approved them for no course.`,
    );
  }
  if (!standing.includes(options.courseId)) {
    const course = await findCourse(db, options.courseId);
    return refuse(
      'FACILITATOR_NOT_QUALIFIED',
      `${facilitator.name} is not approved for ${course?.name ?? 'this course'}.`,
    );
  }
  const contracted = await repo.hasStandingContract(db, {
    partnerId: options.partnerId,
    facilitatorId: facilitator.id,
    programYearId: options.programYearId,
  });
  if (!contracted) {
    const [partner, years] = await Promise.all([
      requirePartner(db, options.partnerId).catch(() => undefined),
      yearNames(db),
    ]);
    const year = years.get(options.programYearId);
    return refuse(
      'FACILITATOR_NOT_CONTRACTED',
      `${facilitator.name} is not contracted by ${partner?.name ?? 'this partner'}${year ? ` for ${year}` : ' for this program year'}.`,
    );
  }
  return null;
}

/** The facilitators a partner contracts for a year, with the courses they are qualified for (the assign form). */
export async function listContractedFacilitators(
  db: Kysely<Database>,
  options: { partnerId: string; programYearId: string },
): Promise<{ facilitatorId: string; name: string; email: string; courseIds: string[] }[]> {
  const contracts = await repo.listStandingContracts(db, options);
  return Promise.all(
    contracts.map(async (contract) => ({
      facilitatorId: contract.facilitatorId,
      name: contract.name,
      email: contract.email,
      courseIds: await repo.standingCourseIds(db, contract.facilitatorId),
    })),
  );
}

export async function facilitatorsByIds(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<{ facilitatorId: string; userId: string; name: string }[]> {
  const rows = await repo.findFacilitators(db, [...new Set(ids)]);
  return rows.map((row) => ({ facilitatorId: row.id, userId: row.userId, name: row.name }));
}

export async function facilitatorOfUser(
  db: Kysely<Database>,
  userId: string,
): Promise<{ facilitatorId: string } | undefined> {
  const row = await repo.findFacilitatorOfUser(db, userId);
  return row && { facilitatorId: row.id };
}
