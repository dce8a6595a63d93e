import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { addPartner, issueInvitation } from '../partners/partners.service.js';
import { resolveProgramYear } from '../program-years/program-years.service.js';
import { assignUnit } from '../regions/coverage.js';
import { describeUnit, sortUnits } from '../regions/geography.js';
import { applicationError } from './applications.errors.js';
import * as repo from './applications.repository.js';
import { lockProgramYear } from './applications.review.repository.js';
import type { TransitionInput } from './applications.review.schemas.js';
import type { Application } from './applications.schemas.js';
import { refuseServed, regionUnits, type ApplicationDeps } from './applications.service.js';

/*
 * Acceptance onboards the partner at once, in the acceptance's transaction: the partner with its member
 * organizations and the public listing staff confirmed, its region assignments, and an invitation for each
 * program manager the application names. Anything refused rolls all of it back.
 */

type Listing = Extract<TransitionInput, { to: 'accepted' }>['listing'];

/** What accepting will do, in words, for the question staff are asked first. */
export function acceptanceSummary(application: Application) {
  return {
    partnerName: application.organizations[0]?.name ?? null,
    regions: sortUnits(application.regions).map(describeUnit),
    invitations: application.staff.length,
  };
}

/**
 * The staff page has no field for the partner's name or its regions: a refusal about them (a partner of that
 * name already, a region taken meanwhile) is said above the form, not beside a field.
 */
function withoutFields(error: unknown): unknown {
  return error instanceof AppError && error.fieldErrors.length > 0
    ? new AppError(error.code, error.message, [], error.status)
    : error;
}

export async function onboard(
  deps: ApplicationDeps,
  trx: Kysely<Database>,
  acceptance: { actor: Actor; row: repo.ApplicationRow; application: Application; listing: Listing },
): Promise<string> {
  const { actor, row, application, listing } = acceptance;
  const year = await resolveProgramYear(trx, row.programYear);
  const { partnerName: name } = acceptanceSummary(application);
  if (!name) throw applicationError('APPLICATION_INCOMPLETE', 'The application names no organization.');
  const units = regionUnits((await repo.applicationParts(trx, row.id)).regions);
  // Checked again now: another partner may have been given a containing or contained unit since submission,
  // or be being given one by an acceptance running at this moment (the lock makes this one wait for it).
  await lockProgramYear(trx, year.id);
  await refuseServed(trx, year, units);
  try {
    const partnerId = await addPartner(trx, {
      year,
      input: {
        programYear: year.name,
        name,
        ...listing,
        address: undefined,
        active: true,
        organizations: application.organizations.map((o) => ({ name: o.name, role: o.role })),
      },
    });
    // The year's lock and the check above decide first; the unique constraint on a unit per year is the
    // backstop, and a refusal rolls back everything this acceptance wrote.
    for (const unit of units)
      await assignUnit(trx, { programYearId: year.id, yearName: year.name, partnerId, unit });
    for (const person of application.staff) {
      await issueInvitation(trx, deps, {
        partnerId,
        partnerName: name,
        email: person.email,
        personName: person.name,
        createdBy: actor.id,
        why: `${name} is accepted as a Regional Partner of the ${deps.config.programName} for ${year.name}, and its application names you as a program manager (${person.fte.toFixed(2)} FTE).`,
      });
    }
    return partnerId;
  } catch (error) {
    throw withoutFields(error);
  }
}
