import { z } from 'zod';
import { defineLifecycle } from '../../platform/ui/badge.js';
import { listQuerySchema } from '../../platform/ui/table-query.js';
import { programYearNameSchema } from '../program-years/program-years.schemas.js';

export const BIO_MAX = 2000;

/** What a person sends to apply to facilitate: the courses, where they live, and a few words about them. */
export const applicationInputSchema = z.object({
  courseIds: z
    .array(z.string({ error: 'Choose the courses you want to facilitate.' }).max(100), {
      error: 'Choose the courses you want to facilitate.',
    })
    .min(1, 'Choose at least one course you want to facilitate.')
    .max(20, 'Choose at most 20 courses.'),
  homeZip: z
    .string({ error: 'Enter your home ZIP code, like 98101.' })
    .trim()
    .min(1, 'Enter your home ZIP code, like 98101.')
    .regex(
      /^\d{5}(?:[-\s]?\d{4})?$/,
      'Write the ZIP code as five digits, like 98101 (or ZIP+4, like 98101-1234).',
    ),
  bio: z
    .string({ error: 'Tell us about yourself in a few sentences.' })
    .trim()
    .min(1, 'Tell us about yourself in a few sentences.')
    .max(BIO_MAX, `Keep it to ${BIO_MAX} characters.`),
});
export type ApplicationInput = z.input<typeof applicationInputSchema>;

export const applicationCreatedSchema = z.object({ id: z.string(), facilitatorId: z.string() });

export const DECISIONS = ['approved', 'declined'] as const;

export const decisionInputSchema = z.object({
  courseId: z
    .string({ error: 'Say which course this decision is for.' })
    .min(1, 'Say which course this decision is for.')
    .max(100),
  decision: z.enum(DECISIONS, { error: 'Decide approved or declined.' }),
});

export const decisionSchema = z.object({
  applicationId: z.string(),
  courseId: z.string(),
  decision: z.enum(DECISIONS),
  decidedAt: z.string(),
});

export const contractInputSchema = z.object({
  facilitatorId: z
    .string({ error: 'Choose the facilitator to contract.' })
    .min(1, 'Choose the facilitator to contract.')
    .max(100),
  programYear: programYearNameSchema,
});

export const contractSchema = z.object({
  id: z.string(),
  partnerId: z.string(),
  facilitatorId: z.string(),
  name: z.string(),
  email: z.string(),
  programYear: z.string(),
  createdAt: z.string(),
});
export type Contract = z.infer<typeof contractSchema>;

export const partnerFacilitatorSchema = z.object({
  facilitatorId: z.string(),
  name: z.string(),
  email: z.string(),
  homeZip: z.string(),
  courses: z.array(z.object({ id: z.string(), name: z.string() })),
  /** From the home ZIP to the nearest ZIP centre in the partner's region; null where either has no coordinates. */
  distanceMiles: z.number().nullable(),
  contracted: z.boolean(),
  contractId: z.string().nullable(),
});
export type PartnerFacilitator = z.infer<typeof partnerFacilitatorSchema>;

export const partnerFacilitatorListSchema = z.object({
  partnerId: z.string(),
  partnerName: z.string(),
  programYear: z.string(),
  facilitators: z.array(partnerFacilitatorSchema),
  contracts: z.array(contractSchema),
});
export type PartnerFacilitatorList = z.infer<typeof partnerFacilitatorListSchema>;

export const applicationParamsSchema = z.object({ id: z.string().max(100) });
export const qualificationParamsSchema = z.object({ id: z.string().max(100), courseId: z.string().max(100) });
export const partnerParamsSchema = z.object({ id: z.string().max(100) });
export const contractParamsSchema = z.object({ id: z.string().max(100), contractId: z.string().max(100) });

/** A course applied for: waiting for staff, approved or declined. */
export const DECISION_LIFECYCLE = defineLifecycle({
  pending: { label: 'Waiting for staff', tone: 'warning' },
  approved: { label: 'Approved', tone: 'success' },
  declined: { label: 'Declined', tone: 'neutral' },
});

export interface ApplicationCourse {
  courseId: string;
  courseName: string;
  decision: keyof typeof DECISION_LIFECYCLE;
  decidedAt: string | null;
}

/** An application as its applicant and staff see it. */
export interface FacilitatorApplication {
  id: string;
  facilitatorId: string;
  userId: string;
  name: string;
  email: string;
  homeZip: string;
  bio: string;
  createdAt: string;
  courses: ApplicationCourse[];
}

/** The staff queue: applications with a course waiting, searched by the applicant's name or email. */
export const QUEUE_TABLE = {
  sorts: ['received', 'name'],
  defaultSort: 'received',
  defaultDirection: 'asc',
} as const;
export const queueQuerySchema = listQuerySchema(QUEUE_TABLE, {});

/** An approved facilitator with the courses they are qualified for, for staff. */
export interface ApprovedFacilitator {
  facilitatorId: string;
  userId: string;
  name: string;
  email: string;
  homeZip: string;
  qualifications: { courseId: string; courseName: string; grantedAt: string }[];
}
