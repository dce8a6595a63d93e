import type { z } from 'zod';
import {
  ActionButton,
  Button,
  Form,
  Layout,
  SummaryList,
  Tag,
  TextField,
  type Confirmation,
  type FormState,
  type PageContext,
} from '../../platform/ui/index.js';
import type {
  accountNameSchema,
  changeEmailSchema,
  changePasswordSchema,
  forgotPasswordSchema,
  resetPasswordSchema,
  signInSchema,
  signUpSchema,
} from './accounts.schemas.js';

export type SignInForm = FormState<z.input<typeof signInSchema>>;
export type SignUpForm = FormState<z.input<typeof signUpSchema>>;
export type ForgotPasswordForm = FormState<z.input<typeof forgotPasswordSchema>>;
export type ResetPasswordForm = FormState<z.input<typeof resetPasswordSchema>>;
export type NameForm = FormState<z.input<typeof accountNameSchema>>;
export type EmailForm = FormState<z.input<typeof changeEmailSchema>>;
export type PasswordForm = FormState<z.input<typeof changePasswordSchema>>;

const PASSWORD_FIELDS = ['password', 'currentPassword', 'newPassword'];

/** A refused form shown again keeps what was typed, but never a password: it is not written into a page. */
export function withoutPasswords<Input>(form: FormState<Input>): FormState<Input> {
  return {
    ...form,
    values: Object.fromEntries(
      Object.entries(form.values).filter(([name]) => !PASSWORD_FIELDS.includes(name)),
    ),
  };
}

/** Every session ends, on every device, this one too. */
export const SIGN_OUT_EVERYWHERE: Confirmation = {
  title: 'Sign out everywhere?',
  message:
    'Every session of yours ends: on this device and on every other one where you are signed in. You then sign in again with your password.',
  confirmLabel: 'Sign out everywhere',
};

/** The page someone was sent here from, if it is a page of its own (not the overview). */
function nextOf(form: SignInForm | SignUpForm): string | undefined {
  const next = form.values.next;
  return typeof next === 'string' && next !== '' && next !== '/' ? next : undefined;
}

export function SignInPage({ ctx, form }: { ctx: PageContext; form: SignInForm }) {
  const next = nextOf(form);
  return (
    <Layout ctx={ctx} title="Sign in">
      <h1>Sign in</h1>
      {next && <p class="lead">Sign in to see that page. You go back to it once you are signed in.</p>}
      <Form ctx={ctx} action="/sign-in" form={form}>
        {next && <input type="hidden" name="next" value={next} />}
        <TextField
          form={form}
          name="email"
          label="Email address"
          type="email"
          autoComplete="email"
          required
        />
        <TextField
          form={form}
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
        />
        <div class="button-row">
          <Button>Sign in</Button>
          <a href="/forgot-password">Forgot your password?</a>
        </div>
      </Form>
      <p>
        New here?{' '}
        <a href={next ? `/sign-up?next=${encodeURIComponent(next)}` : '/sign-up'}>Create an account</a>.
      </p>
    </Layout>
  );
}

export function SignUpPage(props: { ctx: PageContext; form: SignUpForm; minPasswordLength: number }) {
  const { ctx, form } = props;
  const next = nextOf(form);
  return (
    <Layout ctx={ctx} title="Create an account">
      <h1>Create an account</h1>
      <Form ctx={ctx} action="/sign-up" form={form} submit="Create the account">
        {next && <input type="hidden" name="next" value={next} />}
        <TextField form={form} name="name" label="Your name" autoComplete="name" required />
        <TextField
          form={form}
          name="email"
          label="Email address"
          hint="We send a link to confirm it."
          type="email"
          autoComplete="email"
          required
        />
        <TextField
          form={form}
          name="password"
          label="Password"
          hint={`At least ${props.minPasswordLength} characters.`}
          type="password"
          autoComplete="new-password"
          required
        />
      </Form>
      <p>
        Already have an account?{' '}
        <a href={next ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'}>Sign in</a>.
      </p>
    </Layout>
  );
}

/** After signing up: the account signs in by the link just mailed (whether the address was new or not). */
export function SignUpSentPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Check your email">
      <h1>Check your email</h1>
      <p class="notice" role="status">
        We have sent a message to the address you gave. To finish creating your account, open the link in it:
        it confirms the address and signs you in. The link works for one hour.
      </p>
      <p>
        Nothing arrived after a few minutes? Check your spam folder, or <a href="/sign-in">sign in</a> to have
        the link sent again. If the address has an account already, the message says how to sign in to it.
      </p>
    </Layout>
  );
}

