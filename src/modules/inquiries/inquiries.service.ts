import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { Database, InquiryRole } from '../../db/schema.js';
import { serializeOn } from '../../db/serial-lock.js';
import { isStaff, requireSignedIn, requireStaff, type Actor } from '../../platform/actor.js';
import { AppError, invalidInput } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Outbox } from '../../platform/mail/outbox.js';
import { parseInput } from '../../platform/validation.js';
import { currentProgramYear } from '../program-years/program-years.service.js';
import { describeUnit, locateZip, type StateCode } from '../regions/geography.js';
import { lookupRegion, type RegionIndex } from '../regions/regions.service.js';
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
  receiptQuerySchema,
  replyInputSchema,
  rerouteInputSchema,
  type InboxQuery,
  type Inquiry,
  type InquiryDetail,
  type RoutedTo,
} from './inquiries.schemas.js';
import { inquiryError } from './inquiries.errors.js';

/** What the inquiries module needs from the portal. */
export interface InquiryDeps {
  db: Db;
  outbox: Outbox;
  config: Config;
  regionIndex: RegionIndex;
}
type Deps = InquiryDeps;

/** Messages one sender address may send per hour; the per-client-address limit is a setting (routes). */
export const SENDER_HOURLY_LIMIT = 5;
const HOUR_MS = 60 * 60_000;

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
  const { isSpamTrapFilled, ...input } = parseInput(inquiryInputSchema, options.input);
  const route = await routeInquiry(deps, input);
  // A robot filled in the field people never see: it is told what a person would be told, and nothing happens.
  if (isSpamTrapFilled) {
    const id = newId();
    return { id, reference: inquiryReference(id), routedTo: routedToOf(route.handler) };
  }
  return deps.db.kysely.transaction().execute((trx) =>
    fileInquiry(trx, deps, {
      sender: { ...input, zip: input.zip ?? null, state: route.state },
      programYearId: route.programYearId,
      handler: route.handler,
      reason: route.reason,
    }),
  );
}

/** The sender of an inquiry, as filed. */
export interface InquirySender {
  name: string;
  email: string;
  role: InquiryRole;
  zip: string | null;
  state: string | null;
  message: string;
}

/**
 * Files an inquiry for a handler already chosen, inside the caller's transaction: the per-sender limit, the
 * record with why it went there, the handler's email and the sender's receipt. The one way an inquiry comes
 * in, whether from the contact form or another module (the eligibility check's "connect me").
 */
export async function fileInquiry(
  trx: Kysely<Database>,
  deps: Pick<Deps, 'outbox' | 'config'>,
  options: { sender: InquirySender; programYearId: string | null; handler: Handler; reason: string },
): Promise<{ id: string; reference: string; routedTo: RoutedTo }> {
  const { sender, handler } = options;
  await refuseOverSenderLimit(trx, sender.email);
  const id = await repo.insertInquiry(trx, {
    name: sender.name,
    email: sender.email,
    role: sender.role,
    zip: sender.zip,
    state: sender.state,
    message: sender.message,
    programYearId: options.programYearId,
    partnerId: handler.kind === 'partner' ? handler.id : null,
  });
  await repo.insertEvent(trx, { inquiryId: id, kind: 'received', actor: null, body: options.reason });
  const reference = inquiryReference(id);
  const inquiry = { id, reference, ...sender };
  await deps.outbox.enqueue(newInquiryMail(deps.config, inquiry, handler), trx);
  await deps.outbox.enqueue(receiptMail(deps.config, inquiry, handler), trx);
  return { id, reference, routedTo: routedToOf(handler) };
}

/**
 * The address of the sender's confirmation: the reference and who will answer are in it, so the page needs
 * nothing stored (and a robot caught by the spam trap gets the same page as a person).
 */
export function receiptPath(sent: { reference: string; routedTo: RoutedTo }): string {
  const to = sent.routedTo.kind === 'partner' ? sent.routedTo.partnerId : 'staff';
  return `/contact/sent?${new URLSearchParams({ ref: sent.reference, to }).toString()}`;
}

