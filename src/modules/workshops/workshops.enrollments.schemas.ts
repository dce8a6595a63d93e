import { z } from 'zod';
import { ENROLLMENT_ROLES, type EnrollmentRole, type EnrollmentStatus } from '../../db/schema.js';
import { defineLifecycle } from '../../platform/ui/badge.js';

export { ENROLLMENT_ROLES, type EnrollmentRole, type EnrollmentStatus } from '../../db/schema.js';

/** One enrollment per person per workshop, however they typed their address: the email trimmed and lower-cased. */
export function emailKeyOf(email: string): string {
  return email.trim().toLowerCase();
}

export const ENROLLMENT_LIFECYCLE = defineLifecycle<EnrollmentStatus>({
  enrolled: { label: 'Enrolled', tone: 'success' },
  waitlisted: { label: 'On the waitlist', tone: 'warning' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
});

export const ROLE_LABELS: Record<EnrollmentRole, string> = {
  teacher: 'Teacher',
  counselor: 'Counselor',
  administrator: 'Administrator',
};

/**
 * Signing up for a workshop: a signed-in person's name and email come from their account; anyone else gives
 * them, and manages the enrollment from the private link the confirmation email carries.
 */
export const enrollmentInputSchema = z.object({
  name: z
    .string({ error: 'Enter your name.' })
    .trim()
    .min(1, 'Enter your name.')
    .max(200, 'Use at most 200 characters.')
    .optional(),
  email: z
    .string({ error: 'Enter your email address.' })
    .trim()
    .max(254, 'Use an email address of at most 254 characters.')
    .pipe(z.email({ error: 'Enter an email address like name@example.org.' }))
    .optional(),
  role: z.enum(ENROLLMENT_ROLES, { error: 'Choose teacher, counselor or administrator.' }),
  school: z
    .string({ error: 'Write the school’s name as text.' })
    .trim()
    .max(200, 'Use at most 200 characters.')
    .optional()
    .transform((school) => (school === '' ? undefined : school)),
});
export type EnrollmentInput = z.input<typeof enrollmentInputSchema>;

export const enrollmentSchema = z.object({
  id: z.string(),
  workshopId: z.string(),
  status: z.enum(['enrolled', 'waitlisted', 'cancelled']),
  waitlistPosition: z.number().optional().describe('1 for the first person waiting.'),
  name: z.string(),
  email: z.string(),
  role: z.enum(ENROLLMENT_ROLES),
  school: z.string().nullable(),
  notCompletedAt: z
    .string()
    .nullable()
    .describe('When its organizer marked it as not completed (attended, but not to the end).'),
  createdAt: z.string(),
});
export type Enrollment = z.infer<typeof enrollmentSchema>;
