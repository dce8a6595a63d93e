import type { Kysely } from 'kysely';
import type { AppDeps } from '../../app-deps.js';
import type { Database } from '../../db/schema.js';
import { isStaff, requireSignedIn, requireStaff, type Actor } from '../../platform/actor.js';
import { AppError, invalidInput } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { parseInput } from '../../platform/validation.js';
import { currentProgramYear } from '../program-years/program-years.service.js';
import { locateZip, type StateCode } from '../regions/geography.js';
import { lookupRegion } from '../regions/regions.service.js';
import * as repo from './inquiries.repository.js';
import {
  describePlace,
  newInquiryMail,
  receiptMail,
  reroutedInquiryMail,
  replyMail,
  type Handler,
} from './inquiries.mail.js';
import {
  inquiryInputSchema,
  replyInputSchema,
  rerouteInputSchema,
  type InboxQuery,
  type Inquiry,
  type InquiryDetail,
  type RoutedTo,
} from './inquiries.schemas.js';

type Deps = Pick<AppDeps, 'db' | 'outbox' | 'config' | 'regionIndex'>;

/** Messages one sender address may send per hour; the per-client-address limit is a setting (routes). */
export const SENDER_HOURLY_LIMIT = 5;
const HOUR_MS = 60 * 60_000;
/** An inbox page lists this many inquiries, newest first; filters narrow it down. */
const LIST_LIMIT = 200;

const STAFF: Handler = { kind: 'staff' };

interface Route {
  programYearId: string | null;
  state: StateCode | null;
  handler: Handler;
  /** Why it went there, for the inquiry's history. */
  reason: string;
}

/**
 * A question from the public: stored, routed to the partner serving the sender's ZIP (or state) in the current
 * program year, or else to program staff, who both get an email; the sender gets a confirmation.
 */
export async function submitInquiry(deps: Deps, options: { input: unknown }) {
  const input = parseInput(inquiryInputSchema, options.input);
  const route = await routeInquiry(deps, input);
  // A robot filled in the field people never see: it is told what a person would be told, and nothing happens.
  if (input.isSpamTrapFilled) return { id: newId(), routedTo: routedToOf(route.handler) };
  const id = await deps.db.kysely.transaction().execute(async (trx) => {
    await refuseOverSenderLimit(trx, input.email);
    const fields = {
      name: input.name,
      email: input.email,
      role: input.role,
      zip: input.zip ?? null,
      state: route.state,
      message: input.message,
    };
    const inquiryId = await repo.insertInquiry(trx, {
      ...fields,
      programYearId: route.programYearId,
      partnerId: route.handler.kind === 'partner' ? route.handler.id : null,
    });
    await repo.insertEvent(trx, { inquiryId, kind: 'received', actor: null, body: route.reason });
    const inquiry = { id: inquiryId, ...fields };
    await deps.outbox.enqueue(newInquiryMail(deps.config, inquiry, route.handler), trx);
    await deps.outbox.enqueue(receiptMail(deps.config, inquiry, route.handler), trx);
    return inquiryId;
  });
  return { id, routedTo: routedToOf(route.handler) };
}

/**
 * The finest assigned unit of the current year wins (ZIP, county, state). With only a state, only a partner
 * holding the whole state can be sure to serve the sender; one holding a county or ZIP in it might not.
 */
async function routeInquiry(deps: Deps, place: { zip?: string; state?: StateCode }): Promise<Route> {
  const db = deps.db.kysely;
  const state = place.zip ? (locateZip(place.zip)?.state ?? null) : (place.state ?? null);
  const where = describePlace({ zip: place.zip ?? null, state });
  const year = await currentProgramYear(db);
  if (!year) return { programYearId: null, state, handler: STAFF, reason: 'No program year is current.' };
  if (!place.zip && !state) {
    return { programYearId: year.id, state, handler: STAFF, reason: 'The sender gave no ZIP code or state.' };
  }
  const found = await lookupRegion(
    { db, regionIndex: deps.regionIndex },
    place.zip ? { zip: place.zip, year: year.name } : { state: state ?? undefined, year: year.name },
  );
  if (!found.partner) {
    return { programYearId: year.id, state, handler: STAFF, reason: `No partner serves ${where}.` };
  }
  const { id, name, contactEmail } = found.partner;
  const servedUnit =
    found.matchedBy === 'county'
      ? `${found.location.county ?? ''} County, ${found.location.state}`
      : found.matchedBy === 'state'
        ? describePlace({ zip: null, state: found.location.state })
        : `ZIP code ${found.location.zip ?? ''}`;
  return {
    programYearId: year.id,
    state,
    handler: { kind: 'partner', id, name, contactEmail },
    reason: `${name} serves ${servedUnit}.`,
  };
}

