import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, TeacherApplicationStatus } from '../../db/schema.js';
import { requireSignedIn, type Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { formatDate } from '../../platform/ui/date.js';
import { parseInput } from '../../platform/validation.js';
import { requirePartner, requirePartnerAccess } from '../partners/partners.service.js';
import * as repo from './teacher-applications.repository.js';
import { teacherApplicationError } from './teacher-applications.errors.js';
import {
  principalAnsweredMail,
  principalAnsweredPartnerMail,
  principalRequestMail,
} from './teacher-applications.mail.js';
import {
  principalAnswerInputSchema,
  teacherApplicationSettingsInputSchema,
  type PrincipalOfApplication,
  type TeacherApplicationSettings,
} from './teacher-applications.schemas.js';

/*
 * Principal approval: a partner may ask that each new application be approved by the teacher's principal
 * before it is accepted. The principal has no account; an emailed private link shows the application and
 * takes one answer. Only the hash of the link's token is stored.
 */

type Deps = Pick<CoreDeps, 'db' | 'outbox' | 'config'>;

// --- The partner's setting.

/** Whether a partner asks for principals' approval (its program managers, and staff). */
export async function getTeacherApplicationSettings(
  db: Kysely<Database>,
  options: { actor: Actor | null; partnerId: string },
): Promise<TeacherApplicationSettings> {
  requirePartnerAccess(options.actor, options.partnerId);
  const partner = await requirePartner(db, options.partnerId);
  const row = await repo.findSettings(db, partner.id);
  return {
    partnerId: partner.id,
    partnerName: partner.name,
    principalApprovalRequired: row?.principalApprovalRequired === 1,
    updatedAt: row?.updatedAt ?? null,
  };
}

/**
 * The partner's program managers (or staff) turn principal approval on or off. It applies to applications
 * from then on and to the acceptance of any not yet accepted; requests already sent keep their answers.
 */
export async function setTeacherApplicationSettings(
  deps: Pick<CoreDeps, 'db'>,
  options: { actor: Actor | null; partnerId: string; input: unknown },
): Promise<TeacherApplicationSettings> {
  const actor = requirePartnerAccess(options.actor, options.partnerId);
  const input = parseInput(teacherApplicationSettingsInputSchema, options.input);
  const db = deps.db.kysely;
  await requirePartner(db, options.partnerId);
  await repo.upsertSettings(db, {
    partnerId: options.partnerId,
    principalApprovalRequired: input.principalApprovalRequired,
    updatedBy: actor.id,
  });
  return getTeacherApplicationSettings(db, options);
}

/** The settings of every partner the acting person manages, for their review list (none for staff). */
export async function listManagedSettings(db: Kysely<Database>, options: { actor: Actor | null }) {
  const actor = requireSignedIn(options.actor);
  return Promise.all(
    actor.partnerIds.map((partnerId) => getTeacherApplicationSettings(db, { actor, partnerId })),
  );
}

/** Whether the partner asks for principals' approval; `db` may be the caller's transaction. */
export async function requiresPrincipalApproval(db: Kysely<Database>, partnerId: string): Promise<boolean> {
  return (await repo.findSettings(db, partnerId))?.principalApprovalRequired === 1;
}

// --- The request.

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface PrincipalRequest {
  applicationId: string;
  status: TeacherApplicationStatus;
  teacherName: string;
  teacherEmail: string;
  schoolName: string;
  courseName: string;
  programYear: string;
  partnerName: string | null;
  principalName: string;
  principalEmail: string;
  /** A request exists already (still unanswered): it gets a new link, and the old one stops working. */
  renew: boolean;
}

/**
 * Emails the principal a private link to approve or decline, inside the caller's transaction (the change that
 * calls for it: a submission, an assignment, a reviewer's resend). The caller has checked permission.
 */
export async function sendPrincipalRequest(
  trx: Kysely<Database>,
  deps: Pick<Deps, 'outbox' | 'config'>,
  request: PrincipalRequest,
  actor: Actor,
): Promise<void> {
  const token = randomBytes(24).toString('base64url');
  const url = `${deps.config.baseUrl}/principal-approvals/${token}`;
  if (request.renew) {
    if (!(await repo.renewApproval(trx, request.applicationId, hashToken(token)))) {
      throw teacherApplicationError(
        'PRINCIPAL_ALREADY_ANSWERED',
        'The principal answered a moment ago; their answer stands.',
      );
    }
  } else {
    await repo.insertApproval(trx, request.applicationId, hashToken(token));
  }
  await repo.insertEvent(trx, {
    applicationId: request.applicationId,
    actor,
    fromStatus: request.status,
    toStatus: request.status,
    note: `${request.renew ? 'Approval request sent again to' : 'Approval requested from'} the principal, ${request.principalName} (${request.principalEmail}).`,
  });
  await deps.outbox.enqueue(
    principalRequestMail(deps.config, {
      to: request.principalEmail,
      principalName: request.principalName,
      teacherName: request.teacherName,
      teacherEmail: request.teacherEmail,
      schoolName: request.schoolName,
      courseName: request.courseName,
      programYear: request.programYear,
      partnerName: request.partnerName,
      url,
      again: request.renew,
    }),
    trx,
  );
}

/** What the application's record says of its principal, as the API and the page show it. */
export function principalOf(record: repo.ApplicationRecord, reviewer: boolean): PrincipalOfApplication {
  return {
    name: record.principalName,
    email: record.principalEmail,
    required: record.principalApprovalRequired === 1,
    approval:
      record.principalStatus !== null && record.principalRequestedAt !== null
        ? {
            status: record.principalStatus,
            requestedAt: record.principalRequestedAt,
            answeredAt: record.principalAnsweredAt,
            comment: reviewer ? record.principalComment : null,
          }
        : null,
  };
}

/**
 * An acceptance waits for the principal's approval while the partner asks for it: refused while the request
 * is unanswered (or was never sent), and when the principal declined.
 */
export function refuseWithoutPrincipalApproval(record: repo.ApplicationRecord): void {
  if (record.principalApprovalRequired !== 1 || record.principalStatus === 'approved') return;
  const partner = record.partnerName ?? 'The partner';
  const principal = record.principalName ?? 'the principal';
  if (record.principalStatus === 'declined') {
    throw teacherApplicationError(
      'PRINCIPAL_APPROVAL_DECLINED',
      `${principal} declined this application on ${formatDate(record.principalAnsweredAt ?? '')}, so it cannot be accepted. Waitlist or decline it.`,
    );
  }
  throw teacherApplicationError(
    'PRINCIPAL_APPROVAL_PENDING',
    record.principalStatus === 'pending'
      ? `${partner} asks for the principal’s approval, and ${principal} has not answered the request of ${formatDate(record.principalRequestedAt ?? '')} yet. Accept once they approve, or send the request again.`
      : `${partner} asks for the principal’s approval, and no request was sent yet: send it to the teacher’s principal first.`,
  );
}

// --- The principal's page.

/** The request a private link opens; one that is not a link of a request is refused the same way always. */
async function requireRequest(db: Kysely<Database>, token: string) {
  const approval = await repo.findApprovalByToken(db, hashToken(token));
  const record = approval ? await repo.findApplication(db, approval.applicationId) : undefined;
  if (!approval || !record) {
    throw teacherApplicationError(
      'PRINCIPAL_LINK_INVALID',
      'This approval link is not valid: a newer request replaced it, or it never existed. Ask the teacher or their Regional Partner to send the request again.',
    );
  }
  return { approval, record };
}

/** What the principal sees: the teacher, school, course and year, and the answer once there is one. */
export async function getPrincipalRequest(db: Kysely<Database>, options: { token: string }) {
  const { approval, record } = await requireRequest(db, options.token);
  const place = [record.schoolCity, record.state].filter(Boolean).join(', ');
  const school = record.schoolName ?? record.unlistedSchoolName ?? '';
  return {
    status: approval.status,
    answeredAt: approval.answeredAt,
    comment: approval.comment,
    withdrawn: record.status === 'withdrawn',
    teacherName: record.teacherName,
    school: place ? `${school} (${place})` : school,
    courseName: record.courseName,
    programYear: record.programYear,
    partnerName: record.partnerName,
    principalName: record.principalName,
  };
}
export type PrincipalRequestView = Awaited<ReturnType<typeof getPrincipalRequest>>;

function alreadyAnswered(approval: { status: string; answeredAt: string | null }) {
  return teacherApplicationError(
    'PRINCIPAL_ALREADY_ANSWERED',
    `This request was already ${approval.status} on ${formatDate(approval.answeredAt ?? '')}; the answer cannot change.`,
  );
}

/**
 * The principal approves or declines, once: holding the link is the permission. Two answers sent at once
 * record one; the other is told the answer stands. The teacher is emailed in the same transaction.
 */
export async function answerPrincipalRequest(deps: Deps, options: { token: string; input: unknown }) {
  const db = deps.db.kysely;
  const tokenHash = hashToken(options.token);
  await requireRequest(db, options.token);
  const { answer, comment } = parseInput(principalAnswerInputSchema, options.input);
  await db.transaction().execute(async (trx) => {
    const { approval, record } = await requireRequest(trx, options.token);
    // The application's lock, as decisions take it: an acceptance then reads the answer settled.
    await repo.lockApplication(trx, record.id);
    if (approval.status !== 'pending') throw alreadyAnswered(approval);
    if (record.status === 'withdrawn') {
      throw teacherApplicationError(
        'APPLICATION_WITHDRAWN',
        `${record.teacherName} withdrew this application, so there is nothing left to approve.`,
      );
    }
    if (!(await repo.answerApproval(trx, tokenHash, { status: answer, comment: comment ?? null }))) {
      const recorded = await repo.findApprovalByToken(trx, tokenHash);
      throw alreadyAnswered(recorded ?? approval);
    }
    const principalName = record.principalName ?? 'The principal';
    await repo.insertEvent(trx, {
      applicationId: record.id,
      actor: null,
      actorName: `${principalName} (principal)`,
      fromStatus: record.status,
      toStatus: record.status,
      note: `The principal ${answer} the application.`,
    });
    const about = {
      teacherName: record.teacherName,
      teacherEmail: record.teacherEmail,
      courseName: record.courseName,
      programYear: record.programYear,
      partnerName: record.partnerName,
      principalName,
    };
    await deps.outbox.enqueue(principalAnsweredMail(deps.config, about, answer), trx);
    if (record.partnerContactEmail) {
      await deps.outbox.enqueue(
        principalAnsweredPartnerMail(
          deps.config,
          { ...about, id: record.id, to: record.partnerContactEmail },
          answer,
        ),
        trx,
      );
    }
  });
  return getPrincipalRequest(db, options);
}
