import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { applicationConfigRoutes } from './applications.config.routes.js';
import { applicationDraftRoutes } from './applications.drafts.routes.js';
import { applicationReviewRoutes } from './applications.review.routes.js';
import type { ApplicationDeps } from './applications.service.js';

/** Partner applications: the applicant's drafts, staff's review and decisions, and the year's questions. */
export function applicationRoutes(deps: ApplicationDeps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(applicationDraftRoutes(deps));
    await app.register(applicationReviewRoutes(deps));
    await app.register(applicationConfigRoutes(deps));
  };
}
