import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { Database } from '../../db/schema.js';
import type { Outbox } from '../../platform/mail/outbox.js';
import { nowIso } from '../../platform/ids.js';
import * as enrollments from './workshops.enrollments.repository.js';
import { promotedMail } from './workshops.enrollments.mail.js';
import type { WorkshopRow } from './workshops.repository.js';
import { registrationState } from './workshops.time.js';

/*
 * The gate of a workshop's seats: every path that takes or frees a seat runs inside a transaction that first
 * locked the workshop (`lockWorkshop`), and decides here, so that capacity holds under any number of
 * simultaneous requests, in any number of app processes.
 */

export type GateDeps = { config: Pick<Config, 'baseUrl' | 'programName'>; outbox: Outbox };

/** Whether a newcomer gets a seat: only while one is free and nobody is waiting for it already. */
export function seatFor(workshop: Pick<WorkshopRow, 'capacity'>, counts: enrollments.SeatCounts) {
  return counts.enrolled < workshop.capacity && counts.waitlisted === 0 ? 'enrolled' : 'waitlisted';
}

/**
 * Gives every free seat to the first person waiting, in queue order, each with an email; none once
 * registration has closed (the organizer then sees who is still waiting).
 */
export async function fillFreeSeats(
  deps: GateDeps,
  trx: Kysely<Database>,
  workshop: WorkshopRow,
  manageUrlOf: (enrollmentId: string) => string,
): Promise<void> {
  if (registrationState(workshop, nowIso()) !== 'open') return;
  const counts = (await enrollments.seatCounts(trx, [workshop.id])).get(workshop.id) ?? {
    enrolled: 0,
    waitlisted: 0,
  };
  for (let enrolled = counts.enrolled; enrolled < workshop.capacity; enrolled++) {
    const next = await enrollments.firstWaiting(trx, workshop.id);
    if (!next) return;
    await enrollments.promote(trx, next.id);
    await deps.outbox.enqueue(
      promotedMail(deps.config, {
        to: next.email,
        name: next.name,
        workshopTitle: workshop.title,
        manageUrl: manageUrlOf(next.id),
      }),
      trx,
    );
  }
}
