import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { AppError, invalidInput } from '../../platform/errors.js';
import type { Outbox } from '../../platform/mail/outbox.js';
import { parseInput } from '../../platform/validation.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import { describeUnit, parseRegionUnit } from '../regions/geography.js';
import { fileInquiry } from '../inquiries/inquiries.service.js';
import { servedMessage, servingPartners } from '../regions/coverage.js';
import type { RegionIndex } from '../regions/regions.service.js';
import {
  OUTSIDE_US_MESSAGE,
  connectInputSchema,
  eligibilityInputSchema,
  isUnitedStates,
  type EligibilityReason,
  type EligibilityResult,
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

/** The named year, or the current one; with no current year nothing can be served yet. */
async function yearOf(deps: CheckDeps, name: string | undefined): Promise<ProgramYear | null> {
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
  deps: CheckDeps,
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