/** What the confirmation page shows, from its address: the reference, and the partner (public) or staff. */
export async function readReceipt(db: Kysely<Database>, options: { query: unknown }) {
  const { ref, to } = parseInput(receiptQuerySchema, options.query);
  if (to === 'staff') return { reference: ref, routedTo: routedToOf(STAFF) };
  const partner = await repo.findRouteTarget(db, to);
  if (!partner) throw inquiryError('INQUIRY_NOT_FOUND', 'This confirmation names no partner of the portal.');
  return { reference: ref, routedTo: routedToOf({ kind: 'partner', ...partner }) };
}

/** What a sender quotes when writing about their question: the first eight characters of its id, "3F2A-91BC". */
export function inquiryReference(id: string): string {
  const head = id.replaceAll('-', '').slice(0, 8).toUpperCase();
  return `${head.slice(0, 4)}-${head.slice(4)}`;
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
  const { location } = found;
  const servedUnit = describeUnit(
    found.matchedBy === 'county'
      ? `${location.state}:${location.county ?? ''}`
      : found.matchedBy === 'state'
        ? location.state
        : (location.zip ?? ''),
  );
  return {
    programYearId: year.id,
    state,
    handler: { kind: 'partner', id, name, contactEmail },
    reason: `${name} serves ${servedUnit}.`,
  };
}

/** Counts, then the caller inserts: one sender's submissions take turns, or simultaneous ones all pass the count. */
async function refuseOverSenderLimit(db: Kysely<Database>, email: string): Promise<void> {
  await serializeOn(db, `inquiry-sender:${email}`);
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
  if (!visible) throw inquiryError('INQUIRY_NOT_FOUND', 'There is no such inquiry in your inbox.');
  return inquiry;
}

function toInquiry(record: repo.InquiryRecord & { unread: boolean }): Inquiry {
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
    unread: record.unread,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** Whose inquiries a reader's inbox holds: every one for staff, their partners' for a program manager. */
function inboxOf(actor: Actor): string[] | undefined {
  return isStaff(actor) ? undefined : actor.partnerIds;
}

/** One page of the acting person's inbox, searched, filtered and sorted as asked. */
export async function listInquiries(
  db: Kysely<Database>,
  options: { actor: Actor | null; query: InboxQuery },
) {
  const actor = requireInboxReader(options.actor);
  const { status, routedTo, unread, table } = options.query;
  // A program manager's inbox is their partners' inquiries, whatever the filter asks for.
  const partnerIds = inboxOf(actor);
  const page = await repo.listInquiries(
    db,
    {
      partnerIds,
      routedTo: routedTo === 'staff' ? null : routedTo,
      status: status === 'all' ? undefined : status,
      unreadBy: unread === 'yes' ? actor.id : undefined,
      readerId: actor.id,
    },
    table,
  );
  return { ...page, rows: page.rows.map(toInquiry) };
}

/** What awaits the acting person in their inbox: open inquiries, and those with news since they looked. */
export async function countInbox(db: Kysely<Database>, options: { actor: Actor | null }) {
  const actor = requireInboxReader(options.actor);
  return repo.countInbox(db, { partnerIds: inboxOf(actor), readerId: actor.id });
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
  const [unread, events] = await Promise.all([
    repo.hasNewsFor(db, inquiry.id, actor.id),
    repo.listEvents(db, inquiry.id),
  ]);
  return { ...toInquiry({ ...inquiry, unread }), events };
}

/** The inquiry as its handler opens it in the inbox: from now on it is read, until something happens to it. */
export async function openInquiry(
  db: Kysely<Database>,
  options: { actor: Actor | null; id: string },
): Promise<InquiryDetail> {
  const inquiry = await getInquiry(db, options);
  if (options.actor) await repo.markRead(db, inquiry.id, options.actor.id);
  return inquiry;
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
    await repo.markRead(trx, inquiry.id, actor.id);
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
    await repo.markRead(trx, inquiry.id, actor.id);
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
    await repo.markRead(trx, inquiry.id, actor.id);
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
