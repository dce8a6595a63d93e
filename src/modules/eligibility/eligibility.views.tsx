import type { z } from 'zod';
import {
  ErrorSummary,
  Form,
  Layout,
  SelectField,
  TextArea,
  TextField,
  type FormState,
  type PageContext,
} from '../../platform/ui/index.js';
import { valueOf } from '../../platform/form-values.js';
import { US_STATES } from '../regions/geography.js';
import { MAX_REGIONS } from '../regions/regions.schemas.js';
import type {
  EligibilityResult,
  ProposedRegion,
  connectInputSchema,
  eligibilityInputSchema,
} from './eligibility.schemas.js';

export type EligibilityForm = FormState<z.input<typeof eligibilityInputSchema>>;
export type ConnectForm = FormState<z.input<typeof connectInputSchema>>;

const COUNTRY_OPTIONS = [
  { value: 'United States', label: 'United States' },
  { value: 'Another country', label: 'Another country' },
];
const STATE_OPTIONS = Object.entries(US_STATES).map(([value, label]) => ({ value, label }));

export function ApplyPage(props: {
  ctx: PageContext;
  form: EligibilityForm;
  result?: EligibilityResult | undefined;
  sender: { name: string; email: string };
}) {
  const { ctx, form, result } = props;
  return (
    <Layout ctx={ctx} title="Apply to be a Regional Partner">
      <h1>Apply to be a Regional Partner</h1>
      <p class="lead">
        Before you apply, check that your organization can: the program is open to organizations in the United
        States, in regions where no Regional Partner works yet. No account is needed to check.
      </p>
      {/* A GET form: the check changes nothing, and its answer can be bookmarked or shared. */}
      <form method="get" action="/apply" class="stack eligibility-form" noValidate>
        <ErrorSummary form={form} />
        <SelectField
          form={form}
          name="country"
          label="Where is your organization?"
          options={COUNTRY_OPTIONS}
          required
        />
        {/* Hidden by the style sheet once another country is chosen; read only for the United States. */}
        <div class="eligibility-state">
          <SelectField
            form={form}
            name="state"
            label="State (United States only)"
            hint="For organizations in the United States. Leave it for another country: it is not read."
            placeholder="Choose a state"
            options={STATE_OPTIONS}
          />
        </div>
        <TextArea
          form={form}
          name="regions"
          label="The regions you propose to serve"
          hint={`One per line or separated by commas, up to ${MAX_REGIONS}: a state (WA), a county (WA:King) or a ZIP code (98052).`}
          rows={4}
        />
        <TextField
          form={form}
          name="programYear"
          label="Program year (optional)"
          hint="Like 2027-28. The current program year if left empty."
          short
        />
        <div class="button-row">
          <button type="submit">Check eligibility</button>
        </div>
      </form>
      {result && <EligibilityResults ctx={ctx} result={result} sender={props.sender} />}
    </Layout>
  );
}

function resultHeading(result: EligibilityResult): string {
  if (result.eligible) return 'Your organization can apply';
  return result.regions.some((region) => region.status === 'open')
    ? 'Your organization can apply for some of these regions'
    : 'Your organization cannot apply for these regions';
}

/** One line per proposed region: open, or served and by whom (the reasons' own words). */
function regionLine(region: ProposedRegion): string {
  if (region.status === 'open') return `${region.region} is open: no Regional Partner serves it yet.`;
  return (region.servedBy ?? []).map((serving) => serving.message).join(' ');
}