async function refuseOverSenderLimit(db: Kysely<Database>, email: string): Promise<void> {
  const since = new Date(Date.now() - HOUR_MS).toISOString();
  if ((await repo.countSentSince(db, email, since)) >= SENDER_HOURLY_LIMIT) {
    throw new AppError(
      'RATE_LIMITED',
      `You have already sent ${SENDER_HOURLY_LIMIT} messages from this email address in the last hour. ` +
        'We will answer them; please wait an hour before sending another.',
    );
  }
}

function routedToOf(handler: Handler): RoutedTo {
  return handler.kind === 'partner'
    ? { kind: 'partner', partnerId: handler.id, partnerName: handler.name }
    : { kind: 'staff' };
}

/** Staff read every inquiry; a program manager reads those of the partners they manage; nobody else has an inbox. */
function requireInboxReader(actor: Actor | null): Actor {
  const signedIn = requireSignedIn(actor);
  if (isStaff(signedIn) || signedIn.roles.includes('program_manager')) return signedIn;
  throw new AppError('FORBIDDEN', 'Only program staff and partner program managers have an inquiry inbox.');
}

async function requireInquiry(db: Kysely<Database>, actor: Actor, id: string): Promise<repo.InquiryRecord> {
  const inquiry = await repo.findInquiry(db, id);
  const visible =
    inquiry !== undefined &&
    (isStaff(actor) || (inquiry.partnerId !== null && actor.partnerIds.includes(inquiry.partnerId)));
  // Another partner's inquiry gets the same answer as none at all: its existence is not theirs to know.
  if (!visible) throw new AppError('INQUIRY_NOT_FOUND', 'There is no such inquiry in your inbox.');
  return inquiry;
}

