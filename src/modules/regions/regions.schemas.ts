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
