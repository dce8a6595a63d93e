import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { Database } from '../../db/schema.js';
import { isStaff, requireSignedIn, requireStaff, type Actor } from '../../platform/actor.js';
import type { ChangeFeed } from '../../platform/changes.js';
import { AppError } from '../../platform/errors.js';
import { nowIso } from '../../platform/ids.js';
import type { Outbox } from '../../platform/mail/outbox.js';
import { formatDateTime } from '../../platform/ui/date.js';
import { parseInput } from '../../platform/validation.js';
import { grantRole } from '../accounts/accounts.service.js';
import { listProgramYears, resolveProgramYear } from '../program-years/program-years.service.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import { describeUnit, sortUnits } from '../regions/geography.js';
import * as repo from './partners.repository.js';
import {
  invitationInputSchema,
  invitationQuerySchema,
  listingInputSchema,
  partnerInputSchema,
  partnerListQuerySchema,
  type InvitationRecord,
  type Listing,
  type Partner,
  type PartnerInput,
  type PublicPartner,
} from './partners.schemas.js';
import { partnerError } from './partners.errors.js';
import { invitationMail } from './partners.mail.js';

interface Deps {
  db: Db;
  changes: ChangeFeed;
}

/** What an invitation needs besides the database: the outbox, and the portal's address for the link. */
export interface InvitationDeps {
  outbox: Outbox;
  config: Pick<Config, 'baseUrl' | 'programName'>;
}

/** How long an invitation link works. */
export const INVITATION_DAYS = 14;

/** Staff see every partner; a program manager sees only the partners they manage; nobody else. */
export function requirePartnerAccess(actor: Actor | null, partnerId: string): Actor {
  const signedIn = requireSignedIn(actor);
  if (isStaff(signedIn) || signedIn.partnerIds.includes(partnerId)) return signedIn;
  throw new AppError('FORBIDDEN', 'Only program staff and this partner’s program managers can do this.');
}

export async function listPartners(db: Kysely<Database>, options: { actor: Actor | null; year?: string }) {
  requireStaff(options.actor);
  const year = await resolveProgramYear(db, options.year);
  return { year, partners: await repo.listPartnerRecords(db, { programYearId: year.id }) };
}

/**
 * The year's partners as the API answers whoever asks: staff get the full records; everyone else, signed in
 * or not, the public directory's listing (the year's active partners, their public contact, regions in words).
 */
export async function listPartnersFor(db: Kysely<Database>, options: { actor: Actor | null; year?: string }) {
  if (isStaff(options.actor)) return { listing: 'full' as const, ...(await listPartners(db, options)) };
  const { year, partners } = await listDirectory(db, options);
  return { listing: 'public' as const, year, partners: partners.map(publicListing) };
}

/** What the public sees of a partner: the directory's card. */
function publicListing(partner: Partner): PublicPartner {
  return {
    id: partner.id,
    name: partner.name,
    organizations: partner.organizations,
    contactName: partner.contactName,
    contactEmail: partner.contactEmail,
    contactPhone: partner.contactPhone,
    website: partner.website,
    address: partner.address,
    coursesOffered: partner.coursesOffered,
    regions: sortUnits(partner.regions).map(describeUnit),
  };
}

/** The staff list of a year's partners: a page, searched, sorted and filtered as the address asks. */
export async function listPartnerPage(
  db: Kysely<Database>,
  options: { actor: Actor | null; query: unknown },
) {
  requireStaff(options.actor);
  const query = parseInput(partnerListQuerySchema, options.query);
  const year = await resolveProgramYear(db, query.year);
  const page = await repo.listPartnerPage(
    db,
    { programYearId: year.id, ...(query.state === 'all' ? {} : { active: query.state === 'active' }) },
    query.table,
  );
  return { year, page };
}

/** The public directory: the year's active partners and the regions each serves. */
export async function listDirectory(db: Kysely<Database>, options: { year?: string }) {
  const year = await resolveProgramYear(db, options.year);
  return { year, partners: await repo.listPartnerRecords(db, { programYearId: year.id, activeOnly: true }) };
}

