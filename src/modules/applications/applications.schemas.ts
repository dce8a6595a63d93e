import { z } from 'zod';
import { APPLICATION_STATUSES } from './applications.lifecycle.js';
import { isUnitedStates } from '../eligibility/eligibility.schemas.js';
import { regionListSchema } from '../regions/regions.schemas.js';

export { OUTSIDE_US_MESSAGE as US_ONLY_REASON } from '../eligibility/eligibility.schemas.js';

/** The multi-step form, in order; each step is saved on its own, then the applicant checks and submits. */
export const APPLICATION_STEPS = ['organizations', 'region', 'staffing', 'narrative'] as const;
export type ApplicationStep = (typeof APPLICATION_STEPS)[number];

const text = (max: number, empty: string, long: string) =>
  z.string({ error: empty }).trim().min(1, empty).max(max, long);

const emailSchema = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .toLowerCase()
  .pipe(z.email('Enter an email address like name@example.org.'));

const blankAsMissing = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

export const applicationOrganizationSchema = z.object({
  name: text(200, "Enter the organization's name.", 'Keep the name under 200 characters.'),
  role: text(
    200,
    'Describe its role, e.g. "funding" or "professional learning and outreach".',
    'Keep the role under 200 characters.',
  ),
  /**
   * "US" (the default; "USA", "United States" too) for the United States; anything else is refused with the
   * FAQ's reason. The form's "United States" option sends nothing, so that a spare row it offers stays blank.
   */
  country: z.preprocess(
    blankAsMissing,
    z
      .string({ error: 'Choose the country.' })
      .trim()
      .max(60, 'Choose the country.')
      .default('US')
      .transform((value) => (isUnitedStates(value) ? 'US' : value)),
  ),
  /** The state or territory of its US address; not asked outside the United States. */
  state: z.string().trim().toUpperCase().max(60).default(''),
});

export const organizationsStepSchema = z.object({
  contactName: text(120, 'Enter the name of the contact person.', 'Keep the name under 120 characters.'),
  contactEmail: emailSchema,
  /** The lead organization first, then any co-applicants. */
  organizations: z
    .array(applicationOrganizationSchema, { error: 'Name the lead organization.' })
    .min(1, 'Name the lead organization.')
    .max(10, 'An application names at most 10 organizations.'),
});

export const regionStepSchema = z.object({
  /** Units like "WA", "WA:King" or "98101"; the form sends one per line. */
  regions: regionListSchema({ wrongType: 'Propose at least one region.' }).refine(
    (regions) => regions.length > 0,
    'Propose at least one region.',
  ),
});

export const staffMemberSchema = z.object({
  name: text(120, "Enter the person's name.", 'Keep the name under 120 characters.'),
  email: emailSchema,
  fte: z.coerce
    .number({ error: 'Enter a share between 0.05 and 1, like 0.25.' })
    .min(0.05, 'Each share is at least 0.05 FTE.')
    .max(1, 'Each share is at most 1 FTE.'),
});

export const staffingStepSchema = z.object({
  staff: z
    .array(staffMemberSchema, { error: 'Name at least one program manager.' })
    .min(1, 'Name at least one program manager.')
    .max(10, 'Name at most 10 people.'),
});

export const narrativeStepSchema = z.object({
  /** Answers by question id. */
  answers: z.record(
    z.string().max(100),
    z.string().trim().max(5000, 'Keep each answer under 5,000 characters.'),
  ),
});

export const STEP_SCHEMAS = {
  organizations: organizationsStepSchema,
  region: regionStepSchema,
  staffing: staffingStepSchema,
  narrative: narrativeStepSchema,
} as const;

export const createApplicationSchema = z.object({
  programYear: z.string().trim().max(20).optional(),
});

export const questionSchema = z.object({ id: z.string(), prompt: z.string() });
export const criterionSchema = z.object({ id: z.string(), title: z.string(), maxScore: z.number() });
export type Question = z.infer<typeof questionSchema>;
export type Criterion = z.infer<typeof criterionSchema>;

export const applicationSchema = z.object({
  id: z.string(),
  programYear: z.string(),
  pmFte: z.number(),
  status: z.enum(APPLICATION_STATUSES),
  applicantEmail: z.string(),
  contactName: z.string().nullable(),
  contactEmail: z.string().nullable(),
  organizations: z.array(
    z.object({ name: z.string(), role: z.string(), country: z.string(), state: z.string() }),
  ),
  regions: z.array(z.string()),
  staff: z.array(z.object({ name: z.string(), email: z.string(), fte: z.number() })),
  answers: z.record(z.string(), z.string()),
  questions: z.array(questionSchema),
  partnerId: z.string().nullable(),
  submittedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  events: z.array(
    z.object({
      from: z.enum(APPLICATION_STATUSES).nullable(),
      to: z.enum(APPLICATION_STATUSES),
      actorEmail: z.string(),
      at: z.string(),
    }),
  ),
});
export type Application = z.infer<typeof applicationSchema>;

export const applicationSummarySchema = z.object({
  id: z.string(),
  programYear: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  /** Null until the applicant names one; the application is then "Untitled application". */
  leadOrganization: z.string().nullable(),
  states: z.array(z.string()),
  applicantEmail: z.string(),
  updatedAt: z.string(),
  /** The sum over the rubric's criteria of each criterion's mean score; null when nobody scored. */
  averageTotal: z.number().nullable(),
});
export type ApplicationSummary = z.infer<typeof applicationSummarySchema>;

export const applicationIdParamsSchema = z.object({ id: z.string().max(100) });

/** Where this module's JSON API lives, and its heading in the API description. */
export const API_PATH = '/api/v1/partner-applications';
export const API_TAGS = ['Partner applications'];
