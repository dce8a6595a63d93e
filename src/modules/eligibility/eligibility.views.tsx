import type { FieldError } from '../../platform/errors.js';
import { MAX_REGIONS } from '../regions/regions.schemas.js';
import { FieldErrorSummary, FormField } from '../../platform/legacy-forms.js';
import { Layout, type PageContext } from '../../platform/page.js';
import { US_STATES } from '../regions/geography.js';
import { isUnitedStates, type EligibilityReason, type EligibilityResult } from './eligibility.schemas.js';

export interface EligibilityFormValues {
  country: string;
  state: string;
  regions: string;
  programYear: string;
}

export interface ConnectFormValues {
  partnerId: string;
  region: string;
  programYear: string;
  name: string;
  email: string;
  message: string;
}

const OTHER_COUNTRY = 'Another country';

export function ApplyPage(props: {
  ctx: PageContext;
  values: EligibilityFormValues;
  result?: EligibilityResult | undefined;
  errors?: FieldError[];
  message?: string | undefined;
  sender: { name: string; email: string };
}) {
  const { ctx, values, result, errors = [] } = props;
  const countryIsUs = values.country === '' || isUnitedStates(values.country);
  return (
    <Layout ctx={ctx} title="Apply to be a Regional Partner">
      <h1>Apply to be a Regional Partner</h1>
      <p class="lead">
        Before you apply, check that your organization can: the program is open to organizations in the United
        States, in regions where no Regional Partner works yet. No account is needed to check.
      </p>
      <FieldErrorSummary errors={errors} message={props.message} />
      <form method="get" action="/apply" class="stack eligibility-form" noValidate>
        <FormField name="country" label="Where is your organization?" errors={errors}>
          {(attrs) => (
            <select {...attrs} required>
              <option value="United States" selected={countryIsUs}>
                United States
              </option>
              <option value={OTHER_COUNTRY} selected={!countryIsUs}>
                {OTHER_COUNTRY}
              </option>
            </select>
          )}
        </FormField>
        <FormField name="state" label="State (United States only)" errors={errors}>
          {(attrs) => (
            <select {...attrs}>
              <option value="" selected={values.state === ''}>
                Choose a state
              </option>
              {Object.entries(US_STATES).map(([code, name]) => (
                <option key={code} value={code} selected={values.state.toUpperCase() === code}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          name="regions"
          label="The regions you propose to serve"
          hint={`One per line or separated by commas, up to ${MAX_REGIONS}: a state (WA), a county (WA:King) or a ZIP code (98052).`}
          errors={errors}
        >
          {(attrs) => (
            <textarea {...attrs} rows={4}>
              {values.regions}
            </textarea>
          )}
        </FormField>
        <FormField
          name="programYear"
          label="Program year (optional)"
          hint="Like 2027-28. The current program year if left empty."
          errors={errors}
        >
          {(attrs) => <input {...attrs} type="text" value={values.programYear} class="short-input" />}
        </FormField>
        <div class="button-row">
          <button type="submit">Check eligibility</button>
        </div>
      </form>
      {result && <EligibilityResults ctx={ctx} result={result} sender={props.sender} />}
    </Layout>
  );
}

function EligibilityResults(props: {
  ctx: PageContext;
  result: EligibilityResult;
  sender: { name: string; email: string };
}) {
  const { result } = props;
  const served = result.reasons.filter((reason) => reason.code === 'region_served');
  return (
    <section aria-labelledby="eligibility-result" class="eligibility-result" tabIndex={-1} id="result">
      <h2 id="eligibility-result">
        {result.eligible ? 'Your organization can apply' : 'Your organization cannot apply for these regions'}
      </h2>
      {result.programYear && <p class="muted">For the program year {result.programYear}.</p>}
      {result.eligible ? (
        <p>
          No Regional Partner serves the regions you listed.{' '}
          <a href="/applications">Start your application</a>.
        </p>
      ) : (
        <ul class="eligibility-reasons">
          {result.reasons.map((reason, index) => (
            <li key={index}>{reason.message}</li>
          ))}
        </ul>
      )}
      {served.length > 0 && (
        <>
          <h3>Get in touch with the partner serving your region</h3>
          <p>
            You can still take part in professional learning in your area: write to the Regional Partner and
            it will answer you by email.
          </p>
          {served.map((reason, index) => (
            <ConnectForm
              key={index}
              ctx={props.ctx}
              index={index}
              partnerName={reason.partner?.name}
              values={connectDefaults(reason, result.programYear ?? '', props.sender)}
            />
          ))}
        </>
      )}
    </section>
  );
}

function connectDefaults(
  reason: EligibilityReason,
  programYear: string,
  sender: { name: string; email: string },
): ConnectFormValues {
  const region = reason.region ?? '';
  return {
    partnerId: reason.partner?.id ?? '',
    region,
    programYear,
    name: sender.name,
    email: sender.email,
    message:
      `Hello, our organization was thinking of applying to be a Regional Partner for ${region}, which you ` +
      'serve. We would like to get involved in professional learning in our area: could you tell us how?',
  };
}

/** One per served region; ids are numbered because the page may hold several. */
export function ConnectForm(props: {
  ctx: PageContext;
  /** Several forms on one page number their fields; a form alone uses the usual ids (the error summary's). */
  index?: number;
  values: ConnectFormValues;
  errors?: FieldError[];
  partnerName?: string | undefined;
  /** Under the results' h3 on the apply page; the page's own h2 when the form stands alone. */
  heading?: 'h2' | 'h4';
}) {
  const { ctx, index, values, errors = [] } = props;
  const Heading = props.heading ?? 'h4';
  const id = (field: string) => (index === undefined ? `field-${field}` : `connect-${index}-${field}`);
  const errorOf = (field: string) => errors.find((error) => error.path === field)?.message;
  const field = (name: 'name' | 'email' | 'message', label: string) => {
    const error = errorOf(name);
    const attrs = {
      id: id(name),
      name,
      ...(error ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id(name)}-error` } : {}),
    };
    return (
      <div class={error ? 'field has-error' : 'field'}>
        <label for={id(name)}>{label}</label>
        {error && (
          <p class="error" id={`${id(name)}-error`}>
            {error}
          </p>
        )}
        {name === 'message' ? (
          <textarea {...attrs} rows={4} required>
            {values.message}
          </textarea>
        ) : (
          <input {...attrs} type={name === 'email' ? 'email' : 'text'} value={values[name]} required />
        )}
      </div>
    );
  };
  return (
    <form
      method="post"
      action="/apply/connect"
      class="stack connect-form"
      aria-labelledby={id('heading')}
      noValidate
    >
      <Heading id={id('heading')}>
        {props.partnerName
          ? `Write to ${props.partnerName} about ${values.region}`
          : `About ${values.region}`}
      </Heading>
      <input type="hidden" name="_csrf" value={ctx.csrf()} />
      <input type="hidden" name="partnerId" value={values.partnerId} />
      <input type="hidden" name="region" value={values.region} />
      <input type="hidden" name="programYear" value={values.programYear} />
      {field('name', 'Your name')}
      {field('email', 'Your email address')}
      {field('message', 'Your message')}
      <div class="button-row">
        <button type="submit">Connect me with this partner</button>
      </div>
    </form>
  );
}

export function ConnectPage(props: {
  ctx: PageContext;
  values: ConnectFormValues;
  errors: FieldError[];
  message?: string | undefined;
}) {
  const { ctx, values, errors } = props;
  return (
    <Layout ctx={ctx} title="Connect with a Regional Partner">
      <h1>Connect with a Regional Partner</h1>
      <FieldErrorSummary
        // The partner, region and year are not fields a person can edit here: their errors are not links.
        errors={errors.map((error) =>
          ['name', 'email', 'message'].includes(error.path) ? error : { ...error, path: '' },
        )}
        message={props.message}
      />
      <ConnectForm ctx={ctx} values={values} errors={errors} heading="h2" />
      <p>
        <a href="/apply">Back to the eligibility check</a>
      </p>
    </Layout>
  );
}
