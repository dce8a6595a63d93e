import type { Kysely } from 'kysely';
import type { CoreDeps } from '../../platform/deps.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { Database } from '../../db/schema.js';
import { isStaff, requireSignedIn, requireStaff, type Actor } from '../../platform/actor.js';
import { AppError, invalidInput } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { requirePartnerAccess } from '../partners/partners.service.js';
import { diffLines } from './press-releases.diff.js';
import { publishedMail, reviewMail, submittedMail, type ReviewStep } from './press-releases.mail.js';
import * as repo from './press-releases.repository.js';
import {
  allows,
  approveInputSchema,
  commentInputSchema,
  compareQuerySchema,
  createInputSchema,
  draftInputSchema,
  PRESS_RELEASE_ACTIONS,
  PRESS_RELEASE_STATUSES,
  publishInputSchema,
  reviewDecisionSchema,
  type PressRelease,
  type PressReleaseAction,
  type PressReleaseDetail,
  type PressReleaseQuery,
  type PressReleaseStatus,
  type ReviewDecision,
  type VersionDiff,
} from './press-releases.schemas.js';
import { pressReleaseError } from './press-releases.errors.js';

type Deps = Pick<CoreDeps, 'db' | 'outbox' | 'config'>;

/** Staff, and program managers (for the partners they manage), work with press releases; nobody else does. */
function requireAuthor(actor: Actor | null): Actor {
  const signedIn = requireSignedIn(actor);
  if (isStaff(signedIn) || signedIn.roles.includes('program_manager')) return signedIn;
  throw new AppError(
    'FORBIDDEN',
    'Only program staff and partner program managers work with press releases.',
  );
}

async function requireRelease(
  db: Kysely<Database>,
  actor: Actor,
  id: string,
): Promise<repo.PressReleaseRecord> {
  const release = await repo.findPressRelease(db, id);
  // Another partner's press release gets the same answer as none at all: its existence is not theirs to know.
  if (!release || !(isStaff(actor) || actor.partnerIds.includes(release.partnerId))) {
    throw pressReleaseError('PRESS_RELEASE_NOT_FOUND', 'There is no such press release among yours.');
  }
  return release;
}

/** Refuses anyone who may not act on this release as its author: its partner's managers, and staff. */
export async function requireReleaseAuthor(
  deps: Pick<Deps, 'db'>,
  options: { actor: Actor | null; id: string },
): Promise<void> {
  await requireRelease(deps.db.kysely, requireAuthor(options.actor), options.id);
}

/** Refuses anyone but staff, who review releases, and a release that does not exist. */
export async function requireReleaseReviewer(
  deps: Pick<Deps, 'db'>,
  options: { actor: Actor | null; id: string },
): Promise<void> {
  await requireRelease(deps.db.kysely, requireStaff(options.actor), options.id);
}

/** Where a press release stands, as the end of a sentence beginning "this one is". */
const STANDING: Record<PressReleaseStatus, string> = {
  draft: 'a draft',
  submitted: 'submitted for review',
  changes_requested: 'waiting for the changes staff asked for',
  approved: 'approved',
  published: 'published',
};

/**
 * Refuses an action the release's status does not allow. When it already has the status the action would give
 * it (a double click, or two people acting at once), it says so plainly.
 */
function requireStatus(
  release: repo.PressReleaseRecord,
  action: PressReleaseAction,
  target?: PressReleaseStatus,
): void {
  if (allows(action, release.status)) return;
  throw pressReleaseError(
    'PRESS_RELEASE_WRONG_STATUS',
    release.status === target
      ? `This press release is already ${STANDING[release.status]}; reload the page to see where it stands.`
      : `${PRESS_RELEASE_ACTIONS[action].refusal}; this one is ${STANDING[release.status]}.`,
  );
}

/**
 * Writes the change only if the status still allows the action, and returns the release as it is now, within
 * the transaction. Checking first is not enough: two requests can both pass the check before either writes.
 */
