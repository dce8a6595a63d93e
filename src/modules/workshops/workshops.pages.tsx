import type { FastifyRequest } from 'fastify';
import { isStaff } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { formState, type FormState, type PageContext } from '../../platform/ui/index.js';
import { findMyEnrollment } from './workshops.enrollments.service.js';
import type { EnrollmentForm } from './workshops.enrollments.views.js';
import type { Workshop } from './workshops.schemas.js';
import { listAssignableFacilitators } from './workshops.service.js';
import { WorkshopPage, type PresenterForm } from './workshops.views.js';

/**
 * A workshop's page as its viewer sees it: organizers also get the facilitators they may assign; a signed-in
 * person where they stand; and a refused form (publishing, assigning, signing up) shown again.
 */
export async function workshopPage(
  deps: Pick<CoreDeps, 'db' | 'config'>,
  request: FastifyRequest,
  workshop: Workshop,
  options: {
    invite?: string | undefined;
    refusal?: FormState | undefined;
    presenterForm?: PresenterForm | undefined;
    enrollForm?: EnrollmentForm | undefined;
  } = {},
) {
  const actor = request.actor;
  const organizer = actor !== null && (isStaff(actor) || actor.partnerIds.includes(workshop.partnerId));
  const [assignable, myEnrollment] = await Promise.all([
    organizer ? listAssignableFacilitators(deps, { actor, id: workshop.id }) : [],
    findMyEnrollment(deps, { actor, workshopId: workshop.id }),
  ]);
  return (ctx: PageContext) => (
    <WorkshopPage
      ctx={ctx}
      workshop={workshop}
      organizer={organizer}
      invite={options.invite}
      refusal={options.refusal}
      assignable={assignable}
      presenterForm={options.presenterForm ?? formState()}
      myEnrollment={myEnrollment}
      enrollForm={options.enrollForm ?? formState({ role: 'teacher' })}
    />
  );
}
