import type { FastifyReply, FastifyRequest } from 'fastify';
import { fromNodeHeaders } from 'better-auth/node';
import type { AccountDeps } from './accounts.service.js';
import type { Config } from '../../config.js';
import type { Actor } from '../../platform/actor.js';
import { rolesOf } from './accounts.repository.js';
import { sessionCookieName } from './auth.js';

/** Whether the request could belong to a session at all; without the cookie there is nothing to look up. */
export function hasSessionCookie(config: Config, request: FastifyRequest): boolean {
  return request.cookies[sessionCookieName(config)] !== undefined;
}

/**
 * Who is making this request, from the session cookie. Requests without the cookie (most public traffic)
 * cost no database query.
 */
export async function resolveActor(
  deps: AccountDeps,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Actor | null> {
  if (!hasSessionCookie(deps.config, request)) return null;
  const { headers, response } = await deps.auth.api.getSession({
    headers: fromNodeHeaders(request.headers),
    returnHeaders: true,
  });
  // A sliding session is extended now and then; the refreshed (or cleared) cookie goes back with this response.
  const cookies = headers.getSetCookie();
  if (cookies.length > 0) void reply.header('set-cookie', cookies);
  if (!response) return null;
  const grants = await rolesOf(deps.db.kysely, response.user.id);
  return {
    id: response.user.id,
    email: response.user.email,
    name: response.user.name,
    roles: [...new Set(grants.map((grant) => grant.role))],
    partnerIds: grants.flatMap((grant) =>
      grant.role === 'program_manager' && grant.partnerId ? [grant.partnerId] : [],
    ),
  };
}