async function changeIfStill(
  trx: Kysely<Database>,
  release: repo.PressReleaseRecord,
  action: PressReleaseAction,
  patch: Parameters<typeof repo.updatePressRelease>[2],
): Promise<repo.PressReleaseRecord> {
  const changed = await repo.updatePressRelease(trx, release.id, patch, PRESS_RELEASE_ACTIONS[action].from);
  const now = await repo.findPressRelease(trx, release.id);
  if (changed && now) return now;
  if (now) requireStatus(now, action, patch.status);
  throw pressReleaseError(
    'PRESS_RELEASE_WRONG_STATUS',
    'Someone changed this press release a moment ago; reload the page and try again.',
  );
}

function toPressRelease(record: repo.PressReleaseRecord): PressRelease {
  const { partnerContactEmail: _contact, ...release } = record;
  return release;
}

/** Whose press releases a person works with: every partner's for staff, their partners' for a program manager. */
function partnersOf(actor: Actor): string[] | undefined {
  return isStaff(actor) ? undefined : actor.partnerIds;
}

/** One page of the acting person's press releases (staff: all; a program manager: their partners'). */
export async function listPressReleases(
  db: Kysely<Database>,
  options: { actor: Actor | null; query: PressReleaseQuery },
) {
  const actor = requireAuthor(options.actor);
  const page = await repo.listPressReleases(
    db,
    { partnerIds: partnersOf(actor), status: options.query.status },
    options.query.table,
  );
  return { ...page, rows: page.rows.map(toPressRelease) };
}

/** The staff's list, filtered and sorted as asked (`?status=submitted`: those waiting for review). */
export async function listReviewQueue(
  db: Kysely<Database>,
  options: { actor: Actor | null; query: PressReleaseQuery },
) {
  requireStaff(options.actor);
  return listPressReleases(db, options);
}

/**
 * How many press releases the acting person's list holds in each status (staff: all; a program manager:
 * their partners'), for their dashboard: every status is there, with 0 where there are none.
 */
export async function countPressReleases(
  db: Kysely<Database>,
  options: { actor: Actor | null },
): Promise<Record<PressReleaseStatus, number>> {
  const actor = requireAuthor(options.actor);
  const counts = Object.fromEntries(PRESS_RELEASE_STATUSES.map((status) => [status, 0])) as Record<
    PressReleaseStatus,
    number
  >;
  for (const { status, count } of await repo.countByStatus(db, { partnerIds: partnersOf(actor) })) {
    counts[status] = count;
  }
  return counts;
}

export async function getPressRelease(
  db: Kysely<Database>,
  options: { actor: Actor | null; id: string },
): Promise<PressReleaseDetail> {
  const actor = requireAuthor(options.actor);
  const release = await requireRelease(db, actor, options.id);
  const [versions, events] = await Promise.all([
    repo.listVersions(db, release.id),
    repo.listEvents(db, release.id),
  ]);
  return { ...toPressRelease(release), versions, events };
}

/**
 * A release as its page shows it, with the comparison the page's address asks for (`?compare=2`: version 2
 * against version 1), when the release has that version. `review`: the staff review page, for staff only.
 */
export async function openPressRelease(
  db: Kysely<Database>,
  options: { actor: Actor | null; id: string; query: unknown; review?: boolean },
): Promise<{ release: PressReleaseDetail; diff: VersionDiff | undefined }> {
  if (options.review) requireStaff(options.actor);
  const release = await getPressRelease(db, options);
  const { compare } = compareQuerySchema.parse(options.query ?? {});
  const diff =
    compare !== undefined && release.versions.some((version) => version.version === compare)
      ? await diffVersion(db, { ...options, version: compare })
      : undefined;
  return { release, diff };
}

/** Version N against version N−1 (version 1 against nothing), line by line, title first. */
export async function diffVersion(
  db: Kysely<Database>,
  options: { actor: Actor | null; id: string; version: number },
): Promise<VersionDiff> {
  const release = await getPressRelease(db, options);
  const current = release.versions.find((v) => v.version === options.version);
  if (!current) {
    throw pressReleaseError(
      'PRESS_RELEASE_NOT_FOUND',
      `This press release has no version ${options.version}.`,
    );
  }
  const previous = release.versions.find((v) => v.version === options.version - 1);
  const text = (v: { title: string; bodyMarkdown: string } | undefined) =>
    v ? `# ${v.title}\n\n${v.bodyMarkdown}` : '';
  return {
    version: current.version,
    comparedWith: previous?.version ?? null,
    lines: diffLines(text(previous), text(current)),
  };
}

