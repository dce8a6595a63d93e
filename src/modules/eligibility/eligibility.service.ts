import type { AppDeps } from '../../app-deps.js';
import { AppError, invalidInput } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import { describeUnit, locateZip, parseRegionUnit, type RegionUnit } from '../regions/geography.js';
import { fileInquiry } from '../inquiries/inquiries.service.js';
import {
  OUTSIDE_US_MESSAGE,
  connectInputSchema,
  eligibilityInputSchema,
  isUnitedStates,
  type EligibilityReason,
  type EligibilityResult,
} from './eligibility.schemas.js';

type Assignments = Awaited<ReturnType<AppDeps['regionIndex']['forYear']>>;
type Relation = 'same' | 'containing' | 'inside';

export interface ServingPartner {
  partner: { id: string; name: string; contactEmail: string };
  /** The assigned unit that makes the proposed one served. */
  servedUnit: string;
  relation: Relation;
}

function countyOfZip(zip: string): string | null {
  const location = locateZip(zip);
  return location?.county ? `${location.state}:${location.county}` : null;
}

/**
 * The partners that make a unit served in a year, one entry per partner (its closest unit): a partner holding
 * the unit itself, a unit containing it (a ZIP's county and state, a county's state), or a unit inside it (any
 * county or ZIP of a state; any ZIP of a county).
 */
export function servingPartners(assignments: Assignments, unit: RegionUnit): ServingPartner[] {
  const found: ServingPartner[] = [];
  const add = (servedUnit: string, relation: Relation) => {
    const match = assignments.byUnit.get(servedUnit);
    if (match && !found.some((entry) => entry.partner.id === match.partner.id)) {
      const { id, name, contactEmail } = match.partner;
      found.push({ partner: { id, name, contactEmail }, servedUnit, relation });
    }
  };
  add(unit.unit, 'same');
  if (unit.kind === 'zip') {
    const county = countyOfZip(unit.unit);
    if (county) add(county, 'containing');
  }
  if (unit.kind !== 'state') add(unit.state, 'containing');
  const inState = assignments.byState.get(unit.state) ?? [];
  if (unit.kind === 'state') {
    for (const held of inState) if (held.kind !== 'state') add(held.unit, 'inside');
  } else if (unit.kind === 'county') {
    for (const held of inState) {
      if (held.kind === 'zip' && countyOfZip(held.unit) === unit.unit) add(held.unit, 'inside');
    }
  }
  return found;
}

/** Units in words ("King County, WA"), as on the rest of the page, not as typed. */
function servedMessage(region: string, serving: ServingPartner, yearName: string): string {
  const where = describeUnit(serving.servedUnit);
  const proposed = describeUnit(region);
  const name = serving.partner.name;
  switch (serving.relation) {
    case 'same':
      return `${where} is already served by ${name} for ${yearName}.`;
    case 'containing':
      return `${proposed} is already served: ${name} serves ${where}, which includes it, for ${yearName}.`;
    case 'inside':
      return `${proposed} is partly served: ${name} serves ${where}, inside it, for ${yearName}.`;
  }
}

/** The named year, or the current one; with no current year nothing can be served yet. */
async function yearOf(
  deps: Pick<AppDeps, 'regionIndex'>,
  name: string | undefined,
): Promise<ProgramYear | null> {
  try {
    return await deps.regionIndex.resolveYear(name);
  } catch (error) {
    if (name === undefined && error instanceof AppError && error.code === 'PROGRAM_YEAR_NOT_FOUND')
      return null;
    throw error;
  }
}

/**
 * Whether an organization may apply for the regions it proposes (FAQ: US organizations only, and only where
 * no partner of the year already works). Public: anyone may ask, before signing in; the application module
 * calls it again on submit.
 */
export async function checkEligibility(
  deps: Pick<AppDeps, 'regionIndex'>,
  options: { input: unknown },
): Promise<EligibilityResult> {
  const input = parseInput(eligibilityInputSchema, options.input);
  const year = await yearOf(deps, input.programYear);
  const programYear = year?.name ?? null;
  if (!isUnitedStates(input.country)) {
    return { eligible: false, programYear, reasons: [{ code: 'outside_us', message: OUTSIDE_US_MESSAGE }] };
  }
  const assignments = year ? await deps.regionIndex.forYear(year.id) : null;
  const reasons: EligibilityReason[] = [];
  const seen = new Set<string>();
  for (const proposed of input.regions) {
    const parsed = parseRegionUnit(proposed);
    if ('error' in parsed) {
      reasons.push({ code: 'unknown_region', region: proposed, message: parsed.error });
      continue;
    }
    if (seen.has(parsed.unit.unit)) continue;
    seen.add(parsed.unit.unit);
    if (!assignments || !programYear) continue;
    for (const serving of servingPartners(assignments, parsed.unit)) {
      reasons.push({
        code: 'region_served',
        region: parsed.unit.unit,
        partner: serving.partner,
        servedUnit: serving.servedUnit,
        message: servedMessage(parsed.unit.unit, serving, programYear),
      });
    }
  }
  return { eligible: reasons.length === 0, programYear, reasons };
}

type ConnectDeps = Pick<AppDeps, 'db' | 'outbox' | 'config' | 'regionIndex'>;

/**
 * "Connect me": an applicant whose proposed region is served writes to the partner serving it (FAQ: "we will
 * connect you with the Regional Partner for your area"). The message is an inquiry routed to that partner, in
 * its inbox, with the usual emails. `submitInquiry` routes by the sender's ZIP or state only (the finest unit
 * wins), which can name another partner (e.g. one holding a county inside a proposed state), so the inquiry is
 * filed for the partner the check named, once it is confirmed to serve the region.
 */
export async function connectWithPartner(deps: ConnectDeps, options: { input: unknown }) {
  const input = parseInput(connectInputSchema, options.input);
  const parsed = parseRegionUnit(input.region);
  if ('error' in parsed) throw invalidInput([{ path: 'region', message: parsed.error }]);
  const year = await deps.regionIndex.resolveYear(input.programYear);
  const serving = servingPartners(await deps.regionIndex.forYear(year.id), parsed.unit).find(
    (entry) => entry.partner.id === input.partnerId,
  );
  if (!serving) {
    throw invalidInput([
      { path: 'partnerId', message: `That partner does not serve ${parsed.unit.unit} in ${year.name}.` },
    ]);
  }
  const handler = { kind: 'partner' as const, ...serving.partner };
  const filed = await deps.db.kysely.transaction().execute((trx) =>
    fileInquiry(trx, deps, {
      sender: {
        name: input.name,
        email: input.email,
        role: 'organization',
        zip: parsed.unit.kind === 'zip' ? parsed.unit.unit : null,
        state: parsed.unit.state,
        message: input.message,
      },
      programYearId: year.id,
      handler,
      reason:
        `Sent from the eligibility check, proposing ${parsed.unit.unit}: ` +
        `${serving.partner.name} serves ${describeUnit(serving.servedUnit)}.`,
    }),
  );
  const routedTo = { kind: 'partner' as const, partnerId: handler.id, partnerName: handler.name };
  return { ...filed, routedTo };
}
