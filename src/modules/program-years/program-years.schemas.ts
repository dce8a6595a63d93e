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

export type StaffYear = ProgramYear & { coverage: YearCoverage };

/** A year is current or not; the staff list says which with a badge. */
export const YEAR_LIFECYCLE = defineLifecycle({
  current: { label: 'Current', tone: 'success' },
});
