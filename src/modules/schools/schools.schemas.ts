import { z } from 'zod';
import type { SchoolSource } from '../../db/schema.js';
import { listQuerySchema } from '../../platform/ui/table-query.js';
import { isStateCode, locateZip, normalizeZip, US_STATES, type StateCode } from '../regions/geography.js';

/** NCESSCH: 12 digits (the district's 7, then the school's 5), kept as published, leading zeros and all. */
export const SCHOOL_NCES_ID = /^\d{12}$/;
/** LEAID: 7 digits (the state's 2 FIPS digits first, so many start with 0). */
export const DISTRICT_NCES_ID = /^\d{7}$/;

/**
 * A name or city as the directory searches it: lower-cased, accents dropped and spaces collapsed, so that
 * "Peña  Elementary", "pena elementary" and "PENA ELEMENTARY" are one key and a prefix is an index range.
 */
export function searchKey(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The words of a text as the search matches them: its search key cut at anything not a letter or digit, so
 * that "O'Brien-Park" is "o", "brien" and "park" whether it is a school's name or what someone typed.
 */
export function searchWords(text: string): string[] {
  return [...new Set(searchKey(text).split(/[^\p{L}\p{N}]+/u))].filter((word) => word !== '');
}

/**
 * What a school is found by, each matched by its beginning: every word of its name and city, its ZIP code and
 * its NCES id (whose beginning is its district's LEAID).
 */
export function schoolSearchTerms(school: {
  name: string;
  city: string | null;
  zip: string;
  ncesId: string | null;
}): string[] {
  const terms = [...searchWords(school.name), ...searchWords(school.city ?? ''), school.zip];
  if (school.ncesId) terms.push(school.ncesId);
  return [...new Set(terms)];
}

const blankAsMissing = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const ZIP_HINT = 'Enter a 5-digit ZIP code, like 98101.';

/** A ZIP code the dataset knows, as its 5 digits. */
const knownZip = z
  .string({ error: ZIP_HINT })
  .max(40, ZIP_HINT)
  .transform((value, ctx) => {
    const zip = normalizeZip(value);
    if (!zip) {
      ctx.addIssue({ code: 'custom', message: ZIP_HINT });
      return z.NEVER;
    }
    if (!locateZip(zip)) {
      ctx.addIssue({ code: 'custom', message: `We do not know the ZIP code ${zip}. Check it.` });
      return z.NEVER;
    }
    return zip;
  });

const stateFilter = z.preprocess(
  (value) => (typeof value === 'string' ? blankAsMissing(value.trim().toUpperCase()) : value),
  z
    .string({ error: 'Choose a US state or territory, or leave it empty.' })
    .refine(
      (state): state is StateCode => isStateCode(state),
      'Choose a US state or territory, like WA, or leave it empty.',
    )
    .transform((state) => state)
    .optional(),
);

export const SEARCH_LIMIT_DEFAULT = 20;
export const SEARCH_LIMIT_MAX = 50;

/**
 * The directory's search: by words of a school's name or city, or its ZIP code, optionally within a state.
 * Shared by `GET /api/v1/schools` and the `/schools` page.
 */
export const schoolSearchQuerySchema = z
  .object({
    q: z.preprocess(
      blankAsMissing,
      z
        .string({ error: 'Search for a school’s name or city.' })
        .max(100, 'Search for at most 100 characters.')
        .optional(),
    ),
    zip: z.preprocess(blankAsMissing, knownZip.optional()),
    state: stateFilter,
    limit: z.preprocess(
      blankAsMissing,
      z.coerce
        .number({ error: `Ask for 1 to ${SEARCH_LIMIT_MAX} schools.` })
        .int(`Ask for 1 to ${SEARCH_LIMIT_MAX} schools.`)
        .min(1, `Ask for 1 to ${SEARCH_LIMIT_MAX} schools.`)
        .max(SEARCH_LIMIT_MAX, `Ask for at most ${SEARCH_LIMIT_MAX} schools at a time.`)
        .default(SEARCH_LIMIT_DEFAULT),
    ),
  })
  .refine((query) => (query.q !== undefined && searchWords(query.q).length > 0) || query.zip !== undefined, {
    error: 'Search by a school’s name, its city or its ZIP code.',
    path: ['q'],
  });
export type SchoolSearchQuery = z.output<typeof schoolSearchQuerySchema>;

/** A school as the search lists it; `id` names it for a form even when it has no NCES id (added by staff). */
export const schoolSummarySchema = z.object({
  id: z.string(),
  ncesId: z.string().nullable(),
  name: z.string(),
  districtName: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string(),
  zip: z.string(),
  county: z.string().nullable(),
});
export type SchoolSummary = z.infer<typeof schoolSummarySchema>;

export const schoolSearchResultSchema = z.object({ schools: z.array(schoolSummarySchema) });

const requiredText = (what: string, max: number) =>
  z
    .string({ error: `Enter the school’s ${what}.` })
    .trim()
    .min(1, `Enter the school’s ${what}.`)
    .max(max, `Keep the ${what} to ${max} characters.`);

const optionalText = (what: string, max: number) =>
  z.preprocess(
    blankAsMissing,
    z
      .string({ error: `Enter the ${what} as text, or leave it empty.` })
      .trim()
      .max(max, `Keep the ${what} to ${max} characters.`)
      .optional(),
  );

/**
 * A school staff add by hand (one the directory file lacks, or not yet published): its state and county come
 * from its ZIP code, as the NCES schools' do.
 */
export const schoolCreateSchema = z.object({
  name: requiredText('name', 150),
  street: optionalText('street address', 150),
  city: requiredText('city', 100),
  zip: knownZip,
  districtName: optionalText('district’s name', 150),
});
export type SchoolCreateInput = z.input<typeof schoolCreateSchema>;

/** A directory row in full, as staff's list shows it. */
export interface StaffSchool extends SchoolSummary {
  closed: boolean;
  source: SchoolSource;
  updatedAt: string;
}

export const SCHOOL_SOURCE_LABELS: Record<SchoolSource, string> = {
  nces: 'NCES directory',
  staff: 'Added by staff',
  demo: 'Demo data',
};

export const SCHOOLS_TABLE = {
  sorts: ['name', 'city', 'state', 'updated'],
  defaultSort: 'name',
  defaultDirection: 'asc',
} as const;

/** Staff's list: the table's search (words, as the public search takes them) and its filters. */
export const staffSchoolsQuerySchema = listQuerySchema(SCHOOLS_TABLE, {
  status: z.enum(['open', 'closed'], { error: 'Choose open or closed schools.' }).optional(),
  source: z.enum(['nces', 'staff', 'demo'], { error: 'Choose where the schools come from.' }).optional(),
  state: stateFilter,
});

export const STATE_OPTIONS = Object.entries(US_STATES).map(([value, label]) => ({ value, label }));