/**
 * A partner's public listing, for its program managers and staff to keep up to date. To anyone else the
 * partner is not there (404), so that ids cannot be probed.
 */
export async function getListing(
  db: Kysely<Database>,
  options: { actor: Actor | null; partnerId: string },
): Promise<Listing> {
  requireListingEditor(options.actor, options.partnerId);
  return listingOf(await requirePartner(db, options.partnerId));
}

export async function updateListing(
  deps: Deps,
  options: { actor: Actor | null; partnerId: string; input: unknown },
): Promise<Listing> {
  requireListingEditor(options.actor, options.partnerId);
  const input = parseInput(listingInputSchema, options.input);
  const db = deps.db.kysely;
  await requirePartner(db, options.partnerId);
  await repo.updateListing(db, options.partnerId, input);
  // The finder and the directory show the listing.
  await deps.changes.publish('regions');
  return listingOf(await requirePartner(db, options.partnerId));
}

/** The partners whose listing this person keeps: a program manager's own (staff pick from the staff list). */
export async function listListingPartners(db: Kysely<Database>, options: { actor: Actor | null }) {
  const actor = requireSignedIn(options.actor);
  if (actor.partnerIds.length === 0) {
    throw new AppError('FORBIDDEN', 'This page is for the program managers of a Regional Partner.');
  }
  return repo.listPartnerNames(db, actor.partnerIds);
}

function requireListingEditor(actor: Actor | null, partnerId: string): Actor {
  const signedIn = requireSignedIn(actor);
  if (isStaff(signedIn) || signedIn.partnerIds.includes(partnerId)) return signedIn;
  if (signedIn.partnerIds.length === 0) {
    throw new AppError('FORBIDDEN', 'Only program staff and the partner’s program managers can do this.');
  }
  throw partnerError('PARTNER_NOT_FOUND', 'There is no such partner among yours.');
}

function listingOf(partner: Partner): Listing {
  return {
    partnerId: partner.id,
    partnerName: partner.name,
    programYear: partner.programYear,
    contactName: partner.contactName,
    contactEmail: partner.contactEmail,
    contactPhone: partner.contactPhone,
    website: partner.website,
    coursesOffered: partner.coursesOffered,
  };
}

export async function getPartner(
  db: Kysely<Database>,
  options: { actor: Actor | null; id: string },
): Promise<Partner> {
  requirePartnerAccess(options.actor, options.id);
  return requirePartner(db, options.id);
}

/** A partner for staff's own pages (its edit form, its regions), which its program managers do not get. */
export async function getPartnerForStaff(
  db: Kysely<Database>,
  options: { actor: Actor | null; id: string },
): Promise<Partner> {
  requireStaff(options.actor);
  return requirePartner(db, options.id);
}

/** A partner and one of its regions, before staff are asked whether to remove it; 404 when it holds none such. */
export async function getPartnerHolding(
  db: Kysely<Database>,
  options: { actor: Actor | null; id: string; unit: string },
): Promise<Partner> {
  const partner = await getPartnerForStaff(db, options);
  if (!partner.regions.includes(options.unit)) {
    throw partnerError('REGION_NOT_HELD', `${partner.name} does not hold ${describeUnit(options.unit)}.`);
  }
  return partner;
}

/** The program years a partner may be created in (staff's form and list). */
export async function listPartnerYears(db: Kysely<Database>, options: { actor: Actor | null }) {
  requireStaff(options.actor);
  return listProgramYears(db);
}

export async function requirePartner(db: Kysely<Database>, id: string): Promise<Partner> {
  const partner = await repo.findPartner(db, id);
  if (!partner) throw partnerError('PARTNER_NOT_FOUND', 'There is no such partner.');
  return partner;
}

export async function createPartner(
  deps: Deps,
  options: { actor: Actor | null; input: unknown },
): Promise<Partner> {
  requireStaff(options.actor);
  const input = parseInput(partnerInputSchema, options.input);
  const db = deps.db.kysely;
  const id = await db
    .transaction()
    .execute(async (trx) => addPartner(trx, { year: await resolveYearField(trx, input.programYear), input }));
  await deps.changes.publish('regions');
  return requirePartner(db, id);
}

