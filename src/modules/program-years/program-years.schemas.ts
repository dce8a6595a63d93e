import { z } from 'zod';
import { defineLifecycle } from '../../platform/ui/badge.js';
import { listQuerySchema } from '../../platform/ui/table-query.js';

/** "2027-28": a school year, whose second part is the year after the first. */
export const programYearNameSchema = z
  .string({ error: 'Enter the program year, like 2027-28.' })
  .trim()
  .regex(/^\d{4}-\d{2}$/, 'Write the program year like 2027-28.')
  .refine((name) => (Number(name.slice(0, 4)) + 1) % 100 === Number(name.slice(5)), {
    error: 'The second year must follow the first, like 2027-28.',
  });

const pmFte = z.coerce
  .number({ error: 'Enter a number between 0.05 and 1, like 0.5.' })
  .min(0.05, 'Use at least 0.05 FTE.')
  .max(1, 'Use at most 1 FTE.');

export const programYearCreateSchema = z.object({
  name: programYearNameSchema,
  pmFte: pmFte.default(0.5),
  makeCurrent: z
    .union([z.boolean(), z.literal('on'), z.literal('true')])
    .optional()
    .transform((value) => value === true || value === 'on' || value === 'true'),
});

export const programYearSettingsSchema = z.object({ pmFte });

export const programYearSchema = z.object({
  id: z.string(),
  name: z.string(),
  isCurrent: z.boolean(),
  pmFte: z.number(),
});
export type ProgramYear = z.infer<typeof programYearSchema>;

/** The staff list of years: few rows, sorted by name (newest first), searched by name. */
export const YEARS_TABLE = { sorts: ['year'], defaultSort: 'year', defaultDirection: 'desc' } as const;
export const yearsQuerySchema = listQuerySchema(YEARS_TABLE, {});

/** What the finder and the directory show for a year: the active partners serving regions, and the regions. */
export interface YearCoverage {
  partners: number;
  states: number;
  counties: number;
  zips: number;
}

export type StaffYear = ProgramYear & { coverage: YearCoverage; reminderRules: ReminderRule[] };

/** A year is current or not; the staff list says which with a badge. */
export const YEAR_LIFECYCLE = defineLifecycle({
  current: { label: 'Current', tone: 'success' },
});

/** A time of day on a 24-hour clock, "09:00". */
const timeOfDay = z
  .string({ error: 'Enter the time, like 09:00.' })
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Write the time on a 24-hour clock, like 09:00 or 16:30.');

export const reminderRuleSchema = z.object({
  // A blank field is a missing number, not 0 (which coercing '' would make it: the day of the session).
  daysBefore: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce
      .number({ error: 'Enter a number of days, like 10.' })
      .int('Enter a whole number of days.')
      .min(0, 'Use 0 days (the day of the first session) or more.')
      .max(90, 'Use at most 90 days.'),
  ),
  time: timeOfDay,
});
export type ReminderRule = z.output<typeof reminderRuleSchema>;

/**
 * A year's reminder rules, replaced as a whole: each is sent to those enrolled, that many days before a
 * workshop's first session, at that time in the workshop's zone. No rules: no reminders that year.
 */
export const reminderRulesInputSchema = z.object({
  rules: z
    .array(reminderRuleSchema)
    .max(10, 'Use at most 10 reminders.')
    .superRefine((rules, context) => {
      rules.forEach((rule, index) => {
        const first = rules.findIndex(
          (other) => other.daysBefore === rule.daysBefore && other.time === rule.time,
        );
        if (first !== index) {
          context.addIssue({
            code: 'custom',
            path: [index, 'daysBefore'],
            message: `This is the same reminder as number ${first + 1}.`,
          });
        }
      });
    }),
});

/** A year's rules as the API answers them (the input schema's preprocessing has no place in a response). */
export const reminderRulesSchema = z.object({
  year: z.string(),
  rules: z.array(z.object({ daysBefore: z.number().int(), time: z.string() })),
});
export type ReminderRules = z.infer<typeof reminderRulesSchema>;

/** What a new year starts with: 10 and 3 days before the first session, at 09:00. */
export const DEFAULT_REMINDER_RULES: readonly ReminderRule[] = [
  { daysBefore: 10, time: '09:00' },
  { daysBefore: 3, time: '09:00' },
];
