import { z } from 'zod';
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
