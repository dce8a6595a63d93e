import { z } from 'zod';

/**
 * A workshop as a calendar shows it. TEMPORARY copy of the interface that `workshops.service.ts` exports (the
 * workshops module owns it); once that module is merged, import it from there and delete this copy.
 */
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
  /** ISO instants. */
  sessions: { id: string; startsAt: string; endsAt: string }[];
}

/** The secret address of a person's feed, as the API answers it. */
export const personalFeedSchema = z.object({
  url: z.url().describe('The secret address of your calendar feed. Anyone who has it can read the feed.'),
});
export type PersonalFeed = z.infer<typeof personalFeedSchema>;

export const workshopCalendarParamsSchema = z.object({ id: z.string().min(1).max(100) });
export const workshopCalendarQuerySchema = z.object({
  /** The private link's token of an invitation-only workshop. */
  invite: z.string().max(200).optional(),
});
export const partnerCalendarParamsSchema = z.object({ id: z.string().min(1).max(100) });
export const personalCalendarParamsSchema = z.object({ token: z.string().min(1).max(300) });
