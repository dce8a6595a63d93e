import { z } from 'zod';
import { partnerInputSchema } from '../partners/partners.schemas.js';
import { programYearNameSchema } from '../program-years/program-years.schemas.js';
import { regionInputSchema } from '../regions/regions.schemas.js';

export const IMPORT_KINDS = ['partners', 'regions'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The header each kind of file must have; the row schemas below use the same names, so errors name columns. */
export const IMPORT_COLUMNS = {
  partners: ['name', 'contact_name', 'contact_email', 'program_year'],
  regions: ['partner', 'program_year', 'region'],
} as const satisfies Record<ImportKind, readonly string[]>;

export const partnerRowSchema = z.object({
  name: partnerInputSchema.shape.name,
  contact_name: partnerInputSchema.shape.contactName,
  contact_email: partnerInputSchema.shape.contactEmail,
  program_year: programYearNameSchema,
});
export type PartnerRow = z.infer<typeof partnerRowSchema>;

export const regionRowSchema = z.object({
  partner: z
    .string()
    .trim()
    .min(1, 'Enter the partner’s name, as it is in the portal.')
    .max(200, 'Keep the name under 200 characters.'),
  program_year: programYearNameSchema,
  region: regionInputSchema.shape.region,
});
export type RegionRow = z.infer<typeof regionRowSchema>;

export const importRequestSchema = z.object({
  csv: z
    .string({ error: 'Send the file’s text in "csv".' })
    .describe(
      'The CSV text, header first: `name,contact_name,contact_email,program_year` for partners, ' +
        '`partner,program_year,region` for regions. At most 2 MB and 10,000 rows.',
    ),
  dryRun: z
    .boolean({ error: 'dryRun is true or false.' })
    .default(false)
    .describe('Check the file and report what would change, without writing anything.'),
});

/** The portal's form names the kind of file; the API has one address per kind instead. */
export const importKindSchema = z.object({
  kind: z.enum(IMPORT_KINDS, { error: 'Choose what the file holds: partners or region assignments.' }),
});

export const importLineSchema = z.object({
  line: z.number().int(),
  outcome: z.enum(['created', 'updated', 'unchanged']),
  programYear: z.string(),
  partner: z.string(),
  /** The canonical unit ('WA', 'WA:King', '98101'); null in a partners import. */
  region: z.string().nullable(),
  /** What the line does, for people: "New partner", "Contact email: a@x.org → b@x.org". */
  detail: z.string(),
  /**
   * In a regions import, the unit of the same partner that already contains this one (in the portal or
   * earlier in the file), which makes the line redundant: 'WA' for 98101. Absent otherwise.
   */
  redundantInside: z.string().optional(),
});
export type ImportLine = z.infer<typeof importLineSchema>;

export const importResultSchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  dryRun: z.boolean(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Years the file names that did not exist (and are created, unless this is a dry run). */
  programYearsCreated: z.array(z.string()),
  /**
   * The year the finder and the directory show after this import (for a dry run, would show): the first year
   * created becomes current when none is. Null when no year is current.
   */
  currentProgramYear: z.string().nullable(),
  lines: z.array(importLineSchema),
});
export type ImportResult = z.infer<typeof importResultSchema>;

/** After a commit, the import page shows its counts; only numbers travel in the address. */
export const importDoneQuerySchema = z.object({
  notice: z.string().max(40).optional(),
  kind: z.enum(IMPORT_KINDS).optional(),
  created: z.coerce.number().int().min(0).optional(),
  updated: z.coerce.number().int().min(0).optional(),
  unchanged: z.coerce.number().int().min(0).optional(),
});
