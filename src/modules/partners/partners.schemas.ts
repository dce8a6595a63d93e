import { z } from 'zod';
import { defineLifecycle, statusesOf } from '../../platform/ui/badge.js';
import { listQuerySchema, type TableSpec } from '../../platform/ui/table-query.js';
import { programYearNameSchema } from '../program-years/program-years.schemas.js';

const optionalText = (max: number, message: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.string().trim().max(max, message).optional(),
  );

export const organizationSchema = z.object({
  name: z
    .string({ error: "Enter the organization's name." })
    .trim()
    .min(1, "Enter the organization's name.")
    .max(200, 'Keep the name under 200 characters.'),
  role: z
    .string({ error: 'Describe its role, e.g. "funding" or "professional learning and outreach".' })
    .trim()
    .min(1, 'Describe its role, e.g. "funding" or "professional learning and outreach".')
    .max(200, 'Keep the role under 200 characters.'),
});

const emailSchema = z
  .string({ error: 'Enter an email address.' })
  .trim()
  .toLowerCase()
  .pipe(z.email('Enter an email address like name@example.org.'));

export const partnerInputSchema = z.object({
  programYear: programYearNameSchema,
  name: z
    .string({ error: "Enter the partner's name." })
    .trim()
    .min(2, "Enter the partner's name.")
    .max(200, 'Keep the name under 200 characters.'),
  contactName: z
    .string({ error: 'Enter the name of the public contact.' })
    .trim()
    .min(1, 'Enter the name of the public contact.')
    .max(120, 'Keep the name under 120 characters.'),
  contactEmail: emailSchema,
  contactPhone: optionalText(40, 'Keep the phone number under 40 characters.').pipe(
    z
      .string()
      .regex(/^[0-9+() .-]{7,40}$/, 'Write the phone number with digits, spaces and + ( ) - only.')
      .optional(),
  ),
  website: optionalText(300, 'Keep the address under 300 characters.').pipe(
    z.url({ protocol: /^https?$/, error: 'Enter a web address starting with https://' }).optional(),
  ),
  address: optionalText(300, 'Keep the address under 300 characters.'),
  /** Course names; the form sends one per line. */
  coursesOffered: z.preprocess(
    (value) =>
      typeof value === 'string'
        ? value
            .split(/\r?\n/)
            .map((line) => line.trim())
            .filter(Boolean)
        : value,
    z
      .array(z.string().trim().min(1).max(100, 'Keep each course name under 100 characters.'))
      .max(20)
      .default([]),
  ),
  active: z
    .union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('false')])
    .default(true)
    .transform((value) => value === true || value === 'on' || value === 'true'),
  organizations: z
    .array(organizationSchema, { error: 'Name at least one member organization.' })
    .min(1, 'Name at least one member organization.')
    .max(10, 'A partner has at most 10 member organizations.'),
});
export type PartnerInput = z.infer<typeof partnerInputSchema>;

export const invitationInputSchema = z.object({ email: emailSchema });

export const partnerSchema = z.object({
  id: z.string(),
  programYear: z.string(),
  name: z.string(),
  contactName: z.string(),
  contactEmail: z.string(),
  contactPhone: z.string().nullable(),
  website: z.string().nullable(),
  address: z.string().nullable(),
  coursesOffered: z.array(z.string()),
  active: z.boolean(),
  organizations: z.array(organizationSchema),
  regions: z.array(z.string()),
});
export type Partner = z.infer<typeof partnerSchema>;

export const partnerIdParamsSchema = z.object({ id: z.string().max(100) });

/** The staff list of a year's partners: searched by name and contact email, filtered by active state. */
export const PARTNER_TABLE = {
  sorts: ['name', 'status', 'regions', 'created'],
  defaultSort: 'name',
  defaultDirection: 'asc',
} as const satisfies TableSpec<string>;

export const PARTNER_STATES = ['active', 'inactive'] as const;