export function ForgotPasswordPage(props: { ctx: PageContext; form: ForgotPasswordForm; sentTo?: string }) {
  const { ctx, form } = props;
  return (
    <Layout ctx={ctx} title="Reset your password">
      <h1>Reset your password</h1>
      {props.sentTo !== undefined ? (
        <p class="notice" role="status">
          If an account exists for {props.sentTo}, we have sent it a link to choose a new password. The link
          works for one hour.
        </p>
      ) : (
        <Form ctx={ctx} action="/forgot-password" form={form} submit="Send me a reset link">
          <TextField
            form={form}
            name="email"
            label="Email address"
            type="email"
            autoComplete="email"
            required
          />
        </Form>
      )}
    </Layout>
  );
}

export function ResetPasswordPage(props: {
  ctx: PageContext;
  token: string;
  form: ResetPasswordForm;
  minPasswordLength: number;
}) {
  const { ctx, form } = props;
  return (
    <Layout ctx={ctx} title="Choose a new password">
      <h1>Choose a new password</h1>
      {props.token === '' ? (
        <p>
          This reset link is incomplete or has expired. <a href="/forgot-password">Ask for a new one</a>.
        </p>
      ) : (
        <Form ctx={ctx} action="/reset-password" form={form} submit="Save the new password">
          <input type="hidden" name="token" value={props.token} />
          <TextField
            form={form}
            name="password"
            label="New password"
            hint={`At least ${props.minPasswordLength} characters.`}
            type="password"
            autoComplete="new-password"
            required
          />
        </Form>
      )}
      {form.message && form.errors.length === 0 && (
        <p>
          <a href="/forgot-password">Ask for a new reset link</a>
        </p>
      )}
    </Layout>
  );
}

/** A confirmation link that did not work: expired, used already, or not one of ours. */
export function EmailLinkFailedPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="This link did not work">
      <h1>This link did not work</h1>
      <p>
        The link to confirm an email address has expired, was used already, or is incomplete. Your email
        address is as it was.
      </p>
      <p>
        {ctx.actor ? (
          <a href="/account">Go to your account</a>
        ) : (
          <a href="/sign-in?next=%2Faccount">Sign in to your account</a>
        )}{' '}
        to ask for a new link.
      </p>
    </Layout>
  );
}

export function AccountPage(props: {
  ctx: PageContext;
  account: { name: string; email: string; emailVerified: boolean };
  nameForm: NameForm;
  emailForm: EmailForm;
  passwordForm: PasswordForm;
  minPasswordLength: number;
}) {
  const { ctx, account, nameForm, emailForm, passwordForm } = props;
  return (
    <Layout ctx={ctx} title="Your account">
      <h1>Your account</h1>
      <SummaryList
        rows={[
          { key: 'Name', value: account.name },
          {
            key: 'Email address',
            value: (
              <>
                {account.email}{' '}
                {account.emailVerified ? (
                  <Tag tone="success">Confirmed</Tag>
                ) : (
                  <Tag tone="warning">Not confirmed yet</Tag>
                )}
              </>
            ),
          },
        ]}
      />

      <section aria-labelledby="name-title" class="account-section">
        <h2 id="name-title">Your name</h2>
        <Form ctx={ctx} action="/account/name" form={nameForm} labelledBy="name-title" submit="Save the name">
          <TextField form={nameForm} name="name" label="Name" autoComplete="name" required />
        </Form>
      </section>

      <section aria-labelledby="email-title" class="account-section">
        <h2 id="email-title">Your email address</h2>
        <Form
          ctx={ctx}
          action="/account/email"
          form={emailForm}
          labelledBy="email-title"
          submit="Send the confirmation link"
        >
          <TextField
            form={emailForm}
            name="newEmail"
            label="New email address"
            hint={`We send a link to the new address. Your account keeps ${account.email} until you open it.`}
            type="email"
            autoComplete="email"
            required
          />
        </Form>
      </section>

      <section aria-labelledby="password-title" class="account-section">
        <h2 id="password-title">Your password</h2>
        <Form
          ctx={ctx}
          action="/account/password"
          form={passwordForm}
          labelledBy="password-title"
          submit="Change the password"
        >
          <TextField
            form={passwordForm}
            name="currentPassword"
            label="Current password"
            type="password"
            autoComplete="current-password"
            required
          />
          <TextField
            form={passwordForm}
            name="newPassword"
            label="New password"
            hint={`At least ${props.minPasswordLength} characters. Your other sessions end when it changes.`}
            type="password"
            autoComplete="new-password"
            required
          />
        </Form>
      </section>

      <section aria-labelledby="everywhere-title" class="account-section">
        <h2 id="everywhere-title">Sign out everywhere</h2>
        <p>
          Ends every session of yours, on this device and on any other where you are signed in, for example a
          computer you no longer use.
        </p>
        <ActionButton
          ctx={ctx}
          action="/account/sign-out-everywhere"
          label="Sign out everywhere"
          variant="warning"
          confirm={SIGN_OUT_EVERYWHERE}
        />
      </section>
    </Layout>
  );
}
