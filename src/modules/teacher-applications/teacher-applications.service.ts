import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../db/errors.js';
import type { Database, TeacherApplicationStatus } from '../../db/schema.js';
import { isStaff, requireSignedIn, requireStaff, type Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { AppError, invalidInput, type FieldError } from '../../platform/errors.js';
import { formatDate } from '../../platform/ui/date.js';
import { parseInput } from '../../platform/validation.js';
import { resolveProgramYear } from '../program-years/program-years.service.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import { lookupRegion, type RegionIndex } from '../regions/regions.service.js';
import { describeUnit, locateZip } from '../regions/geography.js';
import { cancelEnrollment, enroll } from '../workshops/workshops.enrollments.service.js';
import { commitSchoolOfAcceptedTeacher } from '../recruitment/recruitment.schools.service.js';
import { findSchool, searchSchools } from '../schools/schools.service.js';
import * as repo from './teacher-applications.repository.js';
import { listOfferedCourses, requireOfferedForm, requireYear } from './teacher-applications.setup.service.js';
import {
  newApplicationMail,
  routedMail,
  statusMail,
  submittedMail,
  type ApplicationForMail,
} from './teacher-applications.mail.js';
import {
  applicationInputSchema,
  applyPageQuerySchema,
  assignmentInputSchema,
  DECISIONS,
  decisionInputSchema,
  partnerAssignmentInputSchema,
  principalRequestInputSchema,
  TEACHER_APPLICATION_LIFECYCLE,
  type Answer,
  type ApplicationDetail,
  type ApplicationInput,
  type ApplicationListQuery,
  type Question,
  type TeacherApplication,
} from './teacher-applications.schemas.js';
import { teacherApplicationError } from './teacher-applications.errors.js';
import {
  principalOf,
  refuseWithoutPrincipalApproval,
  requiresPrincipalApproval,
  sendPrincipalRequest,
} from './teacher-applications.principal.service.js';

export type TeacherApplicationDeps = CoreDeps & { regionIndex: RegionIndex };
type Deps = TeacherApplicationDeps;

// --- Applying.

interface Placed {
  schoolId: string | null;
  schoolName: string;
  unlistedSchoolName: string | null;
  unlistedSchoolZip: string | null;
  zip: string;
  state: string | null;
}

async function placeSchool(db: Kysely<Database>, school: ApplicationInput['school']): Promise<Placed> {
  if ('ncesId' in school || 'id' in school) {
    const path = 'ncesId' in school ? 'school.ncesId' : 'school.id';
    const found = await findSchool(db, school);
    if (!found) {
      const message =
        'ncesId' in school
          ? `There is no school with the NCES id ${school.ncesId} in the directory. Search for it again, or name it with its ZIP code.`
          : 'That school is not in the directory. Search for it again, or name it with its ZIP code.';
      throw teacherApplicationError('SCHOOL_NOT_FOUND', message, [{ path, message }]);
    }
    if (found.closed) {
      throw invalidInput([
        { path, message: `${found.name} is marked closed in the directory. Choose your school.` },
      ]);
    }
    return {
      schoolId: found.id,
      schoolName: found.name,
      unlistedSchoolName: null,
      unlistedSchoolZip: null,
      zip: found.zip,
      state: found.state,
    };
  }
  return {
    schoolId: null,
    schoolName: school.name,
    unlistedSchoolName: school.name,
    unlistedSchoolZip: school.zip,
    zip: school.zip,
    state: locateZip(school.zip)?.state ?? null,
  };
}

/**
 * The answers in the questions' order with their prompts, every required one given, no stranger's key; the
 * form's other problems are refused with them, so that one submission hears of all.
 */
function answersTo(
  questions: readonly Question[],
  given: Record<string, string>,
  otherProblems: readonly FieldError[],
): Answer[] {
  const known = new Set(questions.map((question) => question.id));
  const problems: FieldError[] = [
    ...otherProblems,
    ...questions
      .filter((question) => question.required && !given[question.id])
      .map((question) => ({ path: `answers.${question.id}`, message: `Answer “${question.prompt}”.` })),
    ...Object.keys(given)
      .filter((key) => !known.has(key))
      .map((key) => ({ path: `answers.${key}`, message: 'This is not one of the application’s questions.' })),
  ];
  if (problems.length > 0) throw invalidInput(problems);
  return questions.map((question) => ({
    questionId: question.id,
    prompt: question.prompt,
    answer: given[question.id] ?? '',
  }));
}

interface Route {
  partner: { id: string; name: string; contactEmail: string } | null;
  matchedBy: 'zip' | 'county' | 'state' | null;
  county: string | null;
  state: string | null;
  reason: string;
}

/**
 * The partner serving the school's place in the year: its ZIP, then the ZIP's county, then its state (the
 * regions lookup's order). A directory ZIP the ZIP dataset lacks still has the school's state.
 */
async function routeSchool(deps: Deps, year: ProgramYear, place: Placed): Promise<Route> {
  const lookup = { db: deps.db.kysely, regionIndex: deps.regionIndex };
  const found = locateZip(place.zip)
    ? await lookupRegion(lookup, { zip: place.zip, year: year.name })
    : place.state
      ? await lookupRegion(lookup, { state: place.state, year: year.name })
      : undefined;
  const county = found?.location.county ?? null;
  const state = found?.location.state ?? place.state;
  if (!found?.partner || !found.matchedBy) {
    return {
      partner: null,
      matchedBy: null,
      county,
      state,
      reason: `No partner serves ZIP code ${place.zip} in ${year.name}.`,
    };
  }
  const unit =
    found.matchedBy === 'zip'
      ? place.zip
      : found.matchedBy === 'county'
        ? `${found.location.state}:${county ?? ''}`
        : found.location.state;
  const where = describeUnit(unit);
  return {
    partner: { id: found.partner.id, name: found.partner.name, contactEmail: found.partner.contactEmail },
    matchedBy: found.matchedBy,
    county,
    state,
    reason: `${found.partner.name} serves ${where}.`,
  };
}

function alreadyApplied(existing: repo.ApplicationRow, courseName: string, yearName: string): AppError {
  const status = TEACHER_APPLICATION_LIFECYCLE[existing.status].label.toLowerCase();
  const message = `You already applied to ${courseName} ${yearName} on ${formatDate(existing.createdAt)}; your application is ${status}.`;
  return teacherApplicationError('ALREADY_APPLIED', message, [{ path: 'courseId', message }]);
}

/**
 * The principal's name and address, which a partner asking for principals' approval needs: someone else's
 * address than the teacher's own, or the teacher would approve themselves.
 */
function principalProblems(input: ApplicationInput, teacher: Actor, partnerName: string): FieldError[] {
  const why = `${partnerName}, the Regional Partner serving your school, asks for your principal’s approval`;
  const ownAddress = input.principalEmail === teacher.email.trim().toLowerCase();
  return [
    ...(input.principalName
      ? []
      : [{ path: 'principalName', message: `${why}: enter your principal’s name.` }]),
    ...(!input.principalEmail
      ? [{ path: 'principalEmail', message: `${why}: enter your principal’s email address.` }]
      : ownAddress
        ? [{ path: 'principalEmail', message: 'Enter your principal’s email address, not your own.' }]
        : []),
  ];
}

/**
 * A signed-in teacher applies for a course in a year. The server routes the application by the school's place;
 * a partner named by the client is never read. One application per teacher, year and course. Where the
 * partner asks for the principal's approval, the principal is emailed the request in the same transaction.
 */
export async function submitApplication(deps: Deps, options: { actor: Actor | null; input: unknown }) {
  const actor = requireSignedIn(options.actor);
  const input = parseInput(applicationInputSchema, options.input);
  const db = deps.db.kysely;
  const year = await requireYear(db, input.programYear);
  const { course, questions } = await requireOfferedForm(db, year, input.courseId);
  const place = await placeSchool(db, input.school);
  const route = await routeSchool(deps, year, place);
  const principalNeeded = route.partner ? await requiresPrincipalApproval(db, route.partner.id) : false;
  const answers = answersTo(
    questions,
    input.answers,
    principalNeeded && route.partner ? principalProblems(input, actor, route.partner.name) : [],
  );
  const person = { userId: actor.id, programYearId: year.id, courseId: course.id };
  const existing = await repo.findOwnApplication(db, person);
  if (existing) throw alreadyApplied(existing, course.name, year.name);
  try {
    const id = await db.transaction().execute(async (trx) => {
      const id = await repo.insertApplication(trx, {
        ...person,
        schoolId: place.schoolId,
        unlistedSchoolName: place.unlistedSchoolName,
        unlistedSchoolZip: place.unlistedSchoolZip,
        state: route.state,
        county: route.county,
        partnerId: route.partner?.id ?? null,
        matchedBy: route.matchedBy,
        status: 'submitted',
        answers: JSON.stringify(answers),
        principalName: input.principalName ?? null,
        principalEmail: input.principalEmail ?? null,
      });
      await repo.insertEvent(trx, {
        applicationId: id,
        actor,
        fromStatus: null,
        toStatus: 'submitted',
        note: route.reason,
      });
      const about = {
        teacherName: actor.name,
        teacherEmail: actor.email,
        courseName: course.name,
        programYear: year.name,
        partnerName: route.partner?.name ?? null,
      };
      const askedPrincipal = principalNeeded ? input.principalName : undefined;
      await deps.outbox.enqueue(submittedMail(deps.config, { ...about, askedPrincipal }), trx);
      if (principalNeeded && input.principalName && input.principalEmail) {
        await sendPrincipalRequest(
          trx,
          deps,
          {
            ...about,
            applicationId: id,
            status: 'submitted',
            schoolName: place.schoolName,
            principalName: input.principalName,
            principalEmail: input.principalEmail,
            renew: false,
          },
          actor,
        );
      }
      await deps.outbox.enqueue(
        newApplicationMail(deps.config, {
          ...about,
          id,
          to: route.partner?.contactEmail ?? deps.config.programContactEmail,
          reason: route.reason,
        }),
        trx,
      );
      return id;
    });
    const partner = route.partner ? { id: route.partner.id, name: route.partner.name } : null;
    return { id, status: 'submitted' as const, partner };
  } catch (error) {
    // The same teacher submitting twice at once: the unique key decides, and the second is told where they stand.
    if (!isUniqueViolation(error)) throw error;
    const winner = await repo.findOwnApplication(db, person);
    if (!winner) throw error;
    throw alreadyApplied(winner, course.name, year.name);
  }
}

// --- Reading.

function reviews(actor: Actor, record: { partnerId: string | null }): boolean {
  return isStaff(actor) || (record.partnerId !== null && actor.partnerIds.includes(record.partnerId));
}

/**
 * The teacher's own application, or one a reviewer (staff, the routed partner's managers) may see. Anyone
 * else is told there is none: another partner's applications are not theirs to know about.
 */
async function requireVisible(db: Kysely<Database>, actor: Actor, id: string) {
  const record = await repo.findApplication(db, id);
  if (!record || !(record.userId === actor.id || reviews(actor, record))) {
    throw teacherApplicationError(
      'TEACHER_APPLICATION_NOT_FOUND',
      'There is no such application, or it is not yours to see.',
    );
  }
  return record;
}

function requireReviewer(actor: Actor, record: repo.ApplicationRecord): void {
  if (!reviews(actor, record)) {
    throw new AppError(
      'FORBIDDEN',
      'Only program staff and the partner reviewing this application can do this.',
    );
  }
}

function toApplication(record: repo.ApplicationRecord): TeacherApplication {
  return {
    id: record.id,
    programYear: record.programYear,
    courseId: record.courseId,
    courseName: record.courseName,
    teacher: { name: record.teacherName, email: record.teacherEmail },
    school: {
      ncesId: record.schoolNcesId,
      name: record.schoolName ?? record.unlistedSchoolName ?? '',
      city: record.schoolCity,
      state: record.state,
      zip: record.schoolZip ?? record.unlistedSchoolZip,
      county: record.county,
    },
    partner: record.partnerId !== null ? { id: record.partnerId, name: record.partnerName ?? '' } : null,
    matchedBy: record.matchedBy,
    status: record.status,
    enrollmentId: record.enrollmentId,
    workshopId: record.workshopId,
    principalApproval: record.principalStatus,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** Applications the acting person may see: their own; their partners' for a manager; all for staff. */
export async function listApplications(
  db: Kysely<Database>,
  options: { actor: Actor | null; query: ApplicationListQuery },
) {
  const actor = requireSignedIn(options.actor);
  const scope =
    options.query.mine === 'yes'
      ? { userId: actor.id }
      : isStaff(actor)
        ? {}
        : { userId: actor.id, partnerIds: actor.partnerIds };
  return listScoped(db, scope, options.query);
}

/** The review list: every application for staff, their partners' for program managers, nobody else's. */
export async function listForReview(
  db: Kysely<Database>,
  options: { actor: Actor | null; query: ApplicationListQuery },
) {
  const actor = requireSignedIn(options.actor);
  if (!isStaff(actor) && actor.partnerIds.length === 0) {
    throw new AppError(
      'FORBIDDEN',
      'Only program staff and partner program managers review teacher applications.',
    );
  }
  return listScoped(db, isStaff(actor) ? {} : { partnerIds: actor.partnerIds }, options.query);
}

/** Staff's queue: the applications no partner serves, until staff give each one a partner. */
export async function listUnmatched(
  db: Kysely<Database>,
  options: { actor: Actor | null; query: ApplicationListQuery },
) {
  requireStaff(options.actor);
  return listScoped(db, {}, { ...options.query, status: options.query.status ?? 'unmatched' });
}

async function listScoped(
  db: Kysely<Database>,
  scope: Pick<repo.ApplicationFilter, 'userId' | 'partnerIds'>,
  query: ApplicationListQuery,
) {
  const { table, mine: _mine, ...filters } = query;
  const page = await repo.listApplications(db, { ...filters, ...scope }, table);
  return { ...page, rows: page.rows.map(toApplication) };
}

export async function getApplication(
  db: Kysely<Database>,
  options: { actor: Actor | null; id: string },
): Promise<ApplicationDetail> {
  const actor = requireSignedIn(options.actor);
  const record = await requireVisible(db, actor, options.id);
  const events = await repo.listEvents(db, record.id);
  // A decision's note is the reviewer's own words, between reviewers; the portal's notes (where the application
  // was routed, which workshop) the teacher reads too.
  const reviewer = reviews(actor, record);
  const typed = (event: (typeof events)[number]) =>
    event.fromStatus !== event.toStatus && (DECISIONS as readonly string[]).includes(event.toStatus);
  return {
    ...toApplication(record),
    answers: JSON.parse(record.answers) as Answer[],
    events: events.map((event) => (reviewer || !typed(event) ? event : { ...event, note: null })),
    principal: principalOf(record, reviewer),
  };
}

/** What the detail page offers a reviewer: the partner's workshops of the course, and staff's partners. */
export async function getReviewChoices(db: Kysely<Database>, options: { actor: Actor | null; id: string }) {
  const actor = requireSignedIn(options.actor);
  const record = await requireVisible(db, actor, options.id);
  if (!reviews(actor, record)) return { reviewer: false, workshops: [], partners: [] };
  const workshops =
    record.partnerId !== null
      ? await repo.listAssignableWorkshops(db, {
          partnerId: record.partnerId,
          programYearId: record.programYearId,
          courseId: record.courseId,
        })
      : [];
  const partners = isStaff(actor) ? await repo.listYearPartners(db, record.programYearId) : [];
  return { reviewer: true, workshops, partners };
}

// --- Changing status.

function mailAbout(record: repo.ApplicationRecord, partnerName = record.partnerName): ApplicationForMail {
  return {
    teacherName: record.teacherName,
    teacherEmail: record.teacherEmail,
    courseName: record.courseName,
    programYear: record.programYear,
    partnerName,
  };
}

/** One status change: the row, its history (who, when) and the teacher's email, in the caller's transaction. */
async function changeStatus(
  trx: Kysely<Database>,
  deps: Pick<Deps, 'outbox' | 'config'>,
  change: {
    record: repo.ApplicationRecord;
    actor: Actor;
    to: Exclude<TeacherApplicationStatus, 'submitted'>;
    note?: string | undefined;
  },
): Promise<void> {
  const { record, actor, to } = change;
  await repo.updateApplication(trx, record.id, { status: to });
  await repo.insertEvent(trx, {
    applicationId: record.id,
    actor,
    fromStatus: record.status,
    toStatus: to,
    note: change.note ?? null,
  });
  await deps.outbox.enqueue(statusMail(deps.config, mailAbout(record), to), trx);
}

function refuseWithdrawn(record: repo.ApplicationRecord): void {
  if (record.status === 'withdrawn') {
    throw teacherApplicationError(
      'APPLICATION_WITHDRAWN',
      `${record.teacherName} withdrew this application, so it can no longer be decided or changed.`,
    );
  }
}

/** The reviewer takes a submitted application up; it says "in review" to the teacher from then on. */
export async function startReview(deps: Deps, options: { actor: Actor | null; id: string }) {
  const actor = requireSignedIn(options.actor);
  const db = deps.db.kysely;
  requireReviewer(actor, await requireVisible(db, actor, options.id));
  await db.transaction().execute(async (trx) => {
    const record = await repo.lockApplication(trx, options.id);
    if (!record)
      throw teacherApplicationError('TEACHER_APPLICATION_NOT_FOUND', 'There is no such application.');
    refuseWithdrawn(record);
    if (record.status !== 'submitted') return;
    requireRouted(record);
    await changeStatus(trx, deps, { record, actor, to: 'in_review' });
  });
  return getApplication(db, options);
}

function requireRouted(record: repo.ApplicationRecord): void {
  if (record.partnerId === null) {
    throw teacherApplicationError(
      'APPLICATION_STATUS_CONFLICT',
      'No partner serves this application’s school yet: assign it to a partner first.',
    );
  }
}

/**
 * The routed partner's managers or staff accept, waitlist or decline. An acceptance takes its place in the
 * partner's cohort for the course and year under the cohort's lock: locked, counted, then updated in one
 * transaction, so simultaneous acceptances never pass the capacity.
 */
export async function decideApplication(
  deps: Deps,
  options: { actor: Actor | null; id: string; input: unknown },
) {
  const actor = requireSignedIn(options.actor);
  const db = deps.db.kysely;
  await requireDecider(deps, options);
  const { decision, note } = parseInput(decisionInputSchema, options.input);
  await db.transaction().execute(async (trx) => {
    const record = await repo.lockApplication(trx, options.id);
    if (!record)
      throw teacherApplicationError('TEACHER_APPLICATION_NOT_FOUND', 'There is no such application.');
    refuseWithdrawn(record);
    requireRouted(record);
    if (record.status === decision) return;
    if (record.enrollmentId !== null) {
      throw teacherApplicationError(
        'APPLICATION_STATUS_CONFLICT',
        'This teacher is already assigned to a workshop; cancel that enrollment before changing the decision.',
      );
    }
    if (decision === 'accepted') {
      refuseWithoutPrincipalApproval(record);
      await takeCohortPlace(trx, record);
    }
    await changeStatus(trx, deps, { record, actor, to: decision, note });
    // The accepted teacher's school takes part now: committed in the partner's pipeline for the course.
    if (decision === 'accepted' && record.schoolId && record.partnerId) {
      await commitSchoolOfAcceptedTeacher(trx, {
        partnerId: record.partnerId,
        programYearId: record.programYearId,
        courseId: record.courseId,
        schoolId: record.schoolId,
        by: { actorId: actor.id, actorEmail: actor.email },
      });
    }
  });
  return getApplication(db, options);
}

async function takeCohortPlace(trx: Kysely<Database>, record: repo.ApplicationRecord): Promise<void> {
  const cohort = {
    partnerId: record.partnerId ?? '',
    programYearId: record.programYearId,
    courseId: record.courseId,
  };
  const capacity = await repo.lockCohort(trx, cohort);
  const name = `${record.partnerName ?? 'The partner'}’s ${record.courseName} ${record.programYear} cohort`;
  if (!capacity) {
    throw teacherApplicationError(
      'COHORT_CAPACITY_NOT_SET',
      `${name} has no capacity yet: program staff set it before anyone is accepted.`,
    );
  }
  const accepted = await repo.countAccepted(trx, cohort);
  if (accepted >= capacity.capacity) {
    throw teacherApplicationError(
      'COHORT_FULL',
      `${name} is full: ${accepted} of ${capacity.capacity} places are taken. Waitlist the teacher, or ask program staff to raise the capacity.`,
    );
  }
}

/**
 * The teacher withdraws their own application; that is final. A workshop place it was given is given back
 * through the workshop's gate (the first person waiting gets it), unless attendance is already recorded.
 */
/** Refuses anyone but the teacher who applied (those who review it see it, but do not withdraw it). */
export async function requireApplicant(deps: Pick<Deps, 'db'>, options: { actor: Actor | null; id: string }) {
  const actor = requireSignedIn(options.actor);
  const visible = await requireVisible(deps.db.kysely, actor, options.id);
  if (visible.userId !== actor.id) {
    throw new AppError('FORBIDDEN', 'Only the teacher who applied can withdraw an application.');
  }
}

/** Refuses anyone who does not decide the application: the routed partner's managers, and staff. */
export async function requireDecider(deps: Pick<Deps, 'db'>, options: { actor: Actor | null; id: string }) {
  const actor = requireSignedIn(options.actor);
  requireReviewer(actor, await requireVisible(deps.db.kysely, actor, options.id));
}

export async function withdrawApplication(deps: Deps, options: { actor: Actor | null; id: string }) {
  const actor = requireSignedIn(options.actor);
  const db = deps.db.kysely;
  await requireApplicant(deps, options);
  const enrollmentId = await db.transaction().execute(async (trx) => {
    const record = await repo.lockApplication(trx, options.id);
    if (!record || record.status === 'withdrawn') return null;
    await changeStatus(trx, deps, { record, actor, to: 'withdrawn' });
    return record.enrollmentId;
  });
  if (enrollmentId !== null) {
    try {
      await cancelEnrollment(deps, { actor, id: enrollmentId });
    } catch (error) {
      // Attended already: the record of it stays, as the workshop keeps it; the organizer decides what follows.
      if (!(error instanceof AppError && error.code === 'ENROLLMENT_ATTENDED')) throw error;
    }
  }
  return getApplication(db, options);
}

/** Staff give an application no partner serves (or not yet decided) to one of its year's active partners. */
export async function assignPartner(
  deps: Deps,
  options: { actor: Actor | null; id: string; input: unknown },
) {
  const actor = requireStaff(options.actor);
  const { partnerId } = parseInput(partnerAssignmentInputSchema, options.input);
  const db = deps.db.kysely;
  await db.transaction().execute(async (trx) => {
    const record = await repo.lockApplication(trx, options.id);
    if (!record)
      throw teacherApplicationError('TEACHER_APPLICATION_NOT_FOUND', 'There is no such application.');
    refuseWithdrawn(record);
    if (record.status !== 'submitted' && record.status !== 'in_review') {
      throw teacherApplicationError(
        'APPLICATION_STATUS_CONFLICT',
        `This application is already ${TEACHER_APPLICATION_LIFECYCLE[record.status].label.toLowerCase()}; only one not yet decided can move to another partner.`,
      );
    }
    const partner = await repo.findPartnerOfYear(trx, partnerId);
    if (!partner || partner.active !== 1 || partner.programYearId !== record.programYearId) {
      throw invalidInput([
        {
          path: 'partnerId',
          message: `Choose one of the ${record.programYear} program year’s active partners.`,
        },
      ]);
    }
    if (partner.id === record.partnerId) {
      throw invalidInput([{ path: 'partnerId', message: `${partner.name} already has this application.` }]);
    }
    await repo.updateApplication(trx, record.id, { partnerId: partner.id, matchedBy: 'staff' });
    await repo.insertEvent(trx, {
      applicationId: record.id,
      actor,
      fromStatus: record.status,
      toStatus: record.status,
      note: `Assigned to ${partner.name} by program staff.`,
    });
    await deps.outbox.enqueue(routedMail(deps.config, mailAbout(record, partner.name)), trx);
    // An answer the principal already gave stands for the new partner: it approves the teacher, not a partner.
    if (record.principalStatus === null && (await requiresPrincipalApproval(trx, partner.id))) {
      const { principalName, principalEmail } = record;
      if (principalName && principalEmail) {
        await sendPrincipalRequest(
          trx,
          deps,
          { ...principalRequestOf(record, partner.name), principalName, principalEmail, renew: false },
          actor,
        );
      } else {
        await repo.insertEvent(trx, {
          applicationId: record.id,
          actor,
          fromStatus: record.status,
          toStatus: record.status,
          note: `${partner.name} asks for the principal’s approval, but the application names no principal: the partner asks the teacher and sends the request from this page.`,
        });
      }
    }
  });
  return getApplication(db, options);
}

function principalRequestOf(record: repo.ApplicationRecord, partnerName = record.partnerName) {
  return {
    ...mailAbout(record, partnerName),
    applicationId: record.id,
    status: record.status,
    schoolName: record.schoolName ?? record.unlistedSchoolName ?? '',
  };
}

/**
 * The reviewer sends the principal's request: again with a new link (the old one stops working), to a
 * corrected address, or for the first time where the application named no principal or the partner began
 * asking after it was made. Refused once the principal answered, and for a partner that does not ask.
 */
export async function requestPrincipalApproval(
  deps: Deps,
  options: { actor: Actor | null; id: string; input: unknown },
) {
  const actor = requireSignedIn(options.actor);
  const db = deps.db.kysely;
  requireReviewer(actor, await requireVisible(db, actor, options.id));
  const principal = parseInput(principalRequestInputSchema, options.input);
  await db.transaction().execute(async (trx) => {
    const record = await repo.lockApplication(trx, options.id);
    if (!record)
      throw teacherApplicationError('TEACHER_APPLICATION_NOT_FOUND', 'There is no such application.');
    refuseWithdrawn(record);
    requireRouted(record);
    if (record.principalApprovalRequired !== 1) {
      throw teacherApplicationError(
        'PRINCIPAL_APPROVAL_NOT_REQUIRED',
        `${record.partnerName ?? 'The partner'} does not ask for principals’ approval; turn it on in its teacher application settings first.`,
      );
    }
    if (record.principalStatus === 'approved' || record.principalStatus === 'declined') {
      throw teacherApplicationError(
        'PRINCIPAL_ALREADY_ANSWERED',
        `The principal ${record.principalStatus} this application on ${formatDate(record.principalAnsweredAt ?? '')}; the answer stands.`,
      );
    }
    if (record.status === 'accepted' || record.status === 'declined') {
      throw teacherApplicationError(
        'APPLICATION_STATUS_CONFLICT',
        `This application is already ${TEACHER_APPLICATION_LIFECYCLE[record.status].label.toLowerCase()}; there is nothing left for the principal to approve.`,
      );
    }
    await repo.updateApplication(trx, record.id, principal);
    await sendPrincipalRequest(
      trx,
      deps,
      { ...principalRequestOf(record), ...principal, renew: record.principalStatus === 'pending' },
      actor,
    );
  });
  return getApplication(db, options);
}

/**
 * The partner assigns an accepted teacher to one of its published workshops of the course and year: the
 * teacher is enrolled through the workshop's gate as its organizer would add them (waitlisted there if full),
 * and the enrollment is recorded on the application.
 */
export async function assignWorkshop(
  deps: Deps,
  options: { actor: Actor | null; id: string; input: unknown },
) {
  const actor = requireSignedIn(options.actor);
  const db = deps.db.kysely;
  const record = await requireVisible(db, actor, options.id);
  requireReviewer(actor, record);
  const { workshopId } = parseInput(assignmentInputSchema, options.input);
  if (record.status !== 'accepted') {
    throw teacherApplicationError(
      'APPLICATION_STATUS_CONFLICT',
      'Only an accepted teacher can be assigned to a workshop.',
    );
  }
  if (record.enrollmentId !== null) {
    throw teacherApplicationError(
      'APPLICATION_STATUS_CONFLICT',
      'This teacher is already assigned to a workshop.',
    );
  }
  const workshop = await repo.findWorkshop(db, workshopId);
  if (
    !workshop ||
    workshop.partnerId !== record.partnerId ||
    workshop.programYearId !== record.programYearId ||
    workshop.courseId !== record.courseId ||
    workshop.status !== 'published'
  ) {
    throw invalidInput([
      {
        path: 'workshopId',
        message: `Choose one of ${record.partnerName ?? 'the partner'}’s published ${record.courseName} workshops of ${record.programYear}.`,
      },
    ]);
  }
  const { result } = await enroll(deps, {
    actor,
    workshopId: workshop.id,
    input: {
      name: record.teacherName,
      email: record.teacherEmail,
      role: 'teacher',
      school: (record.schoolName ?? record.unlistedSchoolName ?? '').slice(0, 200),
    },
  }).catch((error: unknown) => {
    // The gate words it for the person signing up; here it is the reviewer who is told.
    if (error instanceof AppError && error.code === 'ALREADY_ENROLLED') {
      throw teacherApplicationError(
        'APPLICATION_STATUS_CONFLICT',
        `${record.teacherName} already signed up for “${workshop.title}” themselves; choose another workshop.`,
      );
    }
    throw error;
  });
  const { enrollment } = result;
  const recorded = await db.transaction().execute(async (trx) => {
    if (!(await repo.recordEnrollment(trx, record.id, enrollment.id))) return false;
    await repo.insertEvent(trx, {
      applicationId: record.id,
      actor,
      fromStatus: 'accepted',
      toStatus: 'accepted',
      note: `Assigned to “${workshop.title}” (${enrollment.status === 'enrolled' ? 'a seat' : 'its waitlist'}).`,
    });
    return true;
  });
  if (!recorded) {
    // Another assignment, or a change of decision, came first: the seat just taken is given back.
    await cancelEnrollment(deps, { actor, id: enrollment.id });
    throw teacherApplicationError(
      'APPLICATION_STATUS_CONFLICT',
      'This application changed meanwhile; look at it again.',
    );
  }
  return getApplication(db, options);
}

// --- The application form's page.

/**
 * What the application form shows: the year (the current one unless the address names another), the courses
 * it takes applications for, the chosen course's questions, and the directory's schools matching the search (a
 * ZIP code, or the beginning of a name or city).
 */
export async function getApplyPage(db: Kysely<Database>, options: { actor: Actor | null; query: unknown }) {
  requireSignedIn(options.actor);
  const query = applyPageQuerySchema.parse(options.query ?? {});
  const year = await resolveProgramYear(db, query.programYear);
  const courses = await listOfferedCourses(db, year);
  const course = courses.find((candidate) => candidate.id === query.courseId);
  const questions = course ? (await requireOfferedForm(db, year, course.id)).questions : [];
  const q = query.q ?? '';
  const schools =
    q.length >= 2
      ? await searchSchools(db, { query: /^\d{5}$/.test(q) ? { zip: q } : { q } }).catch((error: unknown) => {
          // A search the directory cannot run (a stray character) finds nothing; the form says so.
          if (error instanceof AppError && error.code === 'INVALID_INPUT') return [];
          throw error;
        })
      : [];
  return { year, courses, course, questions, q, schools };
}

/**
 * Teachers accepted into each partner's cohorts of a year, keyed by partner and course, for the recruitment
 * pipeline's progress (which the caller has already authorized: it shows a partner only what is its own).
 */
export async function acceptedTeachersByCohort(
  db: Kysely<Database>,
  scope: { partnerIds: readonly string[]; programYearId: string },
): Promise<{ partnerId: string; courseId: string; count: number }[]> {
  const rows = await repo.countAcceptedByCohort(db, scope);
  return rows.flatMap((row) =>
    row.partnerId ? [{ partnerId: row.partnerId, courseId: row.courseId, count: Number(row.count) }] : [],
  );
}
