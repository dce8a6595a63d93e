// THROWAWAY (calendars branch only): a stand-in with the signatures the workshops module will export, so that
// the calendars module compiles and its personal-feed tests run. The real file on main replaces this one at the
// merge; nothing here is meant to survive it.
import type { CoreDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';

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

/** A published (or cancelled after publishing) workshop anyone may see; invitation-only ones need `invite`. 404 otherwise. */
export function findCalendarWorkshop(
  _deps: Pick<CoreDeps, 'db' | 'config'>,
  _options: { id: string; invite?: string },
): Promise<CalendarWorkshop> {
  return Promise.reject(new AppError('NOT_FOUND', 'There is no such workshop.'));
}

/** A partner's public workshops that were published (cancelled ones included, so subscribers see the cancellation). 404 for an unknown partner. */
export function listPartnerCalendarWorkshops(
  _deps: Pick<CoreDeps, 'db' | 'config'>,
  _options: { partnerId: string },
): Promise<{ partnerName: string; workshops: CalendarWorkshop[] }> {
  return Promise.reject(new AppError('NOT_FOUND', 'There is no such partner.'));
}

/** The workshops a person leads as facilitator (later also those they are enrolled in). */
export function listPersonalCalendarWorkshops(
  _deps: Pick<CoreDeps, 'db' | 'config'>,
  _options: { userId: string },
): Promise<CalendarWorkshop[]> {
  return Promise.resolve([]);
}