export async function updatePartner(
  deps: Deps,
  options: { actor: Actor | null; id: string; input: unknown },
): Promise<Partner> {
  requireStaff(options.actor);
  const input = parseInput(partnerInputSchema, options.input);
  const db = deps.db.kysely;
  await db.transaction().execute(async (trx) => {
    const existing = await requirePartner(trx, options.id);
    if (existing.programYear !== input.programYear) {
      throw new AppError('INVALID_INPUT', 'A partner stays in its program year.', [
        {
          path: 'programYear',
          message: `This partner belongs to ${existing.programYear}; create a new partner for another year.`,
        },
      ]);
    }
    if (existing.name !== input.name) {
      await refuseDuplicateName(trx, await resolveYearField(trx, input.programYear), input.name);
    }
    await repo.updatePartner(trx, options.id, input);
  });
  await deps.changes.publish('regions');
  return requirePartner(db, options.id);
}

async function resolveYearField(db: Kysely<Database>, name: string) {
  try {
    return await resolveProgramYear(db, name);
  } catch (error) {
    if (error instanceof AppError && error.code === 'PROGRAM_YEAR_NOT_FOUND') {
      throw new AppError('INVALID_INPUT', error.message, [
        { path: 'programYear', message: `There is no program year ${name}; staff create years first.` },
      ]);
    }
    throw error;
  }
}

function nameTaken(name: string, yearName: string): AppError {
  return new AppError('CONFLICT', `A partner named “${name}” already exists in ${yearName}.`, [
    { path: 'name', message: 'Another partner of this year has this name.' },
  ]);
}

async function refuseDuplicateName(db: Kysely<Database>, year: ProgramYear, name: string) {
  if (await repo.findPartnerByName(db, year.id, name)) throw nameTaken(name, year.name);
}

/**
 * Adds a partner to a year inside the caller's transaction: the one way a partner comes to exist (staff, an
 * import, an accepted application). A name the year already has is refused with 409, also when another
 * request took it a moment ago (the unique constraint decides). The caller has checked permission.
 */
export async function addPartner(
  trx: Kysely<Database>,
  options: { year: ProgramYear; input: PartnerInput },
): Promise<string> {
  const { year, input } = options;
  await refuseDuplicateName(trx, year, input.name);
  try {
    return await repo.insertPartner(trx, year.id, input);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name, year.name);
    throw error;
  }
}

/** Sets a partner's public contact inside the caller's transaction (an import); nothing else is touched. */
export async function updatePartnerContact(
  trx: Kysely<Database>,
  options: { partnerId: string; contact: { contactName: string; contactEmail: string } },
): Promise<void> {
  await repo.updateContact(trx, options.partnerId, options.contact);
}

/** The partners of a year with their public contact, for checking many lines of an import at once. */
export function listYearPartnerContacts(db: Kysely<Database>, programYearId: string) {
  return repo.listYearPartnerContacts(db, programYearId);
}

export interface Invitation {
  email: string;
  partnerName: string;
  /** The link to send; it carries the only copy of the token. */
  url: string;
}

/** Staff invite a person by email to manage a partner; the email carries a link that works once. */
export async function invitePartnerManager(
  deps: { db: Db } & InvitationDeps,
  options: { actor: Actor | null; partnerId: string; input: unknown },
): Promise<Invitation> {
  const actor = requireStaff(options.actor);
  const { email } = parseInput(invitationInputSchema, options.input);
  const db = deps.db.kysely;
  const partner = await requirePartner(db, options.partnerId);
  const { url } = await db.transaction().execute((trx) =>
    issueInvitation(trx, deps, {
      partnerId: partner.id,
      partnerName: partner.name,
      email,
      createdBy: actor.id,
      why: `${actor.name} invited you to be a program manager of ${partner.name}, a Regional Partner of the ${deps.config.programName} for ${partner.programYear}.`,
    }),
  );
  return { email, partnerName: partner.name, url };
}

