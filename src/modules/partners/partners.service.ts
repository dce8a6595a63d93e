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
import { parseInput } from '../../platform/validation.js';
import { grantRole } from '../accounts/accounts.service.js';
import { resolveProgramYear } from '../program-years/program-years.service.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import * as repo from './partners.repository.js';
import {
  invitationInputSchema,
  partnerInputSchema,
  type Partner,
  type PartnerInput,
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

/** The public directory: the year's active partners and the regions each serves. */
export async function listDirectory(db: Kysely<Database>, options: { year?: string }) {
  const year = await resolveProgramYear(db, options.year);
  return { year, partners: await repo.listPartnerRecords(db, { programYearId: year.id, activeOnly: true }) };
}

export async function getPartner(
  db: Kysely<Database>,
  options: { actor: Actor | null; id: string },
): Promise<Partner> {
  requirePartnerAccess(options.actor, options.id);
  return requirePartner(db, options.id);
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
  const token = randomBytes(24).toString('base64url');
  const url = `${deps.config.baseUrl}/invitations/${token}`;
  await repo.insertInvitation(trx, {
    partnerId: invitation.partnerId,
    email: invitation.email,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000).toISOString(),
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

/** What an invitation link shows before it is accepted; 404 when it is unknown, used or expired. */
export async function findOpenInvitation(db: Kysely<Database>, token: string) {
  const invitation = await repo.findInvitation(db, hashToken(token));
  if (!invitation || invitation.acceptedAt !== null || invitation.expiresAt < nowIso()) {
    throw partnerError(
      'INVITATION_INVALID',
      'This invitation link is not valid: it was already used, or it expired.',
    );
  }
  return invitation;
}

/** The signed-in person becomes a program manager of the invitation's partner, and of no other. */
export async function acceptInvitation(
  db: Kysely<Database>,
  options: { actor: Actor | null; token: string },
) {
  const actor = requireSignedIn(options.actor);
  return db.transaction().execute(async (trx) => {
    const invitation = await findOpenInvitation(trx, options.token);
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

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