function toInquiry(record: repo.InquiryRecord): Inquiry {
  return {
    id: record.id,
    name: record.name,
    email: record.email,
    role: record.role,
    zip: record.zip,
    state: record.state,
    message: record.message,
    status: record.status,
    programYear: record.programYear,
    routedTo:
      record.partnerId !== null
        ? { kind: 'partner', partnerId: record.partnerId, partnerName: record.partnerName ?? '' }
        : { kind: 'staff' },
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export async function listInquiries(
  db: Kysely<Database>,
  options: { actor: Actor | null; query: InboxQuery },
) {
  const actor = requireInboxReader(options.actor);
  const { status, routedTo } = options.query;
  // A program manager's inbox is their partners' inquiries, whatever the filter asks for.
  const partnerIds = isStaff(actor) ? undefined : actor.partnerIds;
  if (partnerIds?.length === 0) return { inquiries: [], truncated: false };
  const rows = await repo.listInquiries(db, {
    partnerIds,
    routedTo: routedTo === 'staff' ? null : routedTo,
    status: status === 'all' ? undefined : status,
    limit: LIST_LIMIT + 1,
  });
  return { inquiries: rows.slice(0, LIST_LIMIT).map(toInquiry), truncated: rows.length > LIST_LIMIT };
}

/** The partners a staff inbox can be narrowed to (the current year's); a program manager's is not narrowed. */
export async function listInboxPartners(db: Kysely<Database>, options: { actor: Actor | null }) {
  const actor = requireInboxReader(options.actor);
  if (!isStaff(actor)) return [];
  const year = await currentProgramYear(db);
  return year ? repo.listYearPartners(db, year.id, { activeOnly: false }) : [];
}

export async function getInquiry(
  db: Kysely<Database>,
  options: { actor: Actor | null; id: string },
): Promise<InquiryDetail> {
  const actor = requireInboxReader(options.actor);
  const inquiry = await requireInquiry(db, actor, options.id);
  return { ...toInquiry(inquiry), events: await repo.listEvents(db, inquiry.id) };
}

/** Emails the answer to the sender and marks the inquiry answered (a closed one too: the reply is news). */
export async function replyToInquiry(
  deps: Deps,
  options: { actor: Actor | null; id: string; input: unknown },
) {
  const actor = requireInboxReader(options.actor);
  const db = deps.db.kysely;
  await db.transaction().execute(async (trx) => {
    const inquiry = await requireInquiry(trx, actor, options.id);
    const { body } = parseInput(replyInputSchema, options.input);
    await repo.insertEvent(trx, { inquiryId: inquiry.id, kind: 'reply', actor, body });
    await repo.updateInquiry(trx, inquiry.id, { status: 'answered' });
    const answerer = await answererOf(trx, deps.config, actor, inquiry);
    await deps.outbox.enqueue(replyMail(deps.config, inquiry, { body, ...answerer }), trx);
  });
  return getInquiry(db, options);
}

/** Who the sender is told answered, and where they can write back: the partner, or program staff. */
async function answererOf(
  db: Kysely<Database>,
  config: Deps['config'],
  actor: Actor,
  inquiry: repo.InquiryRecord,
) {
  const partner =
    !isStaff(actor) && inquiry.partnerId !== null
      ? await repo.findRouteTarget(db, inquiry.partnerId)
      : undefined;
  return partner
    ? { answeredBy: partner.name, writeBackTo: partner.contactEmail }
    : { answeredBy: `Program staff of the ${config.programName}`, writeBackTo: config.programContactEmail };
}

/** Closing takes an inquiry out of the open list; it can be reopened. Closing a closed one changes nothing. */
export async function closeInquiry(deps: Pick<Deps, 'db'>, options: { actor: Actor | null; id: string }) {
  const actor = requireInboxReader(options.actor);
  const db = deps.db.kysely;
  await db.transaction().execute(async (trx) => {
    const inquiry = await requireInquiry(trx, actor, options.id);
    if (inquiry.status === 'closed') return;
    await repo.insertEvent(trx, { inquiryId: inquiry.id, kind: 'closed', actor, body: null });
    await repo.updateInquiry(trx, inquiry.id, { status: 'closed' });
  });
  return getInquiry(db, options);
}

/** Back to where it was before closing: answered if anyone replied, else open. */
export async function reopenInquiry(deps: Pick<Deps, 'db'>, options: { actor: Actor | null; id: string }) {
  const actor = requireInboxReader(options.actor);
  const db = deps.db.kysely;
  await db.transaction().execute(async (trx) => {
    const inquiry = await requireInquiry(trx, actor, options.id);
    if (inquiry.status !== 'closed') return;
    await repo.insertEvent(trx, { inquiryId: inquiry.id, kind: 'reopened', actor, body: null });
    await repo.updateInquiry(trx, inquiry.id, {
      status: (await repo.hasReply(trx, inquiry.id)) ? 'answered' : 'open',
    });
  });
  return getInquiry(db, options);
}

/**
 * Staff pass an inquiry to another partner of its year, or take it back. It is open again for its new handler,
 * who gets it by email; the partner it leaves no longer sees it.
 */
export async function rerouteInquiry(
  deps: Deps,
  options: { actor: Actor | null; id: string; input: unknown },
) {
  const actor = requireStaff(options.actor);
  const db = deps.db.kysely;
  await db.transaction().execute(async (trx) => {
    const inquiry = await requireInquiry(trx, actor, options.id);
    const { to } = parseInput(rerouteInputSchema, options.input);
    const { handler, programYearId } = await rerouteTarget(trx, inquiry, to);
    const partnerId = handler.kind === 'partner' ? handler.id : null;
    if (partnerId === inquiry.partnerId) {
      throw invalidInput([{ path: 'to', message: 'The inquiry is already routed there; choose another.' }]);
    }
    await repo.updateInquiry(trx, inquiry.id, { partnerId, programYearId, status: 'open' });
    const from = inquiry.partnerName ?? 'program staff';
    const toName = handler.kind === 'partner' ? handler.name : 'program staff';
    await repo.insertEvent(trx, {
      inquiryId: inquiry.id,
      kind: 'rerouted',
      actor,
      body: `From ${from} to ${toName}.`,
    });
    await deps.outbox.enqueue(reroutedInquiryMail(deps.config, inquiry, handler), trx);
  });
  return getInquiry(db, options);
}

/** An active partner of the inquiry's program year (the current one, if it came in before any was). */
async function rerouteTarget(db: Kysely<Database>, inquiry: repo.InquiryRecord, to: string) {
  const programYearId = inquiry.programYearId ?? (await currentProgramYear(db))?.id ?? null;
  if (to === 'staff') return { handler: STAFF, programYearId };
  const partner = await repo.findRouteTarget(db, to);
  if (!partner || partner.active !== 1 || partner.programYearId !== programYearId) {
    throw invalidInput([
      { path: 'to', message: 'Choose one of this program year’s active partners, or program staff.' },
    ]);
  }
  const handler: Handler = {
    kind: 'partner',
    id: partner.id,
    name: partner.name,
    contactEmail: partner.contactEmail,
  };
  return { handler, programYearId };
}

/** Where staff may pass an inquiry on to; nowhere for anyone else. */
export async function listRerouteTargets(db: Kysely<Database>, options: { actor: Actor | null; id: string }) {
  const actor = requireInboxReader(options.actor);
  if (!isStaff(actor)) return [];
  const inquiry = await requireInquiry(db, actor, options.id);
  const programYearId = inquiry.programYearId ?? (await currentProgramYear(db))?.id;
  return programYearId ? repo.listYearPartners(db, programYearId, { activeOnly: true }) : [];
}
