import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { fromNodeHeaders } from 'better-auth/node';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AccountDeps } from './accounts.service.js';
import { AppError } from '../../platform/errors.js';
import { formBody, pageContext, redirectWithNotice, sendHtml } from '../../platform/http.js';
import { renderPage } from '../../platform/page.js';
import { nextPathSchema } from './accounts.schemas.js';
import { requestPasswordReset, resetPassword, signIn, signOut, signUp } from './accounts.service.js';
import { MIN_PASSWORD_LENGTH } from './auth.js';
import {
  EmailVerifiedPage,
  ForgotPasswordPage,
  ResetPasswordPage,
  SignInPage,
  SignUpPage,
} from './accounts.views.js';

export function accountRoutes(deps: AccountDeps): FastifyPluginAsyncZod {
  const { auth, config } = deps;

  return async (app) => {
    // One budget per client address, shared by every way of guessing a password or creating accounts
    // (the forms and better-auth's JSON API alike).
    const attemptLimit = {
      onRequest: app.rateLimit({ max: config.signInRateLimit, timeWindow: '1 minute' }),
    };
    await app.register(betterAuthPassthrough(deps, attemptLimit));

    app.get('/sign-in', { schema: { hide: true } }, (request, reply) => {
      const query = z.object({ next: z.string().optional() }).catch({}).parse(request.query);
      const ctx = pageContext(config, request, reply);
      return sendHtml(reply, renderPage(<SignInPage ctx={ctx} next={nextPathSchema.parse(query.next)} />));
    });

    app.post('/sign-in', { schema: { hide: true }, ...attemptLimit }, async (request, reply) => {
      const form = formBody(request);
      const next = nextPathSchema.parse(form.next);
      try {
        const cookies = await signIn(auth, { input: form, headers: authHeaders(request) });
        return reply.header('set-cookie', cookies).redirect(next, 303);
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'INVALID_INPUT')) throw error;
        const ctx = pageContext(config, request, reply);
        return sendHtml(
          reply,
          renderPage(
            <SignInPage
              ctx={ctx}
              next={next}
              email={form.email}
              errors={error.fieldErrors}
              message={error.message}
            />,
          ),
          400,
        );
      }
    });

    app.get('/sign-up', { schema: { hide: true } }, (request, reply) => {
      const query = z.object({ next: z.string().optional() }).catch({}).parse(request.query);
      const ctx = pageContext(config, request, reply);
      return sendHtml(
        reply,
        renderPage(
          <SignUpPage
            ctx={ctx}
            next={nextPathSchema.parse(query.next)}
            minPasswordLength={MIN_PASSWORD_LENGTH}
          />,
        ),
      );
    });

    app.post('/sign-up', { schema: { hide: true }, ...attemptLimit }, async (request, reply) => {
      const form = formBody(request);
      try {
        const cookies = await signUp(auth, { input: form, headers: authHeaders(request) });
        return redirectWithNotice(
          reply.header('set-cookie', cookies),
          nextPathSchema.parse(form.next),
          'welcome',
        );
      } catch (error) {
        if (!(error instanceof AppError && (error.code === 'INVALID_INPUT' || error.code === 'CONFLICT')))
          throw error;
        const ctx = pageContext(config, request, reply);
        return sendHtml(
          reply,
          renderPage(
            <SignUpPage
              ctx={ctx}
              name={form.name}
              email={form.email}
              errors={error.fieldErrors}
              next={nextPathSchema.parse(form.next)}
              minPasswordLength={MIN_PASSWORD_LENGTH}
            />,
          ),
          error.status,
        );
      }
    });

    app.post('/sign-out', { schema: { hide: true } }, async (request, reply) => {
      const cookies = await signOut(auth, { headers: authHeaders(request) });
      return redirectWithNotice(reply.header('set-cookie', cookies), '/', 'signed-out');
    });

    app.get('/forgot-password', { schema: { hide: true } }, (request, reply) =>
      sendHtml(reply, renderPage(<ForgotPasswordPage ctx={pageContext(config, request, reply)} />)),
    );

    app.post('/forgot-password', { schema: { hide: true }, ...attemptLimit }, async (request, reply) => {
      const form = formBody(request);
      const ctx = pageContext(config, request, reply);
      try {
        await requestPasswordReset(auth, { input: form });
        return sendHtml(reply, renderPage(<ForgotPasswordPage ctx={ctx} email={form.email} sent />));
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'INVALID_INPUT')) throw error;
        return sendHtml(
          reply,
          renderPage(<ForgotPasswordPage ctx={ctx} email={form.email} errors={error.fieldErrors} />),
          400,
        );
      }
    });

    app.get('/reset-password', { schema: { hide: true } }, (request, reply) => {
      const { token } = z
        .object({ token: z.string().max(500).optional() })
        .catch({})
        .parse(request.query);
      const ctx = pageContext(config, request, reply);
      return sendHtml(
        reply,
        renderPage(
          <ResetPasswordPage ctx={ctx} token={token ?? ''} minPasswordLength={MIN_PASSWORD_LENGTH} />,
        ),
      );
    });

    app.post('/reset-password', { schema: { hide: true }, ...attemptLimit }, async (request, reply) => {
      const form = formBody(request);
      try {
        await resetPassword(auth, { input: form });
        return redirectWithNotice(reply, '/sign-in', 'password-changed');
      } catch (error) {
        if (!(error instanceof AppError && error.code === 'INVALID_INPUT')) throw error;
        const ctx = pageContext(config, request, reply);
        return sendHtml(
          reply,
          renderPage(
            <ResetPasswordPage
              ctx={ctx}
              token={form.token ?? ''}
              errors={error.fieldErrors}
              message={error.fieldErrors.length === 0 ? error.message : undefined}
              minPasswordLength={MIN_PASSWORD_LENGTH}
            />,
          ),
          400,
        );
      }
    });

    app.get('/email-verified', { schema: { hide: true } }, (request, reply) =>
      sendHtml(reply, renderPage(<EmailVerifiedPage ctx={pageContext(config, request, reply)} />)),
    );
  };
}

