import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { AppError, invalidInput } from '../../platform/errors.js';
import type { Outbox } from '../../platform/mail/outbox.js';
import { parseInput } from '../../platform/validation.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import { describeUnit, parseRegionUnit, type RegionUnit } from '../regions/geography.js';
import { fileInquiry } from '../inquiries/inquiries.service.js';
import { servedMessage, servingPartners } from '../regions/coverage.js';
import type { RegionIndex } from '../regions/regions.service.js';
import {
  OUTSIDE_US_MESSAGE,
  connectInputSchema,
  connectionQuerySchema,
  eligibilityInputSchema,
  isUnitedStates,
  type EligibilityReason,
  type EligibilityResult,
  type ProposedRegion,
} from './eligibility.schemas.js';

/** What the eligibility check needs: the cached assignments; "connect me" also files an inquiry. */
interface CheckDeps {
  regionIndex: RegionIndex;
}
interface ConnectDeps extends CheckDeps {
  db: Db;
  outbox: Outbox;
  config: Config;
}

/**
 * Proposed regions as units, each once. One that cannot be read is a mistake to correct, not a reason the
 * organization cannot apply: it is refused as input on `field`, every unreadable region named in one message.
 * The application's region step reads its regions the same way.
 */
export function readProposedRegions(regions: readonly string[], field = 'regions'): RegionUnit[] {
  const units = new Map<string, RegionUnit>();
  const problems: string[] = [];
  for (const region of regions) {
    const parsed = parseRegionUnit(region);
    if ('error' in parsed) problems.push(parsed.error);
    else units.set(parsed.unit.unit, parsed.unit);
  }
  if (problems.length > 0) throw invalidInput([{ path: field, message: problems.join(' ') }]);
  return [...units.values()];
}

/**
 * The named year, or the current one; with no current year nothing can be served yet. A refusal names the
 * caller's field (`resolveProgramYear` calls it `year`), or none where the year is no field of the form.
 */
async function yearOf(
  deps: CheckDeps,
  name: string | undefined,
  field?: 'programYear',
): Promise<ProgramYear | null> {
  try {
    return await deps.regionIndex.resolveYear(name);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (name === undefined && error.code === 'PROGRAM_YEAR_NOT_FOUND') return null;
    if (error.code !== 'PROGRAM_YEAR_NOT_FOUND' && error.code !== 'INVALID_INPUT') throw error;
    const message = error.fieldErrors[0]?.message ?? error.message;
    throw new AppError(error.code, message, field ? [{ path: field, message }] : [], error.status);
  }
}

/**
 * Whether an organization may apply for the regions it proposes (FAQ: US organizations only, and only where
 * no partner of the year already works), region by region. Public: anyone may ask, before signing in.
 */
export async function checkEligibility(
  deps: CheckDeps,
  options: { input: unknown },
): Promise<EligibilityResult> {
  const input = parseInput(eligibilityInputSchema, options.input);
  const year = await yearOf(deps, input.programYear, 'programYear');
  const programYear = year?.name ?? null;
  if (!isUnitedStates(input.country)) {
    return {
      eligible: false,
      programYear,
      reasons: [{ code: 'outside_us', message: OUTSIDE_US_MESSAGE }],
      regions: [],
    };
  }
  const units = readProposedRegions(input.regions);
  const assignments = year ? await deps.regionIndex.forYear(year.id) : null;
  const reasons: EligibilityReason[] = [];
  const regions: ProposedRegion[] = [];
  for (const unit of units) {
    const serving = assignments && programYear ? servingPartners(assignments, unit) : [];
    const servedBy = serving.map((entry) => ({
      ...entry.partner,
      servedUnit: entry.servedUnit,
      servedRegion: describeUnit(entry.servedUnit),
      message: servedMessage(unit.unit, entry, programYear ?? ''),
    }));
    for (const entry of servedBy) {
      const { servedUnit, message, id, name, contactEmail } = entry;
      reasons.push({
        code: 'region_served',
        region: unit.unit,
        partner: { id, name, contactEmail },
        servedUnit,
        message,
      });
    }
    regions.push({
      region: describeUnit(unit.unit),
      unit: unit.unit,
      status: servedBy.length > 0 ? 'served' : 'open',
      ...(servedBy.length > 0 ? { servedBy } : {}),
    });
  }
  return { eligible: reasons.length === 0, programYear, reasons, regions };
}

/**
 * The partner a "connect me" message goes to, confirmed to serve the region in the year. The partner, the
 * region and the year come from the check's answer, not from the person: a refusal about them names no field.
 */
async function requireConnection(
  deps: CheckDeps,
  target: { partnerId: string; region: string; programYear?: string | undefined },
) {
  const parsed = parseRegionUnit(target.region);
  if ('error' in parsed) throw invalidInput([], parsed.error);
  const year = await yearOf(deps, target.programYear);
  if (!year) throw invalidInput([], 'No program year is open yet, so no partner serves this region.');
  const region = describeUnit(parsed.unit.unit);
  const serving = servingPartners(await deps.regionIndex.forYear(year.id), parsed.unit).find(
    (entry) => entry.partner.id === target.partnerId,
  );
  if (!serving) throw invalidInput([], `That partner does not serve ${region} in ${year.name}.`);
  return { unit: parsed.unit, region, year, serving };
}

/** Who a "connect me" form writes to, about which region in words; refused as `connectWithPartner` would. */
export async function findConnection(deps: CheckDeps, options: { query: unknown }) {
  const { serving, unit, region, year } = await requireConnection(
    deps,
    parseInput(connectionQuerySchema, options.query),
  );
  return {
    partnerId: serving.partner.id,
    partnerName: serving.partner.name,
    unit: unit.unit,
    region,
    programYear: year.name,
  };
}

/**
 * "Connect me": an applicant whose proposed region is served writes to the partner serving it (FAQ: "we will
 * connect you with the Regional Partner for your area"). The message is an inquiry routed to that partner, in
 * its inbox, with the usual emails. `submitInquiry` routes by the sender's ZIP or state only (the finest unit
 * wins), which can name another partner (e.g. one holding a county inside a proposed state), so the inquiry is
 * filed for the partner the check named, once it is confirmed to serve the region.
 */
export async function connectWithPartner(deps: ConnectDeps, options: { input: unknown }) {
  const input = parseInput(connectInputSchema, options.input);
  const { unit, region, year, serving } = await requireConnection(deps, input);
  const handler = { kind: 'partner' as const, ...serving.partner };
  const filed = await deps.db.kysely.transaction().execute((trx) =>
    fileInquiry(trx, deps, {
      sender: {
        name: input.name,
        email: input.email,
        role: 'organization',
        zip: unit.kind === 'zip' ? unit.unit : null,
        state: unit.state,
        message: input.message,
      },
      programYearId: year.id,
      handler,
      reason:
        `Sent from the eligibility check, proposing ${region}: ` +
        `${serving.partner.name} serves ${describeUnit(serving.servedUnit)}.`,
    }),
  );
  const routedTo = { kind: 'partner' as const, partnerId: handler.id, partnerName: handler.name };
  return { ...filed, routedTo };
}
