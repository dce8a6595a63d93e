import type { FieldError } from '../platform/errors.js';

/** Unique-constraint violations look different on each database; this is the one place that knows both. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * What each unique constraint protects, in the words of the field a person filled in: a violation that no
 * domain function caught first (two requests racing for the same name) is a 409 with this sentence, never a
 * 500. Keyed by table and columns, which both databases report (PostgreSQL in its detail, SQLite in its message);
 * a constraint on an expression is keyed by its index name.
 */
const UNIQUE_CONSTRAINTS: Record<string, FieldError> = {
  'program_years(name)': { path: 'name', message: 'A program year with this name already exists.' },
  'program_years(is_current)': {
    path: 'name',
    message: 'Another year was made current at the same moment. Reload the page and try again.',
  },
  'partners(program_year_id,name)': {
    path: 'name',
    message: 'This program year already has a partner with this name.',
  },
  'region_assignments(program_year_id,unit)': {
    path: 'regions',
    message: 'Another partner already serves this region in this program year.',
  },
  'faq_questions(anchor)': { path: 'question', message: 'Another question already has this address.' },
  'press_release_versions(press_release_id,version)': {
    path: 'body',
    message: 'Someone else saved this press release at the same moment. Reload it and try again.',
  },
  'courses(name)': { path: 'name', message: 'A course with this name already exists.' },
  'course_subjects(course_id,name)': {
    path: 'name',
    message: 'This course already has a subject with this name.',
  },
  // Partial unique indexes (standing rows only): both databases report their columns.
  'facilitator_qualifications(facilitator_id,course_id)': {
    path: 'courseId',
    message: 'This facilitator is already approved for this course.',
  },
  'facilitator_contracts(partner_id,facilitator_id,program_year_id)': {
    path: 'facilitatorId',
    message: 'This partner already has a standing contract with this facilitator for this year.',
  },
  'workshop_facilitators(workshop_id,facilitator_id)': {
    path: 'facilitatorId',
    message: 'This facilitator already leads this workshop.',
  },
  user_roles_unique: { path: 'role', message: 'This person already has this role.' },
};

const FALLBACK: FieldError = { path: '', message: 'This already exists.' };

/** The field and sentence for a unique violation, or undefined when the error is something else. */
export function describeUniqueViolation(error: unknown): FieldError | undefined {
  if (!isUniqueViolation(error)) return undefined;
  return UNIQUE_CONSTRAINTS[constraintKey(error) ?? ''] ?? FALLBACK;
}

function constraintKey(error: unknown): string | undefined {
  const { table, detail, message } = error as { table?: string; detail?: string; message?: string };
  // PostgreSQL: table "partners", detail "Key (program_year_id, name)=(…) already exists."; an expression index
  // reports the expression, so it is looked up by the index name instead.
  const pgColumns = /^Key \(([\w, ]+)\)=/.exec(detail ?? '')?.[1];
  if (table && pgColumns) return `${table}(${pgColumns.replaceAll(' ', '')})`;
  const pgConstraint = (error as { constraint?: string }).constraint;
  if (pgConstraint) return pgConstraint;
  // SQLite: "UNIQUE constraint failed: partners.program_year_id, partners.name" or "…failed: index 'name'".
  const sqlite = /UNIQUE constraint failed: (.+)$/.exec(message ?? '')?.[1];
  if (!sqlite) return undefined;
  const index = /^index '(\w+)'$/.exec(sqlite)?.[1];
  if (index) return index;
  const columns = sqlite.split(', ').map((column) => column.split('.'));
  return `${columns[0]?.[0] ?? ''}(${columns.map((column) => column[1]).join(',')})`;
}

/**
 * The database cannot be reached or is shutting down: the request may succeed in a moment, so it is a 503, not
 * the portal's fault. (PostgreSQL class 08 is a connection exception, 57P0x an administrator or crash shutdown,
 * 53300 too many connections; a database closed to connections answers 55000 when one is opened.)
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (/^08/.test(code) || /^57P0[1-3]$/.test(code) || code === '53300'))
    return true;
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'SQLITE_BUSY') return true;
  return (
    typeof message === 'string' &&
    /^Connection terminated|is not currently accepting connections/.test(message)
  );
}
