import type { FastifyInstance, RouteOptions } from 'fastify';

/**
 * Who may use a route, in the product's terms. Each route declares its audiences beside its schema
 * (`config: { access: ['partner', 'staff'] }`); the domain function behind it enforces them from the acting user.
 * The declaration is the inventory that the access matrix test drives (`tests/access/`) and that the API document
 * shows, so a route whose checks drift from what it declares fails that test.
 */
export const AUDIENCES = {
  anyone: 'anyone, signed in or not',
  'signed-in': 'anyone signed in',
  staff: 'program staff',
  partner: 'the program managers of the partner the addressed record belongs to',
  manager: 'any program manager, for the partner they manage',
  owner: 'the person the addressed record belongs to',
  'workshop-team': "the workshop's organizers (its partner's program managers) and its assigned facilitators",
  facilitator: 'approved facilitators, for their own work',
  invitee: 'the person an invitation was sent to',
} as const;

export type Audience = keyof typeof AUDIENCES;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may use this route. Every route declares it; `tests/access/` fails for one that does not. */
    access?: readonly Audience[];
  }
}

export interface DeclaredRoute {
  method: string;
  url: string;
  /** Read when asked, not when the route was added: a plugin's routes get theirs in a later hook. */
  readonly access: readonly Audience[] | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the app has, with what it declares: the access inventory. */
    declaredRoutes: DeclaredRoute[];
  }
}

/**
 * Records every route as it is added, and writes its audiences into the API document (an `x-access` list and a
 * sentence in the description). Added before any route, and before the API document's own hook, so that the
 * document sees the sentence.
 */
export function recordRouteAccess(app: FastifyInstance): void {
  const routes: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', routes);
  app.addHook('onRoute', (route: RouteOptions) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD')
        routes.push({
          method,
          url: route.url,
          get access() {
            return route.config?.access;
          },
        });
    }
    const access = route.config?.access;
    if (access && route.schema && !route.schema.hide) {
      const who = access.map((audience) => AUDIENCES[audience]).join('; ');
      const schema = route.schema as Record<string, unknown>;
      schema['x-access'] = [...access];
      schema.description = [schema.description, `Who may call it: ${who}.`].filter(Boolean).join('\n\n');
    }
  });
}

/** For a third-party plugin, whose routes take no options of ours: every route added in `app`'s context gets `access`. */
export function declareAccessOfAll(app: FastifyInstance, access: readonly Audience[]): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    route.config = { ...route.config, access };
  });
}
