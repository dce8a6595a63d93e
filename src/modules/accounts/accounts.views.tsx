import type { FieldError } from '../../platform/errors.js';
import { FieldErrorSummary, FormField } from '../../platform/legacy-forms.js';
import { Layout, type PageContext } from '../../platform/page.js';

interface FormPageProps {
  ctx: PageContext;
  errors?: FieldError[];
  message?: string | undefined;
}

export function SignInPage(props: FormPageProps & { email?: string | undefined; next: string }) {
  const { ctx, errors = [] } = props;
  return (
    <Layout ctx={ctx} title="Sign in">
      <h1>Sign in</h1>
      <FieldErrorSummary errors={errors} message={props.message} />
      <form method="post" action="/sign-in" class="stack" noValidate>
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        <input type="hidden" name="next" value={props.next} />
        <FormField name="email" label="Email address" errors={errors}>
          {(attrs) => (
            <input {...attrs} type="email" autoComplete="email" value={props.email ?? ''} required />
          )}
        </FormField>
        <FormField name="password" label="Password" errors={errors}>
          {(attrs) => <input {...attrs} type="password" autoComplete="current-password" required />}
        </FormField>
        <div class="button-row">
          <button type="submit">Sign in</button>
          <a href="/forgot-password">Forgot your password?</a>
        </div>
      </form>
      <p>
        New here? <a href="/sign-up">Create an account</a>.
      </p>
    </Layout>
  );
}

export function SignUpPage(
  props: FormPageProps & {
    name?: string | undefined;
    email?: string | undefined;
    next: string;
    minPasswordLength: number;
  },
) {
  const { ctx, errors = [] } = props;
  return (
    <Layout ctx={ctx} title="Create an account">
      <h1>Create an account</h1>
      <FieldErrorSummary errors={errors} message={props.message} />
      <form method="post" action="/sign-up" class="stack" noValidate>
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        <input type="hidden" name="next" value={props.next} />
        <FormField name="name" label="Your name" errors={errors}>
          {(attrs) => <input {...attrs} type="text" autoComplete="name" value={props.name ?? ''} required />}
        </FormField>
        <FormField name="email" label="Email address" hint="We send a link to confirm it." errors={errors}>
          {(attrs) => (
            <input {...attrs} type="email" autoComplete="email" value={props.email ?? ''} required />
          )}
        </FormField>
        <FormField
          name="password"
          label="Password"
          hint={`At least ${props.minPasswordLength} characters.`}
          errors={errors}
        >
          {(attrs) => <input {...attrs} type="password" autoComplete="new-password" required />}
        </FormField>
        <div class="button-row">
          <button type="submit">Create the account</button>
        </div>
      </form>
      <p>
        Already have an account? <a href={`/sign-in?next=${encodeURIComponent(props.next)}`}>Sign in</a>.
      </p>
    </Layout>
  );
}

export function ForgotPasswordPage(props: FormPageProps & { email?: string; sent?: boolean }) {
  const { ctx, errors = [] } = props;
  return (
    <Layout ctx={ctx} title="Reset your password">
      <h1>Reset your password</h1>
      {props.sent ? (
        <p class="notice" role="status">
          If an account exists for {props.email}, we have sent it a link to choose a new password. The link
          works for one hour.
        </p>
      ) : (
        <>
          <FieldErrorSummary errors={errors} message={props.message} />
          <form method="post" action="/forgot-password" class="stack" noValidate>
            <input type="hidden" name="_csrf" value={ctx.csrf()} />
            <FormField name="email" label="Email address" errors={errors}>
              {(attrs) => (
                <input {...attrs} type="email" autoComplete="email" value={props.email ?? ''} required />
              )}
            </FormField>
            <div class="button-row">
              <button type="submit">Send me a reset link</button>
            </div>
          </form>
        </>
      )}
    </Layout>
  );
}

export function ResetPasswordPage(props: FormPageProps & { token: string; minPasswordLength: number }) {
  const { ctx, errors = [] } = props;
  return (
    <Layout ctx={ctx} title="Choose a new password">
      <h1>Choose a new password</h1>
      <FieldErrorSummary errors={errors} message={props.message} />
      {props.token === '' ? (
        <p>
          This reset link is incomplete or has expired. <a href="/forgot-password">Ask for a new one</a>.
        </p>
      ) : (
        <form method="post" action="/reset-password" class="stack" noValidate>
          <input type="hidden" name="_csrf" value={ctx.csrf()} />
          <input type="hidden" name="token" value={props.token} />
          <FormField
            name="password"
            label="New password"
            hint={`At least ${props.minPasswordLength} characters.`}
            errors={errors}
          >
            {(attrs) => <input {...attrs} type="password" autoComplete="new-password" required />}
          </FormField>
          <div class="button-row">
            <button type="submit">Save the new password</button>
          </div>
        </form>
      )}
    </Layout>
  );
}

export function EmailVerifiedPage({ ctx }: { ctx: PageContext }) {
  return (
    <Layout ctx={ctx} title="Email address confirmed">
      <h1>Email address confirmed</h1>
      <p>Thank you: your email address is confirmed.</p>
      <p>
        <a href="/">Go to the overview</a>
      </p>
    </Layout>
  );
}
