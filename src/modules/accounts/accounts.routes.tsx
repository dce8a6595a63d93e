import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { confirmFirst, submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { formState, type PageContext } from '../../platform/ui/index.js';
import { emailVerifiedQuerySchema, nextPathSchema } from './accounts.schemas.js';
import {
  changeEmail,
  changeName,
  changePassword,
  getAccount,
  homePathOf,
  requestPasswordReset,
  resetPassword,
  signIn,
  signOut,
  signOutEverywhere,
  signUp,
  type AccountDeps,
} from './accounts.service.js';
import { MIN_PASSWORD_LENGTH } from './auth.js';
import { authApi, authHeaders } from './accounts.auth-api.js';
import {
  AccountPage,
  EmailLinkFailedPage,
  ForgotPasswordPage,
  ResetPasswordPage,
  SIGN_OUT_EVERYWHERE,
  SignInPage,
  SignUpPage,
  SignUpSentPage,
  withoutPasswords,
  type EmailForm,
  type NameForm,
  type PasswordForm,
  type ResetPasswordForm,
  type SignInForm,
  type SignUpForm,
} from './accounts.views.js';

const notices = defineNotices({
  welcome: 'Welcome! Your email address is confirmed and your account is ready.',
  'signed-out': 'You are signed out.',
  'password-changed': 'Your password is changed. Sign in with the new one.',
  'email-confirmed': 'Email confirmed: thank you.',
  'email-changed': 'Email confirmed: your account now uses its new address.',
  'email-change-sent':
    'We have sent a link to your new email address. Your account keeps its current address until you open it.',
  'name-changed': 'Your name is saved.',
  'password-saved': 'Your password is changed, and your other sessions have ended.',
  'signed-out-everywhere': 'You are signed out everywhere: every session of yours has ended.',
});

/** `?next=/staff/faq`, kept only when it is a path on this site. */
const nextQuerySchema = z.object({ next: nextPathSchema }).catch({ next: undefined });

export function accountRoutes(deps: AccountDeps): FastifyPluginAsyncZod {
  const { auth, config } = deps;
  const db = deps.db.kysely;

  return async (app) => {
    // One budget per client address, shared by every way of guessing a password or creating accounts
    // (the forms and better-auth's JSON API alike).
    const attemptLimit = {
      onRequest: app.rateLimit({ groupId: 'sign-in', max: config.signInRateLimit, timeWindow: '1 minute' }),
    };
    await app.register(authApi(auth, attemptLimit));

    // Someone already signed in has nothing to do here: on to where they were going, or to their home page.
    app.get('/sign-in', { config: { access: ['anyone'] }, schema: { hide: true } }, (request, reply) => {
      const { next } = nextQuerySchema.parse(request.query);
      if (request.actor) return reply.redirect(next ?? homePathOf(request.actor), 303);
      const form: SignInForm = formState({ next });
      return reply.page((ctx) => <SignInPage ctx={ctx} form={form} />);
    });

    app.post(
      '/sign-in',
      { config: { access: ['anyone'] }, schema: { hide: true }, ...attemptLimit },
      (request, reply) =>
        submitForm(request, reply, {
          run: (input) => signIn(deps, { input, headers: authHeaders(request) }),
          done: ({ cookies, destination }) => reply.header('set-cookie', cookies).redirect(destination, 303),
          again: (form: SignInForm, ctx) => <SignInPage ctx={ctx} form={withoutPasswords(form)} />,
        }),
    );

    app.get('/sign-up', { config: { access: ['anyone'] }, schema: { hide: true } }, (request, reply) => {
      const form: SignUpForm = formState({ next: nextQuerySchema.parse(request.query).next });
      return reply.page((ctx) => (
        <SignUpPage ctx={ctx} form={form} minPasswordLength={MIN_PASSWORD_LENGTH} />
      ));
    });

    app.post(
      '/sign-up',
      { config: { access: ['anyone'] }, schema: { hide: true }, ...attemptLimit },
      (request, reply) =>
        submitForm(request, reply, {
          run: (input) => signUp(auth, { input, headers: authHeaders(request) }),
          done: () => reply.redirect('/sign-up/sent', 303),
          again: (form: SignUpForm, ctx) => (
            <SignUpPage ctx={ctx} form={withoutPasswords(form)} minPasswordLength={MIN_PASSWORD_LENGTH} />
          ),
        }),
    );

    // The header's button: no fields, and nothing to refuse (signed out already is signed out).
    app.post(
      '/sign-out',
      { config: { access: ['anyone'] }, schema: { hide: true } },
      async (request, reply) => {
        const cookies = await signOut(auth, { headers: authHeaders(request) });
        return notices.redirect(reply.header('set-cookie', cookies), '/', 'signed-out');
      },
    );

    app.get(
      '/forgot-password',
      { config: { access: ['anyone'] }, schema: { hide: true } },
      (request, reply) => reply.page((ctx) => <ForgotPasswordPage ctx={ctx} form={formState()} />),
    );

    app.post(
      '/forgot-password',
      { config: { access: ['anyone'] }, schema: { hide: true }, ...attemptLimit },
      (request, reply) =>
        submitForm(request, reply, {
          run: (input) => requestPasswordReset(auth, { input }),
          done: (email) =>
            reply.page((ctx) => <ForgotPasswordPage ctx={ctx} form={formState()} sentTo={email} />),
          again: (form, ctx) => <ForgotPasswordPage ctx={ctx} form={form} />,
        }),
    );

    app.get(
      '/reset-password',
      { config: { access: ['anyone'] }, schema: { hide: true } },
      (request, reply) => {
        const { token } = z
          .object({ token: z.string().max(500).optional() })
          .catch({})
          .parse(request.query);
        return reply.page((ctx) => (
          <ResetPasswordPage
            ctx={ctx}
            token={token ?? ''}
            form={formState()}
            minPasswordLength={MIN_PASSWORD_LENGTH}
          />
        ));
      },
    );

    app.post(
      '/reset-password',
      { config: { access: ['anyone'] }, schema: { hide: true }, ...attemptLimit },
      (request, reply) =>
        submitForm(request, reply, {
          run: (input) => resetPassword(auth, { input }),
          done: () => notices.redirect(reply, '/sign-in', 'password-changed'),
          again: (form: ResetPasswordForm, ctx) => {
            const token = form.values.token;
            return (
              <ResetPasswordPage
                ctx={ctx}
                token={typeof token === 'string' ? token : ''}
                form={withoutPasswords(form)}
                minPasswordLength={MIN_PASSWORD_LENGTH}
              />
            );
          },
        }),
    );

    // Where a confirmation link lands, after better-auth has (or has not) confirmed the address.
    app.get('/sign-up/sent', { config: { access: ['anyone'] }, schema: { hide: true } }, (_request, reply) =>
      reply.page((ctx) => <SignUpSentPage ctx={ctx} />),
    );

    app.get(
      '/email-verified',
      { config: { access: ['anyone'] }, schema: { hide: true } },
      (request, reply) => {
        const { error, change, next } = emailVerifiedQuerySchema.parse(request.query);
        if (error !== undefined)
          return reply.page((ctx) => <EmailLinkFailedPage ctx={ctx} />, { status: 400 });
        const { actor } = request;
        if (change) return notices.redirect(reply, actor ? '/account' : '/sign-in', 'email-changed');
        // A new account's link signs it in: on to where it was going.
        if (actor && next) return notices.redirect(reply, next, 'welcome');
        return notices.redirect(reply, actor ? homePathOf(actor) : '/sign-in', 'email-confirmed');
      },
    );

    // The signed-in person's own account.

    async function accountPage(
      actor: Actor | null,
      forms: { nameForm?: NameForm; emailForm?: EmailForm; passwordForm?: PasswordForm } = {},
    ) {
      const account = await getAccount(db, { actor });
      return (ctx: PageContext) => (
        <AccountPage
          ctx={ctx}
          account={account}
          nameForm={forms.nameForm ?? formState({ name: account.name })}
          emailForm={forms.emailForm ?? formState()}
          passwordForm={forms.passwordForm ?? formState()}
          minPasswordLength={MIN_PASSWORD_LENGTH}
        />
      );
    }

    app.get(
      '/account',
      { config: { access: ['signed-in'] }, schema: { hide: true } },
      async (request, reply) => reply.page(await accountPage(request.actor)),
    );

    app.post(
      '/account/name',
      { config: { access: ['signed-in'] }, schema: { hide: true } },
      (request, reply) =>
        submitForm(request, reply, {
          run: (input) => changeName(auth, { actor: request.actor, input, headers: authHeaders(request) }),
          done: () => notices.redirect(reply, '/account', 'name-changed'),
          again: async (form: NameForm, ctx) => (await accountPage(request.actor, { nameForm: form }))(ctx),
          page: '/account',
        }),
    );

    app.post(
      '/account/email',
      { config: { access: ['signed-in'] }, schema: { hide: true } },
      (request, reply) =>
        submitForm(request, reply, {
          run: (input) => changeEmail(deps, { actor: request.actor, input, headers: authHeaders(request) }),
          done: () => notices.redirect(reply, '/account', 'email-change-sent'),
          again: async (form: EmailForm, ctx) => (await accountPage(request.actor, { emailForm: form }))(ctx),
          page: '/account',
        }),
    );

    app.post(
      '/account/password',
      { config: { access: ['signed-in'] }, schema: { hide: true }, ...attemptLimit },
      (request, reply) =>
        submitForm(request, reply, {
          run: (input) =>
            changePassword(auth, { actor: request.actor, input, headers: authHeaders(request) }),
          done: (cookies) =>
            notices.redirect(reply.header('set-cookie', cookies), '/account', 'password-saved'),
          again: async (form: PasswordForm, ctx) =>
            (await accountPage(request.actor, { passwordForm: withoutPasswords(form) }))(ctx),
          page: '/account',
        }),
    );

    app.post(
      '/account/sign-out-everywhere',
      { config: { access: ['signed-in'] }, schema: { hide: true } },
      async (request, reply) => {
        // Only a signed-in person is asked: there is nothing to sign out of otherwise.
        await getAccount(db, { actor: request.actor });
        return confirmFirst(
          request,
          reply,
          { confirmation: SIGN_OUT_EVERYWHERE, cancelHref: '/account' },
          async () => {
            const cookies = await signOutEverywhere(auth, {
              actor: request.actor,
              headers: authHeaders(request),
            });
            return notices.redirect(reply.header('set-cookie', cookies), '/', 'signed-out-everywhere');
          },
        );
      },
    );
  };
}
