import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CoreDeps } from '../../platform/deps.js';
import { PersonalFeedPanel } from '../calendars/calendars.views.js';
import { MyWorkshopsPage } from '../workshops/workshops.enrollments.views.js';
import { facilitatorHome, participantHome, partnerDashboard, staffDashboard } from './home.service.js';
import { FacilitatorHomePage, PartnerHomePage, StaffHomePage } from './home.views.js';

/** The dashboards people land on after signing in: what awaits them, with counts linking to the lists. */
export function homeRoutes(deps: Pick<CoreDeps, 'db' | 'config'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/staff', { config: { access: ['staff'] }, schema: { hide: true } }, async (request, reply) => {
      const dashboard = await staffDashboard(deps.db.kysely, { actor: request.actor });
      return reply.page((ctx) => (
        <StaffHomePage ctx={ctx} dashboard={dashboard} mailDelivered={deps.config.smtpUrl !== undefined} />
      ));
    });

    app.get(
      '/partner',
      { config: { access: ['manager'] }, schema: { hide: true } },
      async (request, reply) => {
        const dashboard = await partnerDashboard(deps.db.kysely, { actor: request.actor });
        return reply.page((ctx) => <PartnerHomePage ctx={ctx} dashboard={dashboard} />);
      },
    );

    app.get(
      '/my/workshops',
      { config: { access: ['signed-in'] }, schema: { hide: true } },
      async (request, reply) => {
        const home = await participantHome(deps, { actor: request.actor });
        return reply.page((ctx) => (
          <MyWorkshopsPage
            ctx={ctx}
            entries={home.entries}
            feedPanel={<PersonalFeedPanel ctx={ctx} url={home.feedUrl} />}
          />
        ));
      },
    );

    app.get(
      '/facilitator',
      { config: { access: ['facilitator'] }, schema: { hide: true } },
      async (request, reply) => {
        const home = await facilitatorHome(deps, { actor: request.actor });
        return reply.page((ctx) => (
          <FacilitatorHomePage ctx={ctx} workshops={home.workshops} feedUrl={home.feedUrl} />
        ));
      },
    );
  };
}
