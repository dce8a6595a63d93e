import { z } from 'zod';

export const lookupQuerySchema = z.object({
  zip: z.string().max(40).optional(),
  state: z.string().max(40).optional(),
  year: z.string().max(20).optional(),
});

export const regionInputSchema = z.object({
  region: z
    .string({ error: 'Enter a region: a state (WA), a county (WA:King) or a ZIP code (98101).' })
    .trim()
    .min(1, 'Enter a region: a state (WA), a county (WA:King) or a ZIP code (98101).')
    .max(120, 'That region is too long.'),
});

/** How many regions one list may name: a county-by-county list for a large state still fits. */
export const MAX_REGIONS = 50;
const REGION_MAX_LENGTH = 120;

/**
 * A list of proposed regions, as a form's one text box sends it (one per line, or separated by commas or
 * semicolons) or the API's array. Every problem is reported on the list itself, which is the one field a
 * form has for it.
 */
export function regionListSchema(messages: { wrongType: string }) {
  return z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(/[\n,;]/)
            .map((part) => part.trim())
            .filter(Boolean)
        : value,
    z
      .array(z.string({ error: messages.wrongType }), { error: messages.wrongType })
      .max(MAX_REGIONS, `List at most ${MAX_REGIONS} regions.`)
      .transform((regions) => regions.map((region) => region.trim()).filter(Boolean))
      .superRefine((regions, ctx) => {
        const long = regions.find((region) => region.length > REGION_MAX_LENGTH);
        if (long !== undefined) {
          ctx.addIssue({
            code: 'custom',
            message: `Keep each region under ${REGION_MAX_LENGTH} characters (“${long.slice(0, 20)}…” is longer).`,
          });
        }
      }),
  );
}

export const lookupPartnerSchema = z.object({
  id: z.string(),
  name: z.string(),
  contactName: z.string(),
  contactEmail: z.string(),
  website: z.string().nullable(),
  coursesOffered: z.array(z.string()),
});
export type LookupPartner = z.infer<typeof lookupPartnerSchema>;

export const lookupResponseSchema = z.object({
  programYear: z.string(),
  location: z.object({
    zip: z.string().nullable(),
    city: z.string().nullable(),
    county: z.string().nullable(),
    state: z.string(),
  }),
  partner: lookupPartnerSchema.nullable(),
  matchedBy: z.enum(['zip', 'county', 'state']).nullable(),
});
export type LookupResponse = z.infer<typeof lookupResponseSchema>;