export const partnerListQuerySchema = listQuerySchema(PARTNER_TABLE, {
  year: programYearNameSchema.optional(),
  state: z.enum([...PARTNER_STATES, 'all'], { error: 'Choose active, inactive or all.' }).default('all'),
});
export type PartnerListQuery = z.output<typeof partnerListQuerySchema>;

/** A row of the staff list: the partner and how many regions it holds. */
export interface PartnerRow {
  id: string;
  name: string;
  contactName: string;
  contactEmail: string;
  active: boolean;
  regionCount: number;
  createdAt: string;
}

/**
 * What the public directory (`/partners`) shows of a partner, and what the API gives anonymous visitors: the
 * public contact and the regions in words, not the address book of staff.
 */
export const publicPartnerSchema = z.object({
  id: z.string(),
  name: z.string(),
  organizations: z.array(organizationSchema),
  contactName: z.string(),
  contactEmail: z.string(),
  contactPhone: z.string().nullable(),
  website: z.string().nullable(),
  address: z.string().nullable(),
  coursesOffered: z.array(z.string()),
  /** In words, e.g. "King County, WA". */
  regions: z.array(z.string()),
});
export type PublicPartner = z.infer<typeof publicPartnerSchema>;

/** The part of a partner's record its program managers keep up to date themselves: its public listing. */
export const listingInputSchema = partnerInputSchema.pick({
  contactName: true,
  contactEmail: true,
  contactPhone: true,
  website: true,
  coursesOffered: true,
});
export type ListingInput = z.output<typeof listingInputSchema>;

export const listingSchema = z.object({
  partnerId: z.string(),
  partnerName: z.string(),
  programYear: z.string(),
  contactName: z.string(),
  contactEmail: z.string(),
  contactPhone: z.string().nullable(),
  website: z.string().nullable(),
  coursesOffered: z.array(z.string()),
});
export type Listing = z.infer<typeof listingSchema>;

export const listingQuerySchema = z.object({
  partner: z.string({ error: 'Choose one partner.' }).max(100, 'Choose one partner.').optional(),
});

/** An invitation from issue to acceptance; revoked by staff, or expired when nobody used it in time. */
export const INVITATION_LIFECYCLE = defineLifecycle({
  pending: { label: 'Pending', tone: 'warning' },
  accepted: { label: 'Accepted', tone: 'success' },
  expired: { label: 'Expired', tone: 'neutral' },
  revoked: { label: 'Revoked', tone: 'danger' },
});
export type InvitationStatus = keyof typeof INVITATION_LIFECYCLE;
export const INVITATION_STATUSES = statusesOf(INVITATION_LIFECYCLE);

export const INVITATION_TABLE = {
  sorts: ['partner', 'email', 'status', 'sent', 'expires'],
  defaultSort: 'sent',
  defaultDirection: 'desc',
} as const satisfies TableSpec<string>;

export const invitationQuerySchema = listQuerySchema(INVITATION_TABLE, {
  status: z
    .enum([...INVITATION_STATUSES, 'all'], { error: 'Choose pending, accepted, expired, revoked or all.' })
    .default('pending'),
});
export type InvitationQuery = z.output<typeof invitationQuerySchema>;

export const invitationRecordSchema = z.object({
  id: z.string(),
  partnerId: z.string(),
  partnerName: z.string(),
  email: z.string(),
  status: z.enum(INVITATION_STATUSES as [InvitationStatus, ...InvitationStatus[]]),
  sentAt: z.string(),
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type InvitationRecord = z.infer<typeof invitationRecordSchema>;

export const invitationListSchema = z.object({
  invitations: z.array(invitationRecordSchema).describe('One page of the list (25), sorted as asked.'),
  total: z.number().int().describe('How many invitations match, on every page.'),
  page: z.number().int(),
  pageCount: z.number().int(),
  truncated: z.boolean().describe('Whether more pages follow this one.'),
});

export const invitationIdParamsSchema = z.object({ id: z.string().max(100) });

/** Whether a partner is shown in the finder and the directory. */
export const PARTNER_STATE_LIFECYCLE = defineLifecycle({
  active: { label: 'Active', tone: 'success' },
  inactive: { label: 'Inactive', tone: 'neutral' },
});
