import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { requireSignedIn, requireStaff, type Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import type { CoreDeps } from '../../platform/deps.js';
import { countQueue } from '../applications/applications.review.service.js';
import { personalFeedUrl } from '../calendars/calendars.service.js';
import { countWaitingApplications } from '../facilitators/facilitators.service.js';
import { countInbox } from '../inquiries/inquiries.service.js';
import { countOutbox } from '../outbox/outbox.service.js';
import { countPendingInvitations, listListingPartners } from '../partners/partners.service.js';
import { countPressReleases } from '../press-releases/press-releases.service.js';
import { listMyCertifiedEnrollments } from '../workshops/workshops.certificates.service.js';
import { listMyEnrollments } from '../workshops/workshops.enrollments.service.js';
import { getWorkshop, listAssignedWorkshops } from '../workshops/workshops.service.js';

/*
 * What awaits a person when they land: counts from each module, each through that module's own domain function
 * (which checks the person may see it), for the dashboards' stat cards.
 */

/** Program staff's dashboard: everything waiting on staff across the program. */
export async function staffDashboard(db: Kysely<Database>, options: { actor: Actor | null }) {
  const actor = requireStaff(options.actor);
  const [applications, inbox, outbox, pressReleases, pendingInvitations, facilitatorApplications] =
    await Promise.all([
      countQueue(db, { actor }),
      countInbox(db, { actor }),
      countOutbox(db, { actor }),
      countPressReleases(db, { actor }),
      countPendingInvitations(db, { actor }),
      countWaitingApplications(db, { actor }),
    ]);
  return {
    applications,
    inbox,
    failedMail: outbox.failed,
    pressReleases,
    pendingInvitations,
    facilitatorApplications,
  };
}

/** A program manager's dashboard: their partners, and what waits on them there. */
export async function partnerDashboard(db: Kysely<Database>, options: { actor: Actor | null }) {
  const actor = requireSignedIn(options.actor);
  if (!actor.roles.includes('program_manager')) {
    throw new AppError('FORBIDDEN', 'This page is for the program managers of a Regional Partner.');
  }
  const [inbox, pressReleases, listings] = await Promise.all([
    countInbox(db, { actor }),
    countPressReleases(db, { actor }),
    listListingPartners(db, { actor }),
  ]);
  return { inbox, pressReleases, listings };
}

/** A facilitator's home: the workshops they lead and the address of their calendar feed. */
export async function facilitatorHome(
  deps: Pick<CoreDeps, 'db' | 'config'>,
  options: { actor: Actor | null },
) {
  const actor = requireSignedIn(options.actor);
  if (!actor.roles.includes('facilitator')) {
    throw new AppError('FORBIDDEN', 'This page is for facilitators approved by program staff.');
  }
  const [workshops, feedUrl] = await Promise.all([
    listAssignedWorkshops(deps, { actor }),
    personalFeedUrl(deps, { actor }),
  ]);
  return { workshops, feedUrl };
}

/** A participant's own workshops: where they stand in each, and the address of their calendar feed. */
export async function participantHome(
  deps: Pick<CoreDeps, 'db' | 'config'>,
  options: { actor: Actor | null },
) {
  const actor = requireSignedIn(options.actor);
  const [enrollments, certified] = await Promise.all([
    listMyEnrollments(deps, { actor }),
    listMyCertifiedEnrollments(deps, { actor }),
  ]);
  const [entries, feedUrl] = await Promise.all([
    Promise.all(
      enrollments.map(async (enrollment) => ({
        enrollment,
        workshop: await getWorkshop(deps, { actor, id: enrollment.workshopId }),
        certificate: certified.has(enrollment.id),
      })),
    ),
    personalFeedUrl(deps, { actor }),
  ]);
  return { entries, feedUrl };
}
