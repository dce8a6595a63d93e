import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { OPERATOR, requireStaffOrOperator, type Actor } from '../../platform/actor.js';
import { CsvError, parseCsv, type CsvIssue } from '../../platform/csv.js';
import { AppError } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import type { ChangeFeed } from '../../platform/changes.js';
import { addPartner, listYearPartnerContacts, updatePartnerContact } from '../partners/partners.service.js';
import type { PartnerInput } from '../partners/partners.schemas.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import {
  currentProgramYear,
  ensureProgramYear,
  findProgramYear,
} from '../program-years/program-years.service.js';
import {
  assignUnit,
  readYearAssignments,
  regionTaken,
  servingPartners,
  type YearAssignments,
} from '../regions/coverage.js';
import { parseRegionUnit, type RegionUnit } from '../regions/geography.js';
import { listYearHolders } from '../regions/regions.service.js';
import {
  IMPORT_COLUMNS,
  importKindSchema,
  importRequestSchema,
  partnerRowSchema,
  regionRowSchema,
  type ImportKind,
  type ImportLine,
  type ImportResult,
  type PartnerRow,
  type RegionRow,
} from './imports.schemas.js';
import { importError } from './imports.errors.js';

interface Deps {
  db: Db;
  changes: ChangeFeed;
}

export interface ImportOptions {
  deps: Deps;
  actor: Actor | typeof OPERATOR | null;
  /** `{ csv, dryRun? }` as the caller received it; checked after the permission (decision 002). */
  input: unknown;
}

/** Adds partners, or updates their public contact, from a `name,contact_name,contact_email,program_year` file. */
export function importPartners(options: ImportOptions): Promise<ImportResult> {
  return runImport(options, 'partners', partnerRowSchema, planPartners);
}

/** Assigns regions to partners from a `partner,program_year,region` file. */
export function importRegions(options: ImportOptions): Promise<ImportResult> {
  return runImport(options, 'regions', regionRowSchema, planRegions);
}

/** Each kind of file's import, for callers that let people choose the kind (the portal's form, the CLI). */
export const IMPORTERS: Record<ImportKind, (options: ImportOptions) => Promise<ImportResult>> = {
  partners: importPartners,
  regions: importRegions,
};

/** For the portal's form, whose input also names the kind of file: `{ kind, csv, dryRun? }`. */
export function importFile(options: ImportOptions): Promise<ImportResult> {
  requireImporter(options.actor);
  const { kind } = parseInput(importKindSchema, options.input);
  return IMPORTERS[kind](options);
}

export function requireImporter(actor: Actor | typeof OPERATOR | null): void {
  requireStaffOrOperator(actor);
}

/** What the import page says before any file: which year the public sees. */
export async function importOverview(
  db: Kysely<Database>,
  options: { actor: Actor | null },
): Promise<{ currentYear: string | null }> {
  requireImporter(options.actor);
  return { currentYear: (await currentProgramYear(db))?.name ?? null };
}

/** "Imported 3 partners: 2 created, 1 updated, 0 unchanged.", for the CLI and the page after a commit. */
export function describeImport(
  result: Pick<ImportResult, 'kind' | 'created' | 'updated' | 'unchanged'> &
    Partial<Pick<ImportResult, 'dryRun' | 'programYearsCreated'>>,
): string {
  const total = result.created + result.updated + result.unchanged;
  const things =
    result.kind === 'partners'
      ? `${total} partner${total === 1 ? '' : 's'}`
      : `${total} region assignment${total === 1 ? '' : 's'}`;
  const counts = [
    `${result.created} created`,
    ...(result.kind === 'partners' ? [`${result.updated} updated`] : []),
    `${result.unchanged} unchanged`,
  ];
  const years = (result.programYearsCreated ?? []).map(
    (year) => ` ${result.dryRun ? 'Would create' : 'Created'} program year ${year}.`,
  );
  const sentence = `${result.dryRun ? 'Would import' : 'Imported'} ${things}: ${counts.join(', ')}.`;
  return `${sentence}${years.join('')}${result.dryRun ? ' Nothing was written (dry run).' : ''}`;
}

/** Which year the public sees once the file is imported: said on the import page and by the CLI. */
export function currentYearSentence(result: ImportResult): string {
  const current = result.currentProgramYear;
  if (!current) return 'No program year is current: the finder shows no partner until one is made current.';
  if (result.dryRun && result.programYearsCreated.includes(current))
    return `No program year is current yet: ${current}, created by this import, will become the current year, which the finder and the partner directory show.`;
  return `${current} is the current program year: the finder and the partner directory show it.`;
}