function EligibilityResults(props: {
  ctx: PageContext;
  result: EligibilityResult;
  sender: { name: string; email: string };
}) {
  const { result } = props;
  const open = result.regions.filter((region) => region.status === 'open');
  const contacts = result.regions.flatMap((region) =>
    (region.servedBy ?? []).map((partner) => ({ region, partner })),
  );
  return (
    <section aria-labelledby="eligibility-result" class="eligibility-result" tabIndex={-1} id="result">
      <h2 id="eligibility-result">{resultHeading(result)}</h2>
      {result.programYear && <p class="muted">For the program year {result.programYear}.</p>}
      <ul class="eligibility-reasons">
        {result.regions.length === 0
          ? result.reasons.map((reason, index) => <li key={index}>{reason.message}</li>)
          : result.regions.map((region) => <li key={region.unit}>{regionLine(region)}</li>)}
      </ul>
      {open.length > 0 && (
        <p>
          {result.eligible
            ? 'No Regional Partner serves the regions you listed. '
            : `You can apply for the open ${open.length === 1 ? 'one' : 'ones'}: ${open.map((region) => region.region).join(', ')}. `}
          <a href="/applications">Start your application</a>.
        </p>
      )}
      {contacts.length > 0 && (
        <>
          <h3>Get in touch with the partner serving your region</h3>
          <p>
            You can still take part in professional learning in your area: write to the Regional Partner and
            it will answer you by email.
          </p>
          {contacts.length === 1 && contacts[0] ? (
            <ConnectFormFor
              ctx={props.ctx}
              form={connectDefaults(connectionOf(contacts[0], result), props.sender)}
              connection={connectionOf(contacts[0], result)}
            />
          ) : (
            // Several partners: each gets its page, so that every form on a page has fields of its own.
            <ul class="connect-links">
              {contacts.map(({ region, partner }) => (
                <li key={`${region.unit}-${partner.id}`}>
                  <a href={connectHref(region.unit, partner.id, result.programYear ?? '')}>
                    Write to {partner.name} about {region.region}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function connectionOf(
  contact: { region: ProposedRegion; partner: { id: string; name: string } },
  result: EligibilityResult,
): Connection {
  return {
    partnerId: contact.partner.id,
    partnerName: contact.partner.name,
    unit: contact.region.unit,
    region: contact.region.region,
    programYear: result.programYear ?? '',
  };
}

/** The connect page of one partner and region: where a result naming several links, and a reload goes. */
export function connectHref(unit: string, partnerId: string, programYear: string): string {
  return `/apply/connect?${new URLSearchParams({ partnerId, region: unit, programYear }).toString()}`;
}

/** The connect form as the check offers it: the partner, region and year it named, and a message to edit. */
export function connectDefaults(
  connection: Connection,
  sender: { name: string; email: string },
): ConnectForm {
  return {
    values: {
      partnerId: connection.partnerId,
      region: connection.unit,
      programYear: connection.programYear,
      name: sender.name,
      email: sender.email,
      message:
        `Hello, our organization was thinking of applying to be a Regional Partner for ${connection.region}, ` +
        'which you serve. We would like to get involved in professional learning in our area: could you tell us how?',
    },
    errors: [],
  };
}

/** Who a connect form writes to, about which region (`unit`, and in words), in which year. */
export interface Connection {
  partnerId: string;
  partnerName: string;
  unit: string;
  region: string;
  programYear: string;
}

/** "Write to … about …": the partner, region and year travel with the form; the person writes the rest. */
function ConnectFormFor(props: {
  ctx: PageContext;
  form: ConnectForm;
  connection: Connection;
  /** Under the result's h3 on the apply page; under the page's h1 when it stands alone. */
  headingLevel?: 'h2' | 'h4';
}) {
  const { ctx, form, connection } = props;
  const Heading = props.headingLevel ?? 'h4';
  return (
    <section class="connect-form" aria-labelledby="connect-heading">
      <Heading id="connect-heading">
        Write to {connection.partnerName} about {connection.region}
      </Heading>
      <Form
        ctx={ctx}
        action="/apply/connect"
        form={form}
        labelledBy="connect-heading"
        submit="Connect me with this partner"
      >
        {(['partnerId', 'region', 'programYear'] as const).map((name) => (
          <input key={name} type="hidden" name={name} value={valueOf(form.values, name)} />
        ))}
        <TextField form={form} name="name" label="Your name" autoComplete="name" required />
        <TextField
          form={form}
          name="email"
          label="Your email address"
          type="email"
          autoComplete="email"
          required
        />
        <TextArea form={form} name="message" label="Your message" rows={4} required />
      </Form>
    </section>
  );
}

/**
 * The connect form on a page of its own: reached from a result naming several partners, or shown again after
 * a refusal. Without a connection (the partner does not serve the region) there is nothing to write: the
 * refusal says why.
 */
export function ConnectPage(props: { ctx: PageContext; form: ConnectForm; connection: Connection | null }) {
  const { ctx, form, connection } = props;
  return (
    <Layout ctx={ctx} title="Connect with a Regional Partner">
      <h1>Connect with a Regional Partner</h1>
      {connection ? (
        <ConnectFormFor ctx={ctx} form={form} connection={connection} headingLevel="h2" />
      ) : (
        <ErrorSummary form={form} />
      )}
      <p>
        <a href="/apply">Back to the eligibility check</a>
      </p>
    </Layout>
  );
}
