import { z } from 'zod';

export type { CalendarWorkshop } from '../workshops/workshops.service.js';

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
