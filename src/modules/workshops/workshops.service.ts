import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { isStaff, requireSignedIn, requireStaff, type Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { AppError, invalidInput } from '../../platform/errors.js';
import { nowIso } from '../../platform/ids.js';
import { isSecretCode, secretCode } from '../../platform/secret-codes.js';
import { pageWindow, refusePageBeyondEnd, type Paged } from '../../platform/ui/table-query.js';
import { parseInput } from '../../platform/validation.js';
import { wallTimeInZone } from '../../platform/zoned-time.js';
import type { MailAttachment } from '../../platform/mail/outbox.js';
import { workshopsCalendar } from '../calendars/calendars.ical.js';
import { findCourse, listCourses } from '../courses/courses.service.js';
import {
  assignmentRefusal,
  facilitatorOfUser,
  facilitatorsByIds,
  listContractedFacilitators,
} from '../facilitators/facilitators.service.js';
import type { Course } from '../courses/courses.schemas.js';
import { listPartners, requirePartner, requirePartnerAccess } from '../partners/partners.service.js';
import { resolveProgramYear } from '../program-years/program-years.service.js';
import type { Partner } from '../partners/partners.schemas.js';
import { distanceMiles, locateZip, normalizeZip, parseRegionUnit } from '../regions/geography.js';
import { checkInCode } from './workshops.attendance.check-in.js';
import * as enrollments from './workshops.enrollments.repository.js';
import { emailKeyOf } from './workshops.enrollments.schemas.js';
import { manageUrl } from './workshops.enrollments.links.js';
import { workshopCancelledMail } from './workshops.enrollments.mail.js';
import { recomputeReminders } from './workshops.reminders.js';
import { aboutWorkshop, sessionsChangedMail } from './workshops.reminders.mail.js';
import * as repo from './workshops.repository.js';
import { fillFreeSeats } from './workshops.seats.js';
import {
  cancelInputSchema,
  catalogQuerySchema,
  organizerQuerySchema,
  presenterInputSchema,
  WORKSHOP_ACTIONS,
  workshopInputSchema,
  workshopPatchSchema,
  type ParsedWorkshopInput,
  type Workshop,
  type WorkshopAction,
  type WorkshopAudience,
  type WorkshopInput,
} from './workshops.schemas.js';
import { workshopError } from './workshops.errors.js';
import { progressState, registrationState, timeZoneOfState } from './workshops.time.js';

/** Reading workshops needs the database and settings; changing them may send mail too. */
type ReadDeps = Pick<CoreDeps, 'db' | 'config'>;
type Deps = ReadDeps & Pick<CoreDeps, 'outbox'>;

/** What the service knows around a stored workshop: its partner (with its year) and the courses. */
interface Context {
  partners: Map<string, Partner>;
  courses: Course[];
  now: string;
}

async function contextFor(db: Kysely<Database>, rows: readonly repo.WorkshopRow[]): Promise<Context> {
  const partners = new Map<string, Partner>();
  for (const partnerId of new Set(rows.map((row) => row.partnerId))) {
    partners.set(partnerId, await requirePartner(db, partnerId));
  }
  return { partners, courses: await listCourses(db), now: nowIso() };
}

/** Who may see what of a workshop: its organizers everything; others the public parts of a published one. */
interface Viewer {
  organizer: boolean;
  /** Sees the virtual link (organizers, and later those enrolled and its facilitators). */
  insider: boolean;
}

function toWorkshop(
  deps: ReadDeps,
  row: repo.WorkshopRow,
  sessions: readonly repo.SessionRow[],
  presenters: readonly repo.PresenterRow[],
  seats: enrollments.SeatCounts,
  context: Context,
  viewer: Viewer,
): Workshop {
  const partner = context.partners.get(row.partnerId);
  return {
    id: row.id,
    partnerId: row.partnerId,
    partnerName: partner?.name ?? '',
    programYear: partner?.programYear ?? '',
    kind: row.kind,
    courseId: row.courseId,
    courseName: context.courses.find((course) => course.id === row.courseId)?.name ?? null,
    subject: row.subject,
    title: row.title,
    topic: row.topic,
    description: row.descriptionMarkdown,
    audience: row.audience.split(',') as WorkshopAudience[],
    capacity: row.capacity,
    seatsLeft: Math.max(0, row.capacity - seats.enrolled),
    ...(viewer.organizer ? { enrolled: seats.enrolled, waitlisted: seats.waitlisted } : {}),
    timeZone: row.timeZone,
    location:
      row.locationMode === 'in_person'
        ? { mode: 'in_person', venue: row.venue ?? '', address: row.address ?? '', zip: row.zip ?? '' }
        : { mode: 'virtual', ...(viewer.insider ? { url: row.virtualUrl ?? '' } : {}) },
    registrationOpensAt: row.registrationOpensAt,
    registrationClosesAt: row.registrationClosesAt,
    visibility: row.visibility,
    status: row.status,
    registration: registrationState(row, context.now),
    progress: progressState(row, context.now),
    cancelReason: row.cancelReason,
    revision: row.revision,
    sessions: sessions.map((session) => {
      const start = wallTimeInZone(session.startsAt, row.timeZone);
      return {
        id: session.id,
        date: start.date,
        start: start.time,
        end: wallTimeInZone(session.endsAt, row.timeZone).time,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
        ...(viewer.organizer ? { checkInCode: checkInCode(deps, session.id) } : {}),
      };
    }),
    facilitators: presenters.map((presenter) => ({
      id: presenter.id,
      facilitatorId: presenter.facilitatorId,
      name: presenter.presenterName ?? '',
    })),
    ...(viewer.organizer && row.visibility === 'invitation'
      ? {
          invitationUrl: `${deps.config.baseUrl}/workshops/${row.id}?invite=${invitationToken(deps, row.id)}`,
        }
      : {}),
  };
}

/**
 * Rows to workshops, each with its sessions and presenters, read in three queries whatever the count; `db` is
 * the caller's transaction when it has one (on SQLite, a query outside it would wait for it to end).
 */
async function toWorkshops(
  deps: ReadDeps,
  rows: readonly repo.WorkshopRow[],
  viewerOf: (row: repo.WorkshopRow) => Viewer,
  db: Kysely<Database> = deps.db.kysely,
): Promise<Workshop[]> {
  const ids = rows.map((row) => row.id);
  const [context, sessions, presenters, seats] = await Promise.all([
    contextFor(db, rows),
    repo.sessionsOf(db, ids),
    repo.presentersOf(db, ids),
    enrollments.seatCounts(db, ids),
  ]);
  const facilitatorNames = new Map(
    (
      await facilitatorsByIds(
        db,
        presenters.flatMap((presenter) => presenter.facilitatorId ?? []),
      )
    ).map((facilitator) => [facilitator.facilitatorId, facilitator.name]),
  );
  return rows.map((row) =>
    toWorkshop(
      deps,
      row,
      sessions.get(row.id) ?? [],
      presenters
        .filter((presenter) => presenter.workshopId === row.id)
        .map((presenter) => ({
          ...presenter,
          presenterName: presenter.presenterName ?? facilitatorNames.get(presenter.facilitatorId ?? '') ?? '',
        })),
      seats.get(row.id) ?? { enrolled: 0, waitlisted: 0 },
      context,
      viewerOf(row),
    ),
  );
}

/** An invitation-only workshop's private link opens that workshop only. */
function invitationToken(deps: ReadDeps, workshopId: string): string {
  return secretCode(deps.config.authSecret, 'workshop-invitation', workshopId);
}

function hasInvitation(deps: ReadDeps, workshopId: string, invite: string | undefined): boolean {
  return isSecretCode(deps.config.authSecret, 'workshop-invitation', workshopId, invite);
}

/** Staff, or the program manager of some partner: who organizes workshops at all. */
function requireOrganizerRole(actor: Actor | null): Actor {
  const signedIn = requireSignedIn(actor);
  if (!isStaff(signedIn) && signedIn.partnerIds.length === 0) {
    throw new AppError('FORBIDDEN', 'Only program staff and partners’ program managers can do this.');
  }
  return signedIn;
}

function isOrganizer(actor: Actor | null, partnerId: string): boolean {
  return actor !== null && (isStaff(actor) || actor.partnerIds.includes(partnerId));
}

const NO_SUCH_WORKSHOP = 'There is no such workshop, or it is not published.';

/**
 * A workshop for its organizers (staff, its partner's program managers). Anyone else is told it does not
 * exist when they could not see it anyway (a draft), and refused when they could (a published one).
 */
async function requireOrganizedWorkshop(db: Kysely<Database>, actor: Actor | null, id: string) {
  const row = await repo.findWorkshop(db, id);
  if (!row || (row.status === 'draft' && !isOrganizer(actor, row.partnerId))) {
    throw workshopError('WORKSHOP_NOT_FOUND', NO_SUCH_WORKSHOP);
  }
  requirePartnerAccess(actor, row.partnerId);
  return row;
}

/** Refuses anyone who does not organize the workshop (its partner's program managers, and staff). */
export async function requireOrganizer(
  deps: ReadDeps,
  options: { actor: Actor | null; id: string },
): Promise<void> {
  await requireOrganizedWorkshop(deps.db.kysely, options.actor, options.id);
}

function requireAction(row: repo.WorkshopRow, action: WorkshopAction): void {
  const rule = WORKSHOP_ACTIONS[action];
  if (!(rule.from as readonly string[]).includes(row.status)) {
    throw workshopError('WORKSHOP_STATUS_CONFLICT', `${rule.refusal}.`);
  }
}

/** The default time zone of a partner's workshops: that of the state of its first region. */
function partnerTimeZone(partner: Partner): string {
  const first = partner.regions[0];
  const parsed = first ? parseRegionUnit(first) : undefined;
  return timeZoneOfState(parsed && 'unit' in parsed ? parsed.unit.state : undefined);
}

/**
 * Checks what only the database knows (the course and its subject, the ZIP in the dataset, the partner's
 * year) and turns the input into the stored values, or refuses with a message beside each field.
 */
async function toValues(
  db: Kysely<Database>,
  partner: Partner,
  input: ParsedWorkshopInput,
): Promise<repo.WorkshopValues> {
  if (input.programYear && input.programYear !== partner.programYear) {
    throw invalidInput([
      {
        path: 'programYear',
        message: `${partner.name} is a partner of ${partner.programYear}; its workshops belong to that year.`,
      },
    ]);
  }
  let courseId: string | null = null;
  let subject: string | null = null;
  if (input.kind === 'course') {
    const course = await findCourse(db, input.courseId ?? '');
    if (!course || course.kind !== 'course') {
      throw invalidInput([{ path: 'courseId', message: 'Choose one of the program’s courses.' }]);
    }
    if (!course.subjects.includes(input.subject ?? '')) {
      throw invalidInput([
        {
          path: 'subject',
          message: `Choose one of ${course.name}’s workshops: ${course.subjects.join(', ')}.`,
        },
      ]);
    }
    courseId = course.id;
    subject = input.subject ?? null;
  } else if (input.kind === 'counselor_admin') {
    // Counselor/administrator PD is a course of its own kind, so that facilitators qualify for it like any.
    courseId = (await listCourses(db)).find((course) => course.kind === 'counselor_admin')?.id ?? null;
  }
  const location = input.location;
  let place: Pick<repo.WorkshopValues, 'venue' | 'address' | 'zip' | 'latitude' | 'longitude' | 'virtualUrl'>;
  if (location.mode === 'in_person') {
    const zip = normalizeZip(location.zip);
    const located = zip ? locateZip(zip) : undefined;
    if (!zip || !located) {
      throw invalidInput([
        {
          path: 'location.zip',
          message: zip
            ? `The ZIP code ${zip} is not in the US ZIP code dataset; check it.`
            : 'Write the ZIP code like 98101.',
        },
      ]);
    }
    place = {
      venue: location.venue,
      address: location.address,
      zip,
      latitude: located.coordinates?.latitude ?? null,
      longitude: located.coordinates?.longitude ?? null,
      virtualUrl: null,
    };
  } else {
    place = {
      venue: null,
      address: null,
      zip: null,
      latitude: null,
      longitude: null,
      virtualUrl: location.url,
    };
  }
  const first = input.sessions[0];
  const last = input.sessions.at(-1);
  return {
    partnerId: partner.id,
    programYearId: await programYearIdOf(db, partner),
    kind: input.kind,
    courseId,
    subject,
    title: input.title,
    topic: input.kind === 'partner_own' ? (input.topic ?? null) : null,
    descriptionMarkdown: input.description,
    audience: [...new Set(input.audience)].join(','),
    capacity: input.capacity,
    timeZone: input.timeZone,
    locationMode: location.mode,
    ...place,
    registrationOpensAt: input.registrationOpensAt,
    registrationClosesAt: input.registrationClosesAt,
    visibility: input.visibility,
    startsAt: first?.startsAt ?? '',
    endsAt: last?.endsAt ?? '',
  };
}

async function programYearIdOf(db: Kysely<Database>, partner: Partner): Promise<string> {
  return (await resolveProgramYear(db, partner.programYear)).id;
}

function parseWorkshop(input: unknown, partner: Partner): ParsedWorkshopInput {
  const given = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  // Without a time zone, the partner's; a form always sends one.
  const timeZone =
    given.timeZone === undefined || given.timeZone === '' ? partnerTimeZone(partner) : given.timeZone;
  return parseInput(workshopInputSchema, { ...given, timeZone });
}

function partnerIdOf(input: unknown): string {
  const partnerId =
    typeof input === 'object' && input !== null ? (input as { partnerId?: unknown }).partnerId : undefined;
  if (typeof partnerId !== 'string' || partnerId.trim() === '') {
    throw invalidInput([{ path: 'partnerId', message: 'Choose the partner running the workshop.' }]);
  }
  return partnerId.trim();
}

/** A partner's program managers (for their partner only) and staff create workshops, as drafts. */
export async function createWorkshop(
  deps: Deps,
  options: { actor: Actor | null; input: unknown },
): Promise<Workshop> {
  const partnerId = partnerIdOf(options.input);
  const actor = requirePartnerAccess(options.actor, partnerId);
  const db = deps.db.kysely;
  const partner = await requirePartner(db, partnerId);
  const input = parseWorkshop(options.input, partner);
  const values = await toValues(db, partner, input);
  const id = await db
    .transaction()
    .execute((trx) => repo.insertWorkshop(trx, { ...values, createdBy: actor.id }, input.sessions));
  return getWorkshop(deps, { actor, id });
}

/** An edit: what it names changes, the rest stays; every change raises the revision calendars follow. */
export async function updateWorkshop(
  deps: Deps,
  options: { actor: Actor | null; id: string; input: unknown },
): Promise<Workshop> {
  const db = deps.db.kysely;
  const row = await requireOrganizedWorkshop(db, options.actor, options.id);
  requireAction(row, 'edit');
  const patch = parseInput(workshopPatchSchema, options.input);
  const [saved] = await toWorkshops(deps, [row], () => ({ organizer: true, insider: true }));
  if (!saved) throw workshopError('WORKSHOP_NOT_FOUND', NO_SUCH_WORKSHOP);
  const partner = await requirePartner(db, row.partnerId);
  const input = parseWorkshop({ ...workshopInputOf(saved), ...patch }, partner);
  const values = await toValues(db, partner, input);
  await db.transaction().execute(async (trx) => {
    // Decided under the seats' lock: a workshop cancelled meanwhile is not edited after all, and capacity is
    // checked against the enrollments as they are.
    const current = await enrollments.lockWorkshop(trx, row.id);
    if (!current) throw workshopError('WORKSHOP_NOT_FOUND', NO_SUCH_WORKSHOP);
    requireAction(current, 'edit');
    const seated = (await enrollments.seatCounts(trx, [row.id])).get(row.id)?.enrolled ?? 0;
    if (values.capacity < seated) {
      throw invalidInput([
        {
          path: 'capacity',
          message: `${seated} people are enrolled, so the workshop needs at least ${seated} seats (you asked for ${values.capacity}). Cancel enrollments first to go lower.`,
        },
      ]);
    }
    const before = await repo.listSessions(trx, row.id);
    await repo.updateWorkshop(trx, row.id, values, input.sessions);
    // More seats (or a registration window open again) go to those waiting.
    const updated = await repo.findWorkshop(trx, row.id);
    if (!updated || updated.status !== 'published') return;
    await fillFreeSeats(deps, trx, updated, (id) => manageUrl(deps, id));
    await recomputeReminders(trx, row.id, nowIso());
    if (sameTimes(before, input.sessions)) return;
    // Everyone enrolled or waiting is told of new times, with the calendar file that updates their events.
    const calendar = await calendarAttachment(deps, trx, updated);
    for (const person of await enrollments.listForWorkshop(trx, row.id)) {
      if (person.status === 'cancelled') continue;
      await deps.outbox.enqueue(
        sessionsChangedMail(deps.config, {
          to: person.email,
          name: person.name,
          workshop: aboutWorkshop(updated, input.sessions),
          manageUrl: manageUrl(deps, person.id),
          calendar,
        }),
        trx,
      );
    }
  });
  return getWorkshop(deps, { actor: options.actor, id: row.id });
}

function sameTimes(a: readonly repo.SessionTimes[], b: readonly repo.SessionTimes[]): boolean {
  const times = (sessions: readonly repo.SessionTimes[]) =>
    JSON.stringify(sessions.map(({ startsAt, endsAt }) => [startsAt, endsAt]));
  return times(a) === times(b);
}

/**
 * The workshop's calendar file, as a mail attachment: the same events (same UIDs, a higher SEQUENCE) as its
 * "Add to calendar" file, so a calendar app updates them, or marks them cancelled.
 */
async function calendarAttachment(
  deps: ReadDeps,
  trx: Kysely<Database>,
  row: repo.WorkshopRow,
): Promise<MailAttachment> {
  const [workshop] = await toWorkshops(deps, [row], () => ({ organizer: false, insider: false }), trx);
  if (!workshop) throw workshopError('WORKSHOP_NOT_FOUND', NO_SUCH_WORKSHOP);
  const invite = row.visibility === 'invitation' ? invitationToken(deps, row.id) : undefined;
  return {
    filename: 'workshop.ics',
    contentType: 'text/calendar; charset=utf-8',
    content: workshopsCalendar({
      name: row.title,
      workshops: [toCalendarWorkshop(deps, workshop, row.updatedAt, invite)],
      prodId: { company: deps.config.programName, product: 'Workshops' },
      host: new URL(deps.config.baseUrl).host,
    }),
  };
}

/** A saved workshop as the input that would make it again: the edit form's starting values. */
export function workshopInputOf(workshop: Workshop): WorkshopInput {
  return {
    partnerId: workshop.partnerId,
    kind: workshop.kind,
    courseId: workshop.kind === 'course' ? (workshop.courseId ?? undefined) : undefined,
    subject: workshop.subject ?? undefined,
    title: workshop.title,
    topic: workshop.topic ?? undefined,
    description: workshop.description,
    audience: workshop.audience,
    capacity: workshop.capacity,
    timeZone: workshop.timeZone,
    location:
      workshop.location.mode === 'in_person'
        ? workshop.location
        : { mode: 'virtual', url: workshop.location.url ?? '' },
    registrationOpensAt: localInput(workshop.registrationOpensAt, workshop.timeZone),
    registrationClosesAt: localInput(workshop.registrationClosesAt, workshop.timeZone),
    visibility: workshop.visibility,
    sessions: workshop.sessions.map(({ date, start, end }) => ({ date, start, end })),
  };
}

function localInput(iso: string | null, timeZone: string): string | undefined {
  if (!iso) return undefined;
  const wall = wallTimeInZone(iso, timeZone);
  return `${wall.date}T${wall.time}`;
}

export async function publishWorkshop(
  deps: Deps,
  options: { actor: Actor | null; id: string },
): Promise<Workshop> {
  const db = deps.db.kysely;
  const row = await requireOrganizedWorkshop(db, options.actor, options.id);
  requireAction(row, 'publish');
  if (row.endsAt <= nowIso()) {
    throw workshopError(
      'WORKSHOP_STATUS_CONFLICT',
      'This workshop has ended; change its sessions to publish it.',
    );
  }
  await db.transaction().execute(async (trx) => {
    const now = nowIso();
    const published = await repo.changeStatus(trx, row.id, WORKSHOP_ACTIONS.publish.from, {
      status: 'published',
      publishedAt: now,
    });
    if (!published) requireAction((await repo.findWorkshop(trx, row.id)) ?? row, 'publish');
    await recomputeReminders(trx, row.id, now);
  });
  return getWorkshop(deps, { actor: options.actor, id: row.id });
}

/** Cancelling says why; the reason is shown on the workshop's page (and will be mailed to everyone enrolled). */
export async function cancelWorkshop(
  deps: Deps,
  options: { actor: Actor | null; id: string; input: unknown },
): Promise<Workshop> {
  const db = deps.db.kysely;
  const row = await requireOrganizedWorkshop(db, options.actor, options.id);
  requireAction(row, 'cancel');
  const { reason } = parseInput(cancelInputSchema, options.input);
  await db.transaction().execute(async (trx) => {
    await enrollments.lockWorkshop(trx, row.id);
    const cancelled = await repo.changeStatus(trx, row.id, WORKSHOP_ACTIONS.cancel.from, {
      status: 'cancelled',
      cancelledAt: nowIso(),
      cancelReason: reason,
    });
    if (!cancelled) requireAction((await repo.findWorkshop(trx, row.id)) ?? row, 'cancel');
    // Its reminders not sent yet are dropped.
    await recomputeReminders(trx, row.id, nowIso());
    // Everyone enrolled or waiting is told, with the reason and the calendar file that marks the events
    // cancelled, in the same transaction.
    const people = (await enrollments.listForWorkshop(trx, row.id)).filter(
      (person) => person.status !== 'cancelled',
    );
    const saved = await repo.findWorkshop(trx, row.id);
    const calendar =
      people.length > 0 && saved?.publishedAt ? await calendarAttachment(deps, trx, saved) : undefined;
    for (const person of people) {
      await deps.outbox.enqueue(
        {
          ...workshopCancelledMail(deps.config, {
            to: person.email,
            name: person.name,
            workshopTitle: row.title,
            reason,
            manageUrl: manageUrl(deps, person.id),
          }),
          attachments: calendar ? [calendar] : undefined,
        },
        trx,
      );
    }
  });
  return getWorkshop(deps, { actor: options.actor, id: row.id });
}

const NO_RELATION = { signedUp: false, seated: false, leads: false };

/** How a signed-in person takes part in a workshop: signed up (with a seat or waiting), or leading it. */
async function relationTo(db: Kysely<Database>, actor: Actor | null, workshopId: string) {
  if (!actor) return NO_RELATION;
  const [enrollment, facilitator] = await Promise.all([
    enrollments.findByPerson(db, workshopId, {
      emailKey: emailKeyOf(actor.email),
      userId: actor.id,
    }),
    facilitatorOfUser(db, actor.id),
  ]);
  const active = enrollment !== undefined && enrollment.status !== 'cancelled';
  return {
    signedUp: active,
    seated: enrollment?.status === 'enrolled',
    leads: facilitator !== undefined && (await repo.isAssigned(db, workshopId, facilitator.facilitatorId)),
  };
}

/**
 * Whether the viewer may see a workshop, and how much: its organizers always; anyone a published one (an
 * invitation-only one with its private link, or once signed up or leading it). A draft is not found for anyone
 * else. The row alone, for a caller that needs no more (a sign-up, on the hot path).
 */
export async function requireVisibleWorkshop(
  deps: ReadDeps,
  options: { actor: Actor | null; id: string; invite?: string | undefined },
): Promise<{ row: repo.WorkshopRow; viewer: Viewer }> {
  const db = deps.db.kysely;
  const row = await repo.findWorkshop(db, options.id);
  if (!row) throw workshopError('WORKSHOP_NOT_FOUND', NO_SUCH_WORKSHOP);
  const organizer = isOrganizer(options.actor, row.partnerId);
  const open =
    row.status !== 'draft' && (row.visibility === 'public' || hasInvitation(deps, row.id, options.invite));
  // Who takes part matters only where it decides: an invitation-only workshop, or its virtual link.
  const relation =
    organizer || (open && row.locationMode !== 'virtual')
      ? NO_RELATION
      : await relationTo(db, options.actor, row.id);
  if (!organizer && !open && !(row.status !== 'draft' && (relation.signedUp || relation.leads))) {
    throw workshopError('WORKSHOP_NOT_FOUND', NO_SUCH_WORKSHOP);
  }
  // The virtual link is for those who take part: organizers, its facilitators, those with a seat.
  return { row, viewer: { organizer, insider: organizer || relation.seated || relation.leads } };
}

/** A workshop as its viewer may see it (see `requireVisibleWorkshop`). */
export async function getWorkshop(
  deps: ReadDeps,
  options: { actor: Actor | null; id: string; invite?: string | undefined },
): Promise<Workshop> {
  const { row, viewer } = await requireVisibleWorkshop(deps, options);
  const [workshop] = await toWorkshops(deps, [row], () => viewer);
  if (!workshop) throw workshopError('WORKSHOP_NOT_FOUND', NO_SUCH_WORKSHOP);
  return workshop;
}

/** The workshop for its edit form, with the values to start from. */
export async function getWorkshopToEdit(deps: ReadDeps, options: { actor: Actor | null; id: string }) {
  const row = await requireOrganizedWorkshop(deps.db.kysely, options.actor, options.id);
  requireAction(row, 'edit');
  const workshop = await getWorkshop(deps, options);
  return { workshop, input: workshopInputOf(workshop) };
}

/** The partners a person may create workshops for, with their default time zones (the new-workshop form). */
export async function listOrganizerPartners(
  deps: ReadDeps,
  options: { actor: Actor | null },
): Promise<{ id: string; name: string; programYear: string; timeZone: string }[]> {
  const db = deps.db.kysely;
  const actor = requireOrganizerRole(options.actor);
  const partners = isStaff(actor)
    ? (await listPartners(db, { actor })).partners
    : await Promise.all(actor.partnerIds.map((id) => requirePartner(db, id)));
  return partners.map((partner) => ({
    id: partner.id,
    name: partner.name,
    programYear: partner.programYear,
    timeZone: partnerTimeZone(partner),
  }));
}

/**
 * The public catalog: upcoming published public workshops, filtered. Near a ZIP code, in-person workshops
 * within the radius come nearest first, then virtual ones (reachable from anywhere) unless only in-person
 * ones were asked for.
 */
export async function listCatalog(
  deps: ReadDeps,
  options: { query: unknown },
): Promise<Paged<Workshop> & { near?: { zip: string; place: string } }> {
  const query = parseInput(catalogQuerySchema, options.query);
  const db = deps.db.kysely;
  let origin: { zip: string; place: string; latitude: number; longitude: number } | undefined;
  if (query.near) {
    const zip = normalizeZip(query.near);
    const located = zip ? locateZip(zip) : undefined;
    if (!zip) throw invalidInput([{ path: 'near', message: 'Write the ZIP code like 98101.' }]);
    if (!located?.coordinates) {
      throw workshopError('ZIP_NOT_FOUND', `The ZIP code ${zip} is not in the US ZIP code dataset.`, [
        { path: 'near', message: `The ZIP code ${zip} is not in the US ZIP code dataset; check it.` },
      ]);
    }
    origin = {
      zip,
      place: [located.city, located.state].filter(Boolean).join(', '),
      ...located.coordinates,
    };
  }
  const rows = await repo.listCatalog(db, {
    now: nowIso(),
    courseId: query.course,
    kind: query.kind,
    audience: query.audience,
    mode: query.mode,
    from: query.from && `${query.from}T00:00:00.000Z`,
    // Through the whole day named, in any US zone: a day later in UTC.
    to: query.to && new Date(Date.parse(`${query.to}T00:00:00Z`) + 36 * 3600_000).toISOString(),
  });
  const q = query.table.q.toLowerCase();
  const searched = q
    ? rows.filter((row) =>
        [row.title, row.topic, row.subject].some((text) => text?.toLowerCase().includes(q)),
      )
    : rows;
  const placed = searched
    .map((row) => ({
      row,
      distance:
        origin && row.latitude !== null && row.longitude !== null
          ? distanceMiles(origin, { latitude: row.latitude, longitude: row.longitude })
          : undefined,
    }))
    .filter(({ row, distance }) =>
      origin
        ? (distance !== undefined && distance <= query.radiusMiles) || row.locationMode === 'virtual'
        : true,
    );
  if (origin) {
    placed.sort(
      (a, b) =>
        (a.distance ?? Infinity) - (b.distance ?? Infinity) || a.row.startsAt.localeCompare(b.row.startsAt),
    );
  }
  const page: Paged<Workshop> = { rows: [], total: placed.length, query: query.table };
  refusePageBeyondEnd(page);
  const { offset, limit } = pageWindow(query.table);
  const shown = placed.slice(offset, offset + limit);
  const workshops = await toWorkshops(
    deps,
    shown.map(({ row }) => row),
    () => ({ organizer: false, insider: false }),
  );
  page.rows = workshops.map((workshop, index) => {
    const distance = shown[index]?.distance;
    return distance === undefined ? workshop : { ...workshop, distanceMiles: Math.round(distance * 10) / 10 };
  });
  return origin ? { ...page, near: { zip: origin.zip, place: origin.place } } : page;
}

/** The organizers' list: a program manager's partners' workshops, or every partner's for staff. */
export async function listOrganizerWorkshops(
  deps: ReadDeps,
  options: { actor: Actor | null; query: unknown },
): Promise<Paged<Workshop>> {
  const actor = requireOrganizerRole(options.actor);
  const query = parseInput(organizerQuerySchema, options.query);
  const scope = isStaff(actor) ? undefined : actor.partnerIds;
  const partnerIds = query.partner ? (scope ?? [query.partner]).filter((id) => id === query.partner) : scope;
  const page = await repo.pageForOrganizers(deps.db.kysely, {
    partnerIds,
    kind: query.kind,
    status: query.status,
    table: query.table,
  });
  const rows = await toWorkshops(deps, page.rows, () => ({ organizer: true, insider: true }));
  return { ...page, rows };
}

/** A workshop as a calendar shows it: its sessions as events, and what changed as the revision. */
export interface CalendarWorkshop {
  id: string;
  title: string;
  partnerName: string;
  /** Plain text for the event's description. */
  summaryText: string;
  /** Absolute URL of the workshop's page. */
  url: string;
  status: 'draft' | 'published' | 'cancelled';
  revision: number;
  timeZone: string;
  updatedAt: string;
  /** "Venue, street, ZIP", or "Online" (never the private link). */
  location: string;
  sessions: { id: string; startsAt: string; endsAt: string }[];
}

function toCalendarWorkshop(
  deps: ReadDeps,
  workshop: Workshop,
  updatedAt: string,
  invite?: string,
): CalendarWorkshop {
  const place =
    workshop.location.mode === 'in_person'
      ? [workshop.location.venue, workshop.location.address, workshop.location.zip].join(', ')
      : 'Online';
  const kindLine = workshop.courseName
    ? [workshop.courseName, workshop.subject].filter(Boolean).join(': ')
    : (workshop.topic ?? '');
  return {
    id: workshop.id,
    title: workshop.title,
    partnerName: workshop.partnerName,
    summaryText: [
      kindLine,
      `Run by ${workshop.partnerName}.`,
      workshop.cancelReason ? `Cancelled: ${workshop.cancelReason}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
    url: `${deps.config.baseUrl}/workshops/${workshop.id}${invite ? `?invite=${invite}` : ''}`,
    status: workshop.status,
    revision: workshop.revision,
    timeZone: workshop.timeZone,
    updatedAt,
    location: place,
    sessions: workshop.sessions.map(({ id, startsAt, endsAt }) => ({ id, startsAt, endsAt })),
  };
}

/** A published (or cancelled after publishing) workshop anyone may see; invitation-only ones need `invite`. */
export async function findCalendarWorkshop(
  deps: ReadDeps,
  options: { id: string; invite?: string | undefined },
): Promise<CalendarWorkshop> {
  const row = await repo.findWorkshop(deps.db.kysely, options.id);
  const visible =
    row !== undefined &&
    row.publishedAt !== null &&
    (row.visibility === 'public' || hasInvitation(deps, row.id, options.invite));
  if (!row || !visible) throw workshopError('WORKSHOP_NOT_FOUND', NO_SUCH_WORKSHOP);
  const [workshop] = await toWorkshops(deps, [row], () => ({ organizer: false, insider: false }));
  if (!workshop) throw workshopError('WORKSHOP_NOT_FOUND', NO_SUCH_WORKSHOP);
  return toCalendarWorkshop(deps, workshop, row.updatedAt, options.invite);
}

/** A partner's public workshops that were published, cancelled ones included so subscribers see the change. */
export async function listPartnerCalendarWorkshops(
  deps: ReadDeps,
  options: { partnerId: string },
): Promise<{ partnerName: string; workshops: CalendarWorkshop[] }> {
  const db = deps.db.kysely;
  const partner = await requirePartner(db, options.partnerId);
  const rows = await repo.listPartnerPublished(db, partner.id);
  const workshops = await toWorkshops(deps, rows, () => ({ organizer: false, insider: false }));
  return {
    partnerName: partner.name,
    workshops: workshops.map((workshop, index) =>
      toCalendarWorkshop(deps, workshop, rows[index]?.updatedAt ?? ''),
    ),
  };
}

/** Staff's list of every partner's workshops, by partner and kind. */
export function listStaffWorkshops(
  deps: ReadDeps,
  options: { actor: Actor | null; query: unknown },
): Promise<Paged<Workshop>> {
  requireStaff(options.actor);
  return listOrganizerWorkshops(deps, options);
}

/**
 * Names a workshop's facilitator. A course or counselor/administrator workshop takes only a facilitator who is
 * approved, qualified for its course and contracted by its partner for its year (the facilitators module says
 * which condition is missing); a partner's own workshop may name anyone as presenter.
 */
export async function assignPresenter(
  deps: Deps,
  options: { actor: Actor | null; id: string; input: unknown },
): Promise<Workshop> {
  const db = deps.db.kysely;
  const actor = options.actor;
  const row = await requireOrganizedWorkshop(db, actor, options.id);
  requireAction(row, 'edit');
  const input = parseInput(presenterInputSchema, options.input);
  if (input.presenterName !== undefined && row.kind !== 'partner_own') {
    throw invalidInput([
      {
        path: 'facilitatorId',
        message:
          'This workshop is led by an approved facilitator: choose one of your contracted facilitators.',
      },
    ]);
  }
  if (input.facilitatorId !== undefined) {
    if (row.kind === 'partner_own') {
      const [known] = await facilitatorsByIds(db, [input.facilitatorId]);
      if (!known) throw invalidInput([{ path: 'facilitatorId', message: 'There is no such facilitator.' }]);
    } else {
      const refusal = await assignmentRefusal(db, {
        facilitatorId: input.facilitatorId,
        partnerId: row.partnerId,
        programYearId: row.programYearId,
        courseId: row.courseId ?? '',
      });
      if (refusal) throw refusal;
    }
  }
  // Two assignments of the same facilitator at once: the database keeps one, and the other is a 409.
  await db.transaction().execute((trx) =>
    repo.addPresenter(trx, {
      workshopId: row.id,
      facilitatorId: input.facilitatorId ?? null,
      presenterName: input.presenterName ?? null,
      assignedBy: actor?.id ?? null,
    }),
  );
  return getWorkshop(deps, { actor, id: row.id });
}

export async function removePresenter(
  deps: Deps,
  options: { actor: Actor | null; id: string; presenterId: string },
): Promise<Workshop> {
  const db = deps.db.kysely;
  const row = await requireOrganizedWorkshop(db, options.actor, options.id);
  requireAction(row, 'edit');
  const removed = await db
    .transaction()
    .execute((trx) => repo.removePresenter(trx, row.id, options.presenterId));
  if (!removed) throw workshopError('PRESENTER_NOT_FOUND', 'This person does not lead this workshop.');
  return getWorkshop(deps, { actor: options.actor, id: row.id });
}

/** The facilitators an organizer may assign to a workshop: contracted for its year and qualified for its course. */
export async function listAssignableFacilitators(
  deps: ReadDeps,
  options: { actor: Actor | null; id: string },
): Promise<{ facilitatorId: string; name: string }[]> {
  const db = deps.db.kysely;
  const row = await requireOrganizedWorkshop(db, options.actor, options.id);
  const contracted = await listContractedFacilitators(db, {
    partnerId: row.partnerId,
    programYearId: row.programYearId,
  });
  return contracted
    .filter((facilitator) => row.kind === 'partner_own' || facilitator.courseIds.includes(row.courseId ?? ''))
    .map(({ facilitatorId, name }) => ({ facilitatorId, name }));
}

/** The workshops the signed-in person leads as facilitator, soonest first (their home page). */
export async function listAssignedWorkshops(
  deps: ReadDeps,
  options: { actor: Actor | null },
): Promise<Workshop[]> {
  const actor = requireSignedIn(options.actor);
  const facilitator = await facilitatorOfUser(deps.db.kysely, actor.id);
  if (!facilitator) return [];
  const rows = await repo.listAssigned(deps.db.kysely, facilitator.facilitatorId);
  // Facilitators see a virtual workshop's link: they lead it.
  return toWorkshops(deps, rows, () => ({ organizer: false, insider: true }));
}

/** The workshops a person leads as facilitator or has signed up for with their account, for their feed. */
export async function listPersonalCalendarWorkshops(
  deps: ReadDeps,
  options: { userId: string },
): Promise<CalendarWorkshop[]> {
  const db = deps.db.kysely;
  const facilitator = await facilitatorOfUser(db, options.userId);
  const [leading, signedUp] = await Promise.all([
    facilitator ? repo.listAssigned(db, facilitator.facilitatorId) : [],
    enrollments.listSignedUpWorkshops(db, options.userId),
  ]);
  const rows = [...new Map([...leading, ...signedUp].map((row) => [row.id, row])).values()].sort((a, b) =>
    a.startsAt.localeCompare(b.startsAt),
  );
  const workshops = await toWorkshops(deps, rows, () => ({ organizer: false, insider: false }));
  return workshops.map((workshop, index) => toCalendarWorkshop(deps, workshop, rows[index]?.updatedAt ?? ''));
}
