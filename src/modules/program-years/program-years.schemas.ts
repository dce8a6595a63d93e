import { z } from 'zod';

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