/** The partners an actor may write a press release for. */
export async function listWritablePartners(db: Kysely<Database>, options: { actor: Actor | null }) {
  const actor = requireAuthor(options.actor);
  if (!isStaff(actor) && actor.partnerIds.length === 0) return [];
  return repo.listPartnerNames(db, isStaff(actor) ? undefined : actor.partnerIds);
}

export async function createPressRelease(
  deps: Pick<Deps, 'db'>,
  options: { actor: Actor | null; input: unknown },
) {
  const actor = requireAuthor(options.actor);
  const db = deps.db.kysely;
  // The partner is named in the body, but whether the actor may write for it is still decided before the
  // rest of the body is validated (docs/decisions/002).
  const named = (options.input as { partnerId?: unknown } | null | undefined)?.partnerId;
  if (typeof named === 'string' && named.trim() !== '') requirePartnerAccess(actor, named);
  const input = parseInput(createInputSchema, options.input);
  const partnerId = input.partnerId ?? (actor.partnerIds.length === 1 ? actor.partnerIds[0] : undefined);
  if (partnerId === undefined) throw invalidInput([{ path: 'partnerId', message: 'Choose the partner.' }]);
  requirePartnerAccess(actor, partnerId);
  if (!(await repo.findPartner(db, partnerId))) {
    throw invalidInput([{ path: 'partnerId', message: 'Choose one of the partners listed.' }]);
  }
  const id = await db.transaction().execute(async (trx) => {
    const created = await repo.insertPressRelease(trx, {
      partnerId,
      title: input.title,
      bodyMarkdown: input.bodyMarkdown,
    });
    await repo.insertEvent(trx, {
      pressReleaseId: created,
      kind: 'created',
      version: null,
      actor,
      body: null,
    });
    return created;
  });
  return getPressRelease(db, { actor, id });
}

export async function updatePressReleaseDraft(
  deps: Pick<Deps, 'db'>,
  options: { actor: Actor | null; id: string; input: unknown },
) {
  const actor = requireAuthor(options.actor);
  const db = deps.db.kysely;
  await db.transaction().execute(async (trx) => {
    const release = await requireRelease(trx, actor, options.id);
    requireStatus(release, 'edit');
    const input = parseInput(draftInputSchema, options.input);
    await changeIfStill(trx, release, 'edit', input);
  });
  return getPressRelease(db, options);
}

/** The working draft becomes version N+1, kept for good, and staff are asked to review it. */
export async function submitPressRelease(deps: Deps, options: { actor: Actor | null; id: string }) {
  const actor = requireAuthor(options.actor);
  const db = deps.db.kysely;
  await db.transaction().execute(async (trx) => {
    const found = await requireRelease(trx, actor, options.id);
    requireStatus(found, 'submit', 'submitted');
    // The version is taken from the release as it is once this transaction holds it, not as first read.
    const release = await changeIfStill(trx, found, 'submit', { status: 'submitted' });
    await refuseUnchanged(trx, release);
    const version = (release.latestVersion ?? 0) + 1;
    try {
      await repo.insertVersion(trx, {
        pressReleaseId: release.id,
        version,
        title: release.title,
        bodyMarkdown: release.bodyMarkdown,
        submittedBy: actor.id,
      });
    } catch (error) {
      // The unique (press release, version) pair is the last guard against two submissions becoming one number.
      if (isUniqueViolation(error)) {
        throw pressReleaseError(
          'PRESS_RELEASE_WRONG_STATUS',
          'This press release was submitted a moment ago; reload the page to see it.',
        );
      }
      throw error;
    }
    await repo.insertEvent(trx, {
      pressReleaseId: release.id,
      kind: 'submitted',
      version,
      actor,
      body: null,
    });
    await deps.outbox.enqueue(submittedMail(deps.config, release, version), trx);
  });
  return getPressRelease(db, options);
}

/**
 * After staff asked for changes, the same text again would be a second copy of the version they answered:
 * the partner is told to make the changes first. (The status change made before this check is rolled back
 * with the transaction.)
 */
