import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app-deps.js';

export function resourceRoutes(_deps: AppDeps): FastifyPluginAsyncZod {
  return async () => undefined;
}