/** What a line of the file does, and the write that does it (none when nothing changes). */
interface Planned {
  line: ImportLine;
  write?: {
    run: (db: Kysely<Database>, year: ProgramYear) => Promise<void>;
    /** Said when the database refuses the write because another request got there first. */
    conflict?: string;
  };
}

interface ParsedRow<Row> {
  line: number;
  row: Row;
}

type Planner<Row> = (
  db: Kysely<Database>,
  rows: ParsedRow<Row>[],
  problems: CsvIssue[],
) => Promise<Planned[]>;

/**
 * Every import runs the same way, all or nothing: read the whole file, check every line against the database and
 * collect every problem, and only when there is none, write, in the same transaction that did the checking.
 */
async function runImport<Row>(
  options: ImportOptions,
  kind: ImportKind,
  rowSchema: z.ZodType<Row>,
  plan: Planner<Row>,
): Promise<ImportResult> {
  requireImporter(options.actor);
  const { csv, dryRun } = parseInput(importRequestSchema, options.input);
  const problems: CsvIssue[] = [];
  const rows = readRows(csv, IMPORT_COLUMNS[kind], rowSchema, problems);
  const result = await options.deps.db.kysely.transaction().execute(async (trx) => {
    const planned = await plan(trx, rows, problems);
    if (problems.length > 0) throw importInvalid(problems);
    const programYearsCreated = await yearsToCreate(trx, planned);
    if (!dryRun) await write(trx, planned);
    // The first year created becomes current when none is (a dry run says which would).
    const current = (await currentProgramYear(trx))?.name ?? programYearsCreated[0] ?? null;
    return { ...resultOf({ kind, dryRun, planned, programYearsCreated }), currentProgramYear: current };
  });
  if (!dryRun && result.created + result.updated > 0) await options.deps.changes.publish('regions');
  return result;
}

/** The file's rows, each checked with the row schema; a row that fails is reported (every field of it) and left out. */
function readRows<Row>(
  csv: string,
  columns: readonly string[],
  rowSchema: z.ZodType<Row>,
  problems: CsvIssue[],
): ParsedRow<Row>[] {
  const rows: ParsedRow<Row>[] = [];
  for (const record of readCsv(csv, columns)) {
    const parsed = rowSchema.safeParse(record.values);
    if (parsed.success) rows.push({ line: record.line, row: parsed.data });
    else {
      for (const issue of parsed.error.issues) {
        problems.push({ line: record.line, message: `${issue.path.join('.')}: ${issue.message}` });
      }
    }
  }
  return rows;
}

function readCsv(csv: string, columns: readonly string[]) {
  try {
    return parseCsv(csv, { columns });
  } catch (error) {
    if (error instanceof CsvError) throw importInvalid(error.issues);
    throw error;
  }
}

