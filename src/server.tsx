import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import Fastify, {
  LogController,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import type { AppDeps } from './app-deps.js';
import { accountRoutes } from './modules/accounts/accounts.routes.js';
import { hasSessionCookie, resolveActor } from './modules/accounts/accounts.session.js';
import { sessionCookieName } from './modules/accounts/auth.js';
import { applicationRoutes } from './modules/applications/applications.routes.js';
import { calendarRoutes } from './modules/calendars/calendars.routes.js';
import { eligibilityRoutes } from './modules/eligibility/eligibility.routes.js';
import { faqRoutes } from './modules/faq/faq.routes.js';
import { importRoutes } from './modules/imports/imports.routes.js';
import { inquiryRoutes } from './modules/inquiries/inquiries.routes.js';
import { partnerRoutes } from './modules/partners/partners.routes.js';
import { pressReleaseRoutes } from './modules/press-releases/press-releases.routes.js';
import { workshopRoutes } from './modules/workshops/workshops.routes.js';
import { enrollmentRoutes } from './modules/workshops/workshops.enrollments.routes.js';
import { certificateRoutes } from './modules/workshops/workshops.certificates.routes.js';
import { exportRoutes } from './modules/workshops/workshops.exports.routes.js';
import { attendanceRoutes } from './modules/workshops/workshops.attendance.routes.js';
import { courseRoutes } from './modules/courses/courses.routes.js';
import { facilitatorRoutes } from './modules/facilitators/facilitators.routes.js';
import { programYearRoutes } from './modules/program-years/program-years.routes.js';
import { finderRoutes } from './modules/regions/finder.routes.js';
import { resourceRoutes } from './modules/resources/resources.routes.js';
import { schoolRoutes } from './modules/schools/schools.routes.js';
import { regionRoutes } from './modules/regions/regions.routes.js';
import { opsRoutes } from './modules/ops/ops.routes.js';
import { siteRoutes } from './modules/site/site.routes.js';
import { homeRoutes } from './modules/home/home.routes.js';
import { outboxRoutes } from './modules/outbox/outbox.routes.js';
import { recruitmentRoutes } from './modules/recruitment/recruitment.routes.js';
import { teacherApplicationApiRoutes } from './modules/teacher-applications/teacher-applications.api.routes.js';
import { teacherApplicationRoutes } from './modules/teacher-applications/teacher-applications.routes.js';
import type { Actor } from './platform/actor.js';
import { AppError, type FieldError } from './platform/errors.js';
import { registerPages, sendPage } from './platform/http.js';
import { sharedRateLimitStore } from './platform/shared-rate-limit.js';
import { clientErrorHandler } from './platform/client-errors.js';
import { ApiReferencePage, type OpenApiDocument } from './platform/api-reference.js';
import { ErrorPage } from './platform/ui/layout.js';
import { describeUniqueViolation, isDatabaseUnavailable } from './db/errors.js';
import { declareAccessOfAll, recordRouteAccess } from './platform/access.js';
import { inquirySubmissionLimit } from './platform/inquiry-limit.js';
import { securityHeaders } from './platform/security-headers.js';
import {
  checkOrigin,
  checkStateChange,
  redactSecrets,
  refuseControlCharacters,
} from './platform/security.js';
import { fieldErrorsOf } from './platform/validation.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** One structured line per request, when it completes, instead of fastify's two. */
class AccessLog extends LogController {
  override incomingRequest(): void {
    // Logged once, on completion.
  }

  override requestCompleted(_error: unknown, request: FastifyRequest, reply: FastifyReply): void {
    request.log.info(
      {
        method: request.method,
        url: redactSecrets(request.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  }
}

const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

export async function buildServer(deps: AppDeps, logger: Logger): Promise<FastifyInstance> {
  const { config } = deps;
  const { trustProxy } = config;
  const headers = securityHeaders({ https: config.baseUrl.startsWith('https:') });
  const app = Fastify({
    loggerInstance: logger,
    logController: new AccessLog(),
    // Every request shares the one logger rather than getting a child of its own (a measurable cost per
    // request); the lines that matter name the request id themselves.
    childLoggerFactory: (parent) => parent,
    bodyLimit: 1024 * 1024,
    // A malformed or over-long address never reaches a route or its hooks; it still gets the portal's headers
    // and its error page (or problem+json), like every other answer.
    frameworkErrors: (error, request, reply) => {
      void reply.headers(headers);
      void sendError(deps, error, request, reply);
    },
    // Neither does a request Node's parser refuses (headers over 16 KB, bytes that are not HTTP).
    clientErrorHandler: clientErrorHandler(headers),
    // A hop count as the function fastify makes of one (its types take no number): the nearest N hops are trusted.
    trustProxy:
      typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
  }).withTypeProvider<ZodTypeProvider>();

  // Bodies are validated inside each domain function, after its permission check: a refused caller gets a 403
  // and learns nothing from validation messages. The body schemas still document the API in OpenAPI.
  app.setValidatorCompiler((route) =>
    route.httpPart === 'body'
      ? (data: unknown) => ({ value: data })
      : validatorCompiler(route as Parameters<typeof validatorCompiler>[0]),
  );
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('actor', null);
  registerPages(app as unknown as FastifyInstance, config);

  // Hooks in callback style: the common request (no session, no body) then costs no promise at all.
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
  // Pages with the US map are large; compressed they stay within their budget. Clients that do not ask get plain bytes.
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(cookie);
  await app.register(formbody);
  // On PostgreSQL the limits are counted in the database, so that every app process draws on one budget; on
  // SQLite one process is the deployment, and its memory is the cheaper place to count.
  await app.register(rateLimit, {
    global: false,
    ...(deps.db.dialect === 'postgres' ? { store: sharedRateLimitStore(deps.db.kysely) } : {}),
  });
  recordRouteAccess(app as unknown as FastifyInstance);
  await app.register(async (assets) => {
    declareAccessOfAll(assets, ['anyone']);
    await assets.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/assets/', maxAge: '1h' });
  });
  await app.register(swagger, {
    openapi: {
      info: { title: `${config.programName} API`, version: '1.0.0' },
      servers: [{ url: config.baseUrl }],
      // Signed-in calls carry the session cookie that signing in (`POST /api/auth/sign-in/email`) sets.
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: sessionCookieName(config) } },
      },
      security: [{}, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });

  app.addHook('onRequest', (request, reply, done) => {
    try {
      checkOrigin(request, config.baseUrl);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (!hasSessionCookie(config, request)) {
      done();
      return;
    }
    resolveActor(deps, request, reply).then((actor) => {
      request.actor = actor;
      done();
    }, done);
  });
  app.addHook('preHandler', (request, _reply, done) => {
    try {
      checkStateChange(request);
      refuseControlCharacters(request);
      done();
    } catch (error) {
      done(error as Error);
    }
  });

  app.setErrorHandler((error, request, reply) => sendError(deps, error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    sendError(deps, new AppError('NOT_FOUND', 'There is no page at this address.'), request, reply),
  );

  app.get('/api/openapi.json', { config: { access: ['anyone'] }, schema: { hide: true } }, () =>
    app.swagger(),
  );
  app.get('/api/docs', { config: { access: ['anyone'] }, schema: { hide: true } }, (_request, reply) => {
    const document = app.swagger() as unknown as OpenApiDocument;
    return reply.page((ctx) => <ApiReferencePage ctx={ctx} document={document} />);
  });

  await app.register(opsRoutes(deps));
  await app.register(accountRoutes(deps));
  await app.register(siteRoutes(deps));
  await app.register(faqRoutes(deps));
  await app.register(homeRoutes(deps));
  await app.register(outboxRoutes(deps));
  await app.register(programYearRoutes(deps));
  await app.register(partnerRoutes(deps));
  await app.register(regionRoutes(deps));
  await app.register(finderRoutes(deps));
  const inquiryLimit = inquirySubmissionLimit(app as unknown as FastifyInstance, config);
  await app.register(inquiryRoutes(deps, inquiryLimit));
  await app.register(importRoutes(deps));
  await app.register(eligibilityRoutes(deps, inquiryLimit));
  await app.register(applicationRoutes(deps));
  await app.register(resourceRoutes(deps));
  await app.register(pressReleaseRoutes(deps));
  await app.register(workshopRoutes(deps));
  await app.register(enrollmentRoutes(deps));
  await app.register(certificateRoutes(deps));
  await app.register(exportRoutes(deps));
  await app.register(attendanceRoutes(deps));
  await app.register(courseRoutes(deps));
  await app.register(schoolRoutes(deps));
  await app.register(facilitatorRoutes(deps));
  await app.register(calendarRoutes(deps));
  await app.register(recruitmentRoutes(deps));
  await app.register(teacherApplicationApiRoutes(deps));
  await app.register(teacherApplicationRoutes(deps));
  // The app is typed with pino's logger; callers only need the common FastifyInstance surface.
  return app as unknown as FastifyInstance;
}

function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

/** One mapping from every failure to a status, a problem+json body for the API and a page for people. */
function sendError(
  deps: AppDeps,
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const problem = toProblem(error);
  if (problem.status >= 500) request.log.error({ err: error, reqId: request.id }, 'request failed');
  if (isApiRequest(request)) {
    return reply
      .status(problem.status)
      .type('application/problem+json')
      .send({
        type: 'about:blank',
        title: problem.title,
        status: problem.status,
        detail: problem.detail,
        ...(problem.code ? { code: problem.code } : {}),
        ...(problem.errors.length > 0 ? { errors: problem.errors } : {}),
      });
  }
  if (problem.status === 401 && request.method === 'GET') {
    return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
  }
  return sendPage(
    deps.config,
    reply,
    (ctx) => (
      <ErrorPage
        ctx={ctx}
        status={problem.status}
        title={problem.title}
        message={problem.detail}
        details={[...new Set(problem.errors.map((error) => error.message))]}
        back={wayBack(request, problem)}
      />
    ),
    { status: problem.status },
  );
}

/**
 * Where an error page leads back to: a list whose parameters were refused opens again without them; a form
 * that could not be sent goes back to the page it came from, when the browser said which (same site only).
 */
function wayBack(request: FastifyRequest, problem: Problem): { href: string; label: string } | undefined {
  const path = request.url.split('?')[0] ?? '/';
  if (request.method === 'GET') {
    return request.url.includes('?') && problem.status === 400
      ? { href: path, label: 'Show this list without those choices' }
      : undefined;
  }
  const from = sameSiteReferer(request);
  // A form whose session ran out: sign in, then back to the page it was on (what was typed is lost).
  if (problem.status === 401) {
    return {
      href: `/sign-in?next=${encodeURIComponent(from ?? '/')}`,
      label: 'Sign in, then go back to the page you were on',
    };
  }
  return from ? { href: from, label: 'Go back to the page you came from' } : undefined;
}

/** The path of the page a request came from, when the browser says and it is one of the portal's. */
function sameSiteReferer(request: FastifyRequest): string | undefined {
  const referer = request.headers.referer;
  if (!referer) return undefined;
  try {
    const from = new URL(referer);
    return from.host === request.host ? `${from.pathname}${from.search}` : undefined;
  } catch {
    return undefined;
  }
}

interface Problem {
  status: number;
  title: string;
  detail: string;
  code?: string;
  errors: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Check what you sent',
  401: 'Sign in needed',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Too large',
  414: 'Address too long',
  415: 'Unsupported content type',
  422: 'Could not process this',
  429: 'Too many requests',
  500: 'Something went wrong',
  503: 'Unavailable for a moment',
};

function toProblem(error: unknown): Problem {
  const titleOf = (status: number) =>
    TITLES[status] ?? (status >= 500 ? TITLES[500] : TITLES[400]) ?? 'Error';
  if (error instanceof AppError) {
    return {
      status: error.status,
      title: titleOf(error.status),
      detail: error.message,
      code: error.code,
      errors: error.fieldErrors,
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      title: titleOf(503),
      detail: 'The portal cannot reach its database right now. Try again in a minute.',
      errors: [],
    };
  }
  const duplicate = describeUniqueViolation(error);
  if (duplicate) {
    return {
      status: 409,
      title: titleOf(409),
      detail: duplicate.message,
      code: 'CONFLICT',
      errors: [duplicate],
    };
  }
  if (error instanceof ZodError) {
    return {
      status: 400,
      title: titleOf(400),
      detail: 'Some fields need attention.',
      code: 'INVALID_INPUT',
      errors: fieldErrorsOf(error),
    };
  }
  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.map((issue) => ({
      path:
        [issue.instancePath.replace(/^\//, '').replaceAll('/', '.')].filter(Boolean).join('.') ||
        (fastifyError.validationContext ?? ''),
      message: issue.message ?? 'is not valid',
    }));
    return {
      status: 400,
      title: titleOf(400),
      detail: 'Some fields need attention.',
      code: 'INVALID_INPUT',
      errors,
    };
  }
  const status = typeof fastifyError.statusCode === 'number' ? fastifyError.statusCode : 500;
  if (status >= 500) {
    return {
      status: 500,
      title: titleOf(500),
      detail: 'The portal could not finish this request. Please try again later.',
      errors: [],
    };
  }
  return { status, title: titleOf(status), detail: humanFastifyMessage(fastifyError, status), errors: [] };
}

/** Fastify's own 4xx messages (bad JSON, wrong content type, body too large) rephrased for people. */
function humanFastifyMessage(error: FastifyError, status: number): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'This content type is not accepted here. Send JSON (application/json) or a form.';
    case 'FST_ERR_BAD_URL':
      return 'This address is not valid: part of it is not correctly %-encoded. Check the link you followed.';
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return 'This address is too long to be one of the portal’s pages. Check the link you followed.';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request is too large.';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is empty; send a JSON object.';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'The request body is not valid JSON.';
    default:
      return status === 429 ? 'Too many attempts. Wait a minute and try again.' : error.message;
  }
}
