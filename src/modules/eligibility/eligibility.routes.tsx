import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app-deps.js';

export function eligibilityRoutes(_deps: AppDeps): FastifyPluginAsyncZod {
  return async () => undefined;
}