/** Problems are listed by line, as a person fixes them; a problem with the whole file has the path "csv". */
function importInvalid(problems: CsvIssue[]): AppError {
  const sorted = [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const count = `${sorted.length} problem${sorted.length === 1 ? '' : 's'}`;
  return importError(
    'IMPORT_INVALID',
    `Nothing was imported: the file has ${count}.`,
    sorted.map((problem) => ({
      path: problem.line === undefined ? 'csv' : `line ${problem.line}`,
      message: problem.message,
    })),
  );
}

/** The years named by lines that write, which do not exist yet. */
async function yearsToCreate(db: Kysely<Database>, planned: Planned[]): Promise<string[]> {
  const named = new Set(planned.filter((p) => p.write).map((p) => p.line.programYear));
  const missing: string[] = [];
  for (const name of named) if (!(await findProgramYear(db, name))) missing.push(name);
  return missing;
}

async function write(db: Kysely<Database>, planned: Planned[]): Promise<void> {
  const years = memoize((name: string) => ensureProgramYear(db, name));
  for (const { line, write } of planned) {
    if (!write) continue;
    try {
      await write.run(db, await years(line.programYear));
    } catch (error) {
      // Another request wrote the same row between our check and our write: the unique constraint decided, and
      // the partners or regions module answered 409.
      if (write.conflict && error instanceof AppError && error.status === 409)
        throw importInvalid([{ line: line.line, message: write.conflict }]);
      throw error;
    }
  }
}

function resultOf(options: {
  kind: ImportKind;
  dryRun: boolean;
  planned: Planned[];
  programYearsCreated: string[];
}): Omit<ImportResult, 'currentProgramYear'> {
  const lines = options.planned.map((p) => p.line);
  const count = (outcome: ImportLine['outcome']) => lines.filter((line) => line.outcome === outcome).length;
  return {
    kind: options.kind,
    dryRun: options.dryRun,
    created: count('created'),
    updated: count('updated'),
    unchanged: count('unchanged'),
    programYearsCreated: options.programYearsCreated,
    lines,
  };
}

interface YearPartner {
  id: string;
  name: string;
  contactName: string;
  contactEmail: string;
}

/** What the database holds for one program year that the file names (nothing, for a year that does not exist). */
interface YearContents {
  year: ProgramYear | undefined;
  partners: Map<string, YearPartner>;
  /** The same partners by their name in lowercase, to point out a name spelt with other capitals. */
  partnersByFoldedName: Map<string, YearPartner>;
  holders: Map<string, { partnerId: string; partnerName: string }>;
  /** Who serves what, as the coverage rule reads it; the file's new assignments are added as they are planned. */
  assignments: YearAssignments;
}

function yearContents(db: Kysely<Database>): (name: string) => Promise<YearContents> {
  return memoize(async (name: string) => {
    const year = await findProgramYear(db, name);
    const [partners, holders, assignments] = year
      ? await Promise.all([
          listYearPartnerContacts(db, year.id),
          listYearHolders(db, year.id),
          readYearAssignments(db, year.id),
        ])
      : [[], [], { byUnit: new Map(), byState: new Map() }];
    return {
      year,
      assignments,
      partners: new Map(partners.map((partner) => [partner.name, partner])),
      partnersByFoldedName: new Map(partners.map((partner) => [partner.name.toLowerCase(), partner])),
      holders: new Map(holders.map(({ unit, ...holder }) => [unit, holder])),
    };
  });
}

const planPartners: Planner<PartnerRow> = async (db, rows, problems) => {
  const contentsOf = yearContents(db);
  const earlier = new Map<string, ParsedRow<PartnerRow>>();
  const planned: Planned[] = [];
  for (const { line, row } of rows) {
    const key = `${row.program_year}\n${row.name.toLowerCase()}`;
    const first = earlier.get(key);
    if (first) {
      const repeat = repeatedPartner(line, row, first);
      if ('problem' in repeat) problems.push({ line, message: repeat.problem });
      else planned.push(repeat);
      continue;
    }
    earlier.set(key, { line, row });
    const contents = await contentsOf(row.program_year);
    const existing = contents.partners.get(row.name);
    const otherSpelling = contents.partnersByFoldedName.get(row.name.toLowerCase());
    if (existing) planned.push(plannedContactUpdate(line, row, existing));
    else if (otherSpelling) {
      problems.push({
        line,
        message: `a partner named "${otherSpelling.name}" already exists in ${row.program_year}; write its name exactly like that to update it.`,
      });
    } else planned.push(plannedNewPartner(line, row));
  }
  return planned;
};

function partnerLine(
  line: number,
  row: PartnerRow,
  outcome: ImportLine['outcome'],
  detail: string,
): ImportLine {
  return { line, outcome, programYear: row.program_year, partner: row.name, region: null, detail };
}

/** A partner listed twice is harmless if both lines say the same; otherwise the file contradicts itself. */
function repeatedPartner(
  line: number,
  row: PartnerRow,
  first: ParsedRow<PartnerRow>,
): Planned | { problem: string } {
  if (first.row.name !== row.name) {
    return {
      problem: `"${row.name}" is also on line ${first.line}, written "${first.row.name}"; list a partner once.`,
    };
  }
  if (first.row.contact_name !== row.contact_name || first.row.contact_email !== row.contact_email) {
    return {
      problem: `"${row.name}" in ${row.program_year} is also on line ${first.line}, with another contact.`,
    };
  }
  return { line: partnerLine(line, row, 'unchanged', `Same as line ${first.line}`) };
}

function plannedNewPartner(line: number, row: PartnerRow): Planned {
  return {
    line: partnerLine(line, row, 'created', 'New partner'),
    write: {
      run: async (db, year) => {
        await addPartner(db, { year, input: newPartnerInput(row) });
      },
      conflict: `"${row.name}" was added to ${row.program_year} by someone else during this import; import the file again.`,
    },
  };
}

/**
 * A partner is made of member organizations (a consortium lists each with its role), and the directory shows
 * them, so every partner has at least one. The file has no columns for them: a partner it creates starts as one
 * organization of its own name, in the lead, which staff can complete later.
 */
function newPartnerInput(row: PartnerRow): PartnerInput {
  return {
    programYear: row.program_year,
    name: row.name,
    contactName: row.contact_name,
    contactEmail: row.contact_email,
    coursesOffered: [],
    active: true,
    organizations: [{ name: row.name, role: 'lead' }],
  };
}

/** An existing partner: its public contact is updated when the file says otherwise, and nothing else is touched. */
function plannedContactUpdate(line: number, row: PartnerRow, existing: YearPartner): Planned {
  const changes = [
    existing.contactName !== row.contact_name &&
      `contact name "${existing.contactName}" → "${row.contact_name}"`,
    existing.contactEmail !== row.contact_email &&
      `contact email ${existing.contactEmail} → ${row.contact_email}`,
  ].filter((change) => change !== false);
  if (changes.length === 0) return { line: partnerLine(line, row, 'unchanged', 'Unchanged') };
  const contact = { contactName: row.contact_name, contactEmail: row.contact_email };
  return {
    line: partnerLine(line, row, 'updated', `Updated ${changes.join(', ')}`),
    write: {
      run: (db) => updatePartnerContact(db, { partnerId: existing.id, contact }),
    },
  };
}

const planRegions: Planner<RegionRow> = async (db, rows, problems) => {
  const contentsOf = yearContents(db);
  // Which partner each unit goes to in the file so far, per year, so that the file cannot give a unit twice.
  const claims = new Map<string, { line: number; partner: YearPartner }>();
  const planned: Planned[] = [];
  for (const { line, row } of rows) {
    const contents = await contentsOf(row.program_year);
    const parsed = parseRegionUnit(row.region);
    const partner = contents.partners.get(row.partner);
    if ('error' in parsed) problems.push({ line, message: `region: ${parsed.error}` });
    if (!partner) problems.push({ line, message: unknownPartner(row, contents) });
    if ('error' in parsed || !partner) continue;
    const unit = parsed.unit;
    const regionLine = (outcome: ImportLine['outcome'], detail: string): ImportLine => ({
      line,
      outcome,
      programYear: row.program_year,
      partner: partner.name,
      region: unit.unit,
      detail,
    });
    const key = `${row.program_year}\n${unit.unit}`;
    const claim = claims.get(key);
    const holder = contents.holders.get(unit.unit);
    if (claim && claim.partner.id !== partner.id) {
      problems.push({
        line,
        message: `${unit.unit} is also given to "${claim.partner.name}" on line ${claim.line}; a unit has one partner per year.`,
      });
    } else if (claim) {
      planned.push({ line: regionLine('unchanged', `Same as line ${claim.line}`) });
    } else if (holder && holder.partnerId !== partner.id) {
      problems.push({ line, message: regionTaken(unit.unit, holder.partnerName, row.program_year).message });
    } else if (holder) {
      planned.push({ line: regionLine('unchanged', 'Already held by this partner') });
    } else {
      const inside = unitContaining(contents.assignments, unit, partner);
      planned.push({
        line: { ...regionLine('created', 'New assignment'), ...(inside && { redundantInside: inside }) },
        write: {
          run: async (db, year) => {
            await assignUnit(db, {
              programYearId: year.id,
              yearName: year.name,
              partnerId: partner.id,
              unit,
            });
          },
          conflict: `${regionTaken(unit.unit, 'another partner', row.program_year).message} It was assigned during this import.`,
        },
      });
    }
    if (!claim) {
      claims.set(key, { line, partner });
      if (!holder) addAssignment(contents.assignments, unit, partner);
    }
  }
  return planned;
};

/**
 * The unit of the same partner that already contains this one (a ZIP's county or state, a county's state), by
 * the coverage rule: assigning it changes nothing the public sees.
 */
function unitContaining(assignments: YearAssignments, unit: RegionUnit, partner: YearPartner) {
  return servingPartners(assignments, unit).find(
    (serving) => serving.relation === 'containing' && serving.partner.id === partner.id,
  )?.servedUnit;
}

/** A unit the file gives, as if assigned already, so that later lines are read against it. */
function addAssignment(assignments: YearAssignments, unit: RegionUnit, partner: YearPartner): void {
  const served = { ...partner, website: null, coursesOffered: [] };
  assignments.byUnit.set(unit.unit, { kind: unit.kind, partner: served });
  const inState = assignments.byState.get(unit.state) ?? [];
  assignments.byState.set(unit.state, [...inState, { unit: unit.unit, kind: unit.kind, partner: served }]);
}

function unknownPartner(row: RegionRow, contents: YearContents): string {
  const message = `unknown partner "${row.partner}" in ${row.program_year}`;
  const otherSpelling = contents.partnersByFoldedName.get(row.partner.toLowerCase());
  if (otherSpelling) return `${message}; did you mean "${otherSpelling.name}"?`;
  if (contents.partners.size === 0) return `${message}; that year has no partners yet (import them first).`;
  return `${message}.`;
}

/** Each key's value is computed once; the file names few years but each of them on many lines. */
function memoize<T>(compute: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let value = cache.get(key);
    if (!value) {
      value = compute(key);
      cache.set(key, value);
    }
    return value;
  };
}