/** Headers for better-auth's server calls: the client's address for its session record. */
function authHeaders(request: FastifyRequest): Headers {
  const headers = fromNodeHeaders(request.headers);
  headers.set('x-portal-client-ip', request.ip);
  return headers;
}

/**
 * better-auth's own HTTP API under /api/auth (sign-up, sign-in, sign-out, password reset, email verification).
 * It reads the raw body itself, so this plugin keeps bodies unparsed; it is encapsulated so that the parser
 * change does not reach the rest of the portal.
 */
function betterAuthPassthrough(
  deps: AccountDeps,
  attemptLimit: { onRequest: RouteShorthandOptions['onRequest'] },
) {
  return async (app: FastifyInstance) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, body, done) => {
      done(null, body);
    });
    const handler = (request: FastifyRequest, reply: FastifyReply) =>
      forwardToBetterAuth(deps, request, reply);
    for (const path of [
      '/api/auth/sign-in/email',
      '/api/auth/sign-up/email',
      '/api/auth/request-password-reset',
      '/api/auth/reset-password',
    ]) {
      app.post(path, { schema: { hide: true }, ...attemptLimit }, handler);
    }
    app.route({ method: ['GET', 'POST'], url: '/api/auth/*', schema: { hide: true }, handler });
  };
}

async function forwardToBetterAuth(deps: AccountDeps, request: FastifyRequest, reply: FastifyReply) {
  const body =
    request.method === 'GET' || !(request.body instanceof Buffer) || request.body.length === 0
      ? undefined
      : request.body;
  // The address the request was sent to, which the origin check has already matched against Origin.
  const url = `${request.protocol}://${request.host}${request.url}`;
  const response = await deps.auth.handler(
    new Request(url, {
      method: request.method,
      headers: authHeaders(request),
      body: body ? new Uint8Array(body) : null,
    }),
  );
  void reply.status(response.status);
  response.headers.forEach((value, key) => {
    if (key !== 'set-cookie' && key !== 'content-length') void reply.header(key, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) void reply.header('set-cookie', cookies);
  return reply.send(response.body ? Buffer.from(await response.arrayBuffer()) : null);
}
