import { APPLICATION_STATUSES, type ApplicationStatus } from '../../db/schema.js';
import { defineLifecycle, statusesOf } from '../../platform/ui/badge.js';

export { APPLICATION_STATUSES, type ApplicationStatus };

/*
 * The one definition of a partner application's lifecycle (DESIGN: draft → submitted → in_review → interview →
 * accepted | declined, plus withdrawn by the applicant before a decision): its labels and tones, which moves
 * staff may make from which status, and what the applicant may still do. The services refuse what it forbids
 * and the views offer only what it allows.
 */

export const APPLICATION_LIFECYCLE = defineLifecycle<ApplicationStatus>({
  draft: { label: 'Draft', tone: 'neutral' },
  submitted: { label: 'Submitted', tone: 'info' },
  in_review: { label: 'In review', tone: 'progress' },
  interview: { label: 'Interview', tone: 'progress' },
  accepted: { label: 'Accepted', tone: 'success' },
  declined: { label: 'Declined', tone: 'danger' },
  withdrawn: { label: 'Withdrawn', tone: 'neutral' },
});

export function statusLabel(status: ApplicationStatus): string {
  return APPLICATION_LIFECYCLE[status].label;
}

/** A status as the end of a sentence: "This application is in review …". */
export function statusWords(status: ApplicationStatus): string {
  return statusLabel(status).toLowerCase();
}

/** The moves staff make, each with the statuses it may start from. */
export const STAFF_MOVES = {
  in_review: ['submitted'],
  interview: ['in_review'],
  accepted: ['interview'],
  declined: ['in_review', 'interview'],
} as const satisfies Record<string, readonly ApplicationStatus[]>;
export type StaffMove = keyof typeof STAFF_MOVES;
export const STAFF_MOVE_NAMES = Object.keys(STAFF_MOVES) as [StaffMove, ...StaffMove[]];

export function canMove(from: ApplicationStatus, to: StaffMove): boolean {
  return (STAFF_MOVES[to] as readonly ApplicationStatus[]).includes(from);
}

/** What staff may do next with an application in `status`, in the order the page offers it. */
export function staffMovesFrom(status: ApplicationStatus): StaffMove[] {
  return STAFF_MOVE_NAMES.filter((to) => canMove(status, to));
}

/** The applicant may withdraw at any point before a decision. */
export const WITHDRAWABLE: readonly ApplicationStatus[] = ['draft', 'submitted', 'in_review', 'interview'];

/** Only a draft may be deleted: once submitted, staff have received it, and withdrawing keeps the record. */
export function isDeletable(status: ApplicationStatus): boolean {
  return status === 'draft';
}

/**
 * What the applicant's page offers to end an application: a draft is deleted (a withdrawn draft would stay in
 * their list for ever), a submitted one withdrawn.
 */
export function applicantEnding(status: ApplicationStatus): 'delete' | 'withdraw' | null {
  if (isDeletable(status)) return 'delete';
  return WITHDRAWABLE.includes(status) ? 'withdraw' : null;
}

/** Staff review what was submitted: drafts are the applicant's own business, withdrawn ones are over. */
export function isReviewable(status: ApplicationStatus): boolean {
  return status !== 'draft' && status !== 'withdrawn';
}

/** The statuses a staff queue shows and filters by: everything once submitted, never drafts. */
export const QUEUE_STATUSES = statusesOf(APPLICATION_LIFECYCLE).filter((status) => status !== 'draft') as [
  ApplicationStatus,
  ...ApplicationStatus[],
];

/** An application is named by its lead organization once it has one. */
export function applicationName(leadOrganization: string | null | undefined): string {
  return leadOrganization ?? 'Untitled application';
}