async function refuseUnchanged(trx: Kysely<Database>, release: repo.PressReleaseRecord): Promise<void> {
  const latest = await repo.findLatestVersion(trx, release.id);
  if (!latest || latest.title !== release.title || latest.bodyMarkdown !== release.bodyMarkdown) return;
  throw pressReleaseError(
    'PRESS_RELEASE_UNCHANGED',
    `Nothing has changed since version ${latest.version}, which staff asked you to change. ` +
      'Edit the draft as they asked, then submit it again.',
  );
}

async function reviewStep(
  deps: Deps,
  options: { actor: Actor | null; id: string; input: unknown },
  step: ReviewStep,
): Promise<PressReleaseDetail> {
  const actor = requireStaff(options.actor);
  const db = deps.db.kysely;
  await db.transaction().execute(async (trx) => {
    const found = await requireRelease(trx, actor, options.id);
    const action: PressReleaseAction = step === 'comment' ? 'comment' : 'review';
    requireStatus(found, action, step === 'comment' ? undefined : step);
    const { body } =
      step === 'approved'
        ? parseInput(approveInputSchema, options.input)
        : parseInput(commentInputSchema, options.input);
    // A comment changes nothing, so it need not win a race; a decision must, or two would both be recorded.
    const release = step === 'comment' ? found : await changeIfStill(trx, found, action, { status: step });
    const version = release.latestVersion;
    await repo.insertEvent(trx, {
      pressReleaseId: release.id,
      kind: step,
      version,
      actor,
      body: body ?? null,
    });
    for (const to of await partnerAddresses(trx, release)) {
      await deps.outbox.enqueue(
        reviewMail(deps.config, to, release, { kind: step, version, body: body ?? null }),
        trx,
      );
    }
  });
  return getPressRelease(db, options);
}

/** The partner's program managers and its public contact, each once. */
async function partnerAddresses(db: Kysely<Database>, release: repo.PressReleaseRecord): Promise<string[]> {
  const managers = await repo.listManagerEmails(db, release.partnerId);
  const seen = new Set<string>();
  return [...managers, release.partnerContactEmail].filter((address) => {
    const key = address.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function commentOnPressRelease(
  deps: Deps,
  options: { actor: Actor | null; id: string; input: unknown },
) {
  return reviewStep(deps, options, 'comment');
}

export function requestPressReleaseChanges(
  deps: Deps,
  options: { actor: Actor | null; id: string; input: unknown },
) {
  return reviewStep(deps, options, 'changes_requested');
}

export function approvePressRelease(
  deps: Deps,
  options: { actor: Actor | null; id: string; input: unknown },
) {
  return reviewStep(deps, options, 'approved');
}

const DECISION_STEPS: Record<ReviewDecision, ReviewStep> = {
  'request-changes': 'changes_requested',
  approve: 'approved',
  comment: 'comment',
};

/** The staff's answer from the one review form: the decision its button named, with the comment. */
export async function reviewPressRelease(
  deps: Deps,
  options: { actor: Actor | null; id: string; decision: unknown; input: unknown },
): Promise<{ decision: ReviewDecision; release: PressReleaseDetail }> {
  requireStaff(options.actor);
  const decision = parseInput(reviewDecisionSchema, options.decision);
  return { decision, release: await reviewStep(deps, options, DECISION_STEPS[decision]) };
}

/** The partner says the approved release is out: when and where. Staff are told. */
export async function publishPressRelease(
  deps: Deps,
  options: { actor: Actor | null; id: string; input: unknown },
) {
  const actor = requireAuthor(options.actor);
  const db = deps.db.kysely;
  await db.transaction().execute(async (trx) => {
    const found = await requireRelease(trx, actor, options.id);
    requireStatus(found, 'publish', 'published');
    const published = parseInput(publishInputSchema, options.input);
    const release = await changeIfStill(trx, found, 'publish', { status: 'published', ...published });
    await repo.insertEvent(trx, {
      pressReleaseId: release.id,
      kind: 'published',
      version: release.latestVersion,
      actor,
      body: `${published.publishedAt} ${published.publishedUrl}`,
    });
    await deps.outbox.enqueue(publishedMail(deps.config, release, published), trx);
  });
  return getPressRelease(db, options);
}
