import { z } from 'zod';
import { CHECK_IN_CODE_LENGTH, normalizeCode } from './workshops.attendance.check-in.js';

const enrollmentId = z
  .string({ error: 'Choose the person to mark.' })
  .trim()
  .min(1, 'Choose the person to mark.')
  .max(100, 'Choose the person to mark.');

/** One person's attendance of one session, as the API marks it. */
export const attendanceMarkSchema = z.object({
  enrollmentId,
  present: z.boolean({ error: 'Say whether the person was present: true or false.' }),
});
export type AttendanceMarkInput = z.input<typeof attendanceMarkSchema>;

/**
 * A session's roster as its form sends it: everyone the form listed, and those ticked present. Whoever was
 * listed and not ticked was absent; someone enrolled after the form was opened is left as they were.
 */
export const rosterMarksSchema = z
  .object({
    enrollmentIds: z.array(enrollmentId).min(1, 'Nobody is enrolled to mark.').max(2000),
    present: z.array(enrollmentId).max(2000),
  })
  .refine((input) => input.present.every((id) => input.enrollmentIds.includes(id)), {
    path: ['present'],
    error: 'Tick only people listed on this roster.',
  });
export type RosterMarksInput = z.input<typeof rosterMarksSchema>;

/** Self check-in: the code shown in the room, and for someone not signed in their enrollment's private token. */
export const checkInInputSchema = z.object({
  code: z
    .string({ error: 'Enter the code shown in the room.' })
    .trim()
    .min(1, 'Enter the code shown in the room.')
    .max(40, `Enter the ${CHECK_IN_CODE_LENGTH}-character code shown in the room.`)
    .transform(normalizeCode)
    .refine((code) => code.length === CHECK_IN_CODE_LENGTH, {
      error: `Enter the ${CHECK_IN_CODE_LENGTH}-character code shown in the room.`,
    }),
  token: z
    .string()
    .trim()
    .max(100, 'Open this page from the link in your confirmation email.')
    .optional()
    .transform((token) => (token === '' ? undefined : token)),
});
export type CheckInInput = z.input<typeof checkInInputSchema>;

export const attendanceSchema = z.object({
  sessionId: z.string(),
  enrollmentId: z.string(),
  present: z.boolean(),
  method: z.enum(['roster', 'check_in']).describe('Marked on the roster, or the person checked in.'),
  markedBy: z.string().nullable().describe('The user who marked it or checked in; null with a private link.'),
  markedAt: z.string(),
});
export type Attendance = z.infer<typeof attendanceSchema>;

export const checkInResultSchema = attendanceSchema.extend({
  alreadyCheckedIn: z.boolean().describe('True when the person had checked in before: still one attendance.'),
});
export type CheckInResult = z.infer<typeof checkInResultSchema>;