/**
 * Issues an invitation inside the caller's transaction and queues its email: the one way an invitation is
 * made (staff invite someone, or an accepted application invites the people it names). Only the hash of the
 * token is stored; the link in the email carries the token itself. The caller has checked permission.
 */
export async function issueInvitation(
  trx: Kysely<Database>,
  deps: InvitationDeps,
  invitation: {
    partnerId: string;
    partnerName: string;
    email: string;
    personName?: string;
    createdBy: string;
    /** How the person came to be invited, the email's first sentence. */
    why: string;
  },
): Promise<{ url: string }> {
  const { token, url, expiresAt } = newInvitationLink(deps);
  await repo.insertInvitation(trx, {
    partnerId: invitation.partnerId,
    email: invitation.email,
    tokenHash: hashToken(token),
    expiresAt,
    createdBy: invitation.createdBy,
  });
  const mail = invitationMail(
    deps.config,
    {
      to: invitation.email,
      personName: invitation.personName,
      partnerName: invitation.partnerName,
      why: invitation.why,
      url,
    },
    INVITATION_DAYS,
  );
  await deps.outbox.enqueue(mail, trx);
  return { url };
}

/**
 * What an invitation link shows before it is accepted; 404 when it is unknown or used, and when it was revoked
 * or expired, saying so and whom to ask for a new one.
 */
export async function findOpenInvitation(db: Kysely<Database>, token: string) {
  const invitation = await repo.findInvitation(db, hashToken(token));
  if (!invitation || invitation.acceptedAt !== null) {
    throw partnerError(
      'INVITATION_INVALID',
      'This invitation link is not valid: it was already used, replaced by a newer one, or never existed.',
    );
  }
  const askFor = `ask ${invitation.inviterName ? `${invitation.inviterName} (${invitation.inviterEmail ?? ''})` : 'program staff'} for a new invitation if you should manage ${invitation.partnerName}`;
  if (invitation.revokedAt !== null) {
    throw partnerError('INVITATION_REVOKED', `This invitation was revoked. Please ${askFor}.`);
  }
  if (invitation.expiresAt < nowIso()) {
    throw partnerError(
      'INVITATION_EXPIRED',
      `This invitation expired on ${formatDateTime(invitation.expiresAt)}. Please ${askFor}.`,
    );
  }
  return invitation;
}

/**
 * The signed-in person becomes a program manager of the invitation's partner, and of no other. Only the person
 * it was sent to: an account with the invited address (created with it, or changed to it, which the portal
 * confirms from that address). A forwarded or leaked link makes nobody else a manager.
 */
export async function acceptInvitation(
  db: Kysely<Database>,
  options: { actor: Actor | null; token: string },
) {
  const actor = requireSignedIn(options.actor);
  return db.transaction().execute(async (trx) => {
    const invitation = await findOpenInvitation(trx, options.token);
    if (actor.email.trim().toLowerCase() !== invitation.email.trim().toLowerCase()) {
      throw partnerError(
        'INVITATION_FOR_ANOTHER_ADDRESS',
        `This invitation was sent to ${invitation.email}, and you are signed in as ${actor.email}. ` +
          'Sign out, then sign in with that address (or create an account with it) to accept it.',
      );
    }
    if (!(await repo.markInvitationAccepted(trx, invitation.id, actor.id))) {
      throw partnerError('INVITATION_INVALID', 'This invitation link was already used.');
    }
    await grantRole(trx, { userId: actor.id, role: 'program_manager', partnerId: invitation.partnerId });
    return { partnerId: invitation.partnerId, partnerName: invitation.partnerName };
  });
}

export async function listPartnerPeople(
  db: Kysely<Database>,
  options: { actor: Actor | null; partnerId: string },
) {
  requireStaff(options.actor);
  const [managers, invitations] = await Promise.all([
    repo.listManagers(db, options.partnerId),
    repo.listInvitations(db, options.partnerId),
  ]);
  return { managers, invitations };
}

