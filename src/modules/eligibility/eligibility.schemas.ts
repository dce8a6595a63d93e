import { z } from 'zod';
import { isStateCode, type StateCode } from '../regions/geography.js';
import { regionListSchema } from '../regions/regions.schemas.js';

/** The FAQ's answer to "Do you accept international applications?". */
export const OUTSIDE_US_MESSAGE =
  'No, at this time, the Regional Partner Program is only open to organizations in the United States.';

const US_NAMES = new Set(['us', 'usa', 'u.s.', 'u.s.a.', 'united states', 'united states of america']);

/** "US", "USA", "United States" (any case, extra spaces) all mean the United States. */
export function isUnitedStates(country: string): boolean {
  return US_NAMES.has(country.trim().replace(/\s+/g, ' ').toLowerCase());
}

const blankAsMissing = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

export const eligibilityInputSchema = z
  .object(
    {
      country: z
        .string({ error: 'Enter the country of your organization.' })
        .trim()
        .min(1, 'Enter the country of your organization.')
        .max(100, 'Keep the country under 100 characters.'),
      state: z
        .preprocess(
          blankAsMissing,
          z
            .string({ error: 'Choose a US state or territory.' })
            .trim()
            .toUpperCase()
            .max(100, 'Choose a US state or territory.')
            .optional(),
        )
        .describe(
          'Two-letter code of the state your organization is in. Optional, and only read for the United States: elsewhere the FAQ’s answer applies whatever state or province is given.',
        ),
      regions: regionListSchema({
        wrongType: 'List the regions you propose to serve, like ["WA:King", "98052"].',
      })
        .optional()
        .transform((regions) => regions ?? [])
        .describe(
          'Proposed regions: states (WA), counties (WA:King) or ZIP codes (98052). One that cannot be read is a 400 on `regions`.',
        ),
      programYear: z
        .preprocess(
          blankAsMissing,
          z
            .string({ error: 'Write the program year like 2027-28.' })
            .trim()
            .regex(/^\d{4}-\d{2}$/, 'Write the program year like 2027-28.')
            .optional(),
        )
        .describe('Program year, like 2027-28; the current one by default.'),
    },
    { error: 'Send a JSON object with country, state and regions (programYear is optional).' },
  )
  .superRefine((input, ctx) => {
    // Outside the United States the FAQ's answer is the whole answer: no state or region is asked for.
    if (!isUnitedStates(input.country)) return;
    if (input.state !== undefined && !isStateCode(input.state)) {
      ctx.addIssue({ code: 'custom', path: ['state'], message: 'Choose a US state or territory.' });
    }
    if (input.regions.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['regions'],
        message: 'List the regions you propose to serve: a state (WA), a county (WA:King) or a ZIP code.',
      });
    }
  })
  .transform((input) => ({
    ...input,
    state: isUnitedStates(input.country) ? (input.state as StateCode | undefined) : undefined,
  }));
export type EligibilityInput = z.output<typeof eligibilityInputSchema>;

export const eligibilityPartnerSchema = z.object({
  id: z.string(),
  name: z.string(),
  contactEmail: z.string(),
});

export const eligibilityReasonSchema = z.object({
  code: z.enum(['outside_us', 'region_served']),
  region: z.string().optional().describe('The region as proposed, as a unit code (canonical spelling).'),
  partner: eligibilityPartnerSchema.optional(),
  servedUnit: z.string().optional().describe('The assigned unit that makes the region served.'),
  message: z.string(),
});
export type EligibilityReason = z.infer<typeof eligibilityReasonSchema>;

export const proposedRegionSchema = z.object({
  region: z.string().describe('The region in words: "King County, WA".'),
  unit: z.string().describe('Its unit code: "WA:King".'),
  status: z.enum(['open', 'served']),
  servedBy: z
    .array(
      eligibilityPartnerSchema.extend({
        servedUnit: z.string().describe('The unit it holds that makes the region served, as a code.'),
        servedRegion: z.string().describe('The same in words: "Washington".'),
        message: z.string(),
      }),
    )
    .optional()
    .describe('The partners that serve it, when it is served.'),
});
export type ProposedRegion = z.infer<typeof proposedRegionSchema>;

export const eligibilityResultSchema = z.object({
  eligible: z.boolean().describe('Whether every proposed region is open (and the organization in the US).'),
  programYear: z.string().nullable(),
  reasons: z.array(eligibilityReasonSchema).describe('Why it cannot apply for them, if it cannot.'),
  regions: z
    .array(proposedRegionSchema)
    .describe('Each proposed region, open or served (none outside the United States).'),
});
export type EligibilityResult = z.infer<typeof eligibilityResultSchema>;

/** Which partner a "connect me" message goes to, about which region, in which year: what the check named. */
const connectionFields = {
  partnerId: z.string({ error: 'Choose the partner to write to.' }).trim().min(1).max(100),
  region: z
    .string({ error: 'Name the region the partner serves.' })
    .trim()
    .min(1, 'Name the region the partner serves.')
    .max(100),
  programYear: z.preprocess(blankAsMissing, z.string().trim().max(20).optional()),
};

/** The connect page's address: `/apply/connect?partnerId=…&region=WA:King&programYear=2027-28`. */
export const connectionQuerySchema = z.object(connectionFields);

/** "Connect me": a message for the partner serving a proposed region. */
export const connectInputSchema = z
  .object(
    {
      ...connectionFields,
      name: z
        .string({ error: 'Enter your name.' })
        .trim()
        .min(1, 'Enter your name.')
        .max(120, 'Keep your name under 120 characters.')
        .refine((name) => !/\p{Cc}/u.test(name), 'Write your name on one line.'),
      email: z
        .string({ error: 'Enter your email address, so that the partner can answer you.' })
        .trim()
        .toLowerCase()
        .max(254, 'Enter an email address like name@example.org.')
        .pipe(z.email('Enter an email address like name@example.org.')),
      message: z
        .string({ error: 'Write your message.' })
        .overwrite((text) => text.replace(/[^\P{Cc}\t\n\r]/gu, ''))
        .trim()
        .min(10, 'Write your message (at least 10 characters).')
        .max(5000, 'Keep your message under 5,000 characters.'),
    },
    { error: 'Send a JSON object with partnerId, region, name, email and message.' },
  )
  .describe('A message to the partner serving a proposed region; it arrives in that partner’s inbox.');

export const connectResponseSchema = z.object({
  id: z.string(),
  reference: z.string().describe('What the sender can quote when writing about it.'),
  routedTo: z.object({ kind: z.literal('partner'), partnerId: z.string(), partnerName: z.string() }),
});