/**
 * The names and addresses of a partner's program managers, for mail the portal sends them (the reminder to
 * complete a workshop's attendance); `db` may be the caller's transaction.
 */
export function listProgramManagerContacts(
  db: Kysely<Database>,
  partnerId: string,
): Promise<{ name: string; email: string }[]> {
  return repo.listManagers(db, partnerId);
}

/** Every partner's invitations, a page at a time, by status (pending unless the address says otherwise). */
export async function listInvitationPage(
  db: Kysely<Database>,
  options: { actor: Actor | null; query: unknown },
) {
  requireStaff(options.actor);
  const query = parseInput(invitationQuerySchema, options.query);
  return repo.listInvitationPage(db, query.status === 'all' ? {} : { status: query.status }, query.table);
}

export async function getInvitation(
  db: Kysely<Database>,
  options: { actor: Actor | null; id: string },
): Promise<InvitationRecord> {
  requireStaff(options.actor);
  const invitation = await repo.findInvitationRecord(db, options.id);
  if (!invitation) throw partnerError('INVITATION_NOT_FOUND', 'There is no such invitation.');
  return invitation;
}

/** How many invitations wait for their person: not accepted, not revoked, not expired (staff's dashboard). */
export async function countPendingInvitations(db: Kysely<Database>, options: { actor: Actor | null }) {
  requireStaff(options.actor);
  return repo.countPendingInvitations(db);
}

/** Staff withdraw an invitation nobody used yet; its link then says it was revoked. */
export async function revokeInvitation(
  db: Kysely<Database>,
  options: { actor: Actor | null; id: string },
): Promise<InvitationRecord> {
  const actor = requireStaff(options.actor);
  return db.transaction().execute(async (trx) => {
    const invitation = await getInvitation(trx, options);
    if (invitation.status === 'accepted' || invitation.status === 'revoked') {
      throw partnerError(
        'INVITATION_CLOSED',
        `This invitation was already ${invitation.status}; there is nothing to revoke.`,
      );
    }
    if (!(await repo.markInvitationRevoked(trx, invitation.id, actor.id))) {
      throw partnerError('INVITATION_CLOSED', 'This invitation was accepted or revoked a moment ago.');
    }
    return getInvitation(trx, options);
  });
}

/**
 * Sends an unused invitation again with a new link and a new expiry, through the outbox; the old link stops
 * working. A revoked or expired one may be sent again too (staff changed their mind, or the person was late).
 */
export async function resendInvitation(
  deps: { db: Db } & InvitationDeps,
  options: { actor: Actor | null; id: string },
): Promise<InvitationRecord> {
  const actor = requireStaff(options.actor);
  return deps.db.kysely.transaction().execute(async (trx) => {
    const invitation = await getInvitation(trx, options);
    if (invitation.status === 'accepted') {
      throw partnerError(
        'INVITATION_CLOSED',
        'This invitation was already accepted; there is nothing to resend.',
      );
    }
    const partner = await requirePartner(trx, invitation.partnerId);
    const { token, url, expiresAt } = newInvitationLink(deps);
    if (
      !(await repo.renewInvitation(trx, invitation.id, {
        tokenHash: hashToken(token),
        expiresAt,
        createdBy: actor.id,
      }))
    ) {
      throw partnerError('INVITATION_CLOSED', 'This invitation was accepted a moment ago.');
    }
    await deps.outbox.enqueue(
      invitationMail(
        deps.config,
        {
          to: invitation.email,
          partnerName: partner.name,
          why: `${actor.name} invited you again to be a program manager of ${partner.name}, a Regional Partner of the ${deps.config.programName} for ${partner.programYear}. Earlier links no longer work.`,
          url,
        },
        INVITATION_DAYS,
      ),
      trx,
    );
    return getInvitation(trx, options);
  });
}

/** A new invitation token, its link and its expiry; only the hash of the token is ever stored. */
function newInvitationLink(deps: InvitationDeps) {
  const token = randomBytes(24).toString('base64url');
  return {
    token,
    url: `${deps.config.baseUrl}/invitations/${token}`,
    expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000).toISOString(),
  };
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
