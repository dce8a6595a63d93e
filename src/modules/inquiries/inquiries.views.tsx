import { INQUIRY_ROLES } from '../../db/schema.js';
import { isStaff } from '../../platform/actor.js';
import type { FieldError } from '../../platform/errors.js';
import { FieldErrorSummary, FormField } from '../../platform/forms.js';
import { Layout, type PageContext } from '../../platform/page.js';
import { US_STATES } from '../regions/geography.js';
import { describePlace } from './inquiries.mail.js';
import {
  INQUIRY_ROLE_LABELS,
  MESSAGE_MAX,
  MESSAGE_MIN,
  type InboxQuery,
  type Inquiry,
  type InquiryDetail,
} from './inquiries.schemas.js';

export interface ContactFormValues {
  name: string;
  email: string;
  role: string;
  zip: string;
  state: string;
  message: string;
}

export function ContactPage(props: {
  ctx: PageContext;
  values: ContactFormValues;
  programContactEmail: string;
  errors?: FieldError[];
  message?: string | undefined;
}) {
  const { ctx, values, errors = [] } = props;
  return (
    <Layout ctx={ctx} title="Contact us">
      <h1>Contact us</h1>
      <p class="lead">
        Ask us anything about the program. Your question goes to the Regional Partner serving your area, or to
        program staff where no partner does, and we email you a confirmation saying who will answer.
      </p>
      <FieldErrorSummary errors={errors} message={props.message} />
      <form method="post" action="/contact" class="stack contact-form" noValidate>
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        <FormField name="name" label="Your name" errors={errors}>
          {(attrs) => <input {...attrs} type="text" value={values.name} autoComplete="name" required />}
        </FormField>
        <FormField name="email" label="Your email address" hint="We answer you here." errors={errors}>
          {(attrs) => <input {...attrs} type="email" value={values.email} autoComplete="email" required />}
        </FormField>
        <FormField name="role" label="Which describes you best?" errors={errors}>
          {(attrs) => (
            <select {...attrs} required>
              <option value="" selected={values.role === ''}>
                Choose one
              </option>
              {INQUIRY_ROLES.map((role) => (
                <option key={role} value={role} selected={values.role === role}>
                  {INQUIRY_ROLE_LABELS[role]}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          name="zip"
          label="ZIP code (optional)"
          hint="Of your school or organization: the Regional Partner serving it answers you."
          errors={errors}
        >
          {(attrs) => (
            <input
              {...attrs}
              type="text"
              value={values.zip}
              inputMode="numeric"
              autoComplete="postal-code"
              class="short-input"
            />
          )}
        </FormField>
        <FormField
          name="state"
          label="State (optional)"
          hint="Used only without a ZIP code: a partner serving the whole state answers you."
          errors={errors}
        >
          {(attrs) => (
            <select {...attrs}>
              <option value="" selected={values.state === ''}>
                Not given
              </option>
              {Object.entries(US_STATES).map(([code, name]) => (
                <option key={code} value={code} selected={values.state === code}>
                  {name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField
          name="message"
          label="Your question"
          hint={`Between ${MESSAGE_MIN} and ${MESSAGE_MAX.toLocaleString('en-US')} characters.`}
          errors={errors}
        >
          {(attrs) => (
            <textarea {...attrs} rows={8} maxLength={MESSAGE_MAX} required>
              {values.message}
            </textarea>
          )}
        </FormField>
        {/* The spam trap: hidden from people (and from screen readers), but robots fill every field they find. */}
        <div class="contact-extra" aria-hidden="true">
          <label for="field-website">Leave this field empty</label>
          <input id="field-website" type="text" name="website" value="" tabIndex={-1} autoComplete="off" />
        </div>
        <div class="button-row">
          <button type="submit">Send your question</button>
        </div>
      </form>
      <p>
        You can also email program staff at{' '}
        <a href={`mailto:${props.programContactEmail}`}>{props.programContactEmail}</a>.
      </p>
    </Layout>
  );
}

const STATUS_LABELS: Record<Inquiry['status'], string> = {
  open: 'Open',
  answered: 'Answered',
  closed: 'Closed',
};

function when(iso: string) {
  return <time dateTime={iso}>{iso.replace('T', ' ').slice(0, 16)} UTC</time>;
}

function routedToLabel(inquiry: Inquiry): string {
  return inquiry.routedTo.kind === 'partner' ? inquiry.routedTo.partnerName : 'Program staff';
}

export function InboxPage(props: {
  ctx: PageContext;
  query: InboxQuery;
  inquiries: Inquiry[];
  truncated: boolean;
  partners: { id: string; name: string }[];
}) {
  const { ctx, query, inquiries } = props;
  const isStaffInbox = isStaff(ctx.actor);
  return (
    <Layout ctx={ctx} title="Inquiries">
      <h1>Inquiries</h1>
      <p>
        {isStaffInbox
          ? 'Every question sent through the contact form.'
          : 'Questions sent through the contact form to the partners you manage.'}
      </p>
      <form method="get" action="/inbox" class="filters">
        <div class="field">
          <label for="filter-status">Status</label>
          <select id="filter-status" name="status">
            {(['open', 'answered', 'closed', 'all'] as const).map((status) => (
              <option key={status} value={status} selected={query.status === status}>
                {status === 'all' ? 'All' : STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </div>
        {isStaffInbox && (
          <div class="field">
            <label for="filter-routed-to">Routed to</label>
            <select id="filter-routed-to" name="routedTo">
              <option value="" selected={query.routedTo === undefined}>
                Anyone
              </option>
              <option value="staff" selected={query.routedTo === 'staff'}>
                Program staff
              </option>
              {props.partners.map((partner) => (
                <option key={partner.id} value={partner.id} selected={query.routedTo === partner.id}>
                  {partner.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" class="secondary">
          Show
        </button>
      </form>
      {inquiries.length === 0 ? (
        <p>No inquiries match.</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">From</th>
              <th scope="col">Where</th>
              <th scope="col">Routed to</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {inquiries.map((inquiry) => (
              <tr key={inquiry.id}>
                <td>{when(inquiry.createdAt)}</td>
                <td>
                  <a href={`/inbox/${inquiry.id}`}>{inquiry.name}</a>
                  <span class="muted"> · {INQUIRY_ROLE_LABELS[inquiry.role]}</span>
                </td>
                <td>{describePlace(inquiry)}</td>
                <td>{routedToLabel(inquiry)}</td>
                <td>{STATUS_LABELS[inquiry.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.truncated && (
        <p class="muted">Only the newest {inquiries.length} are shown; choose a status to narrow the list.</p>
      )}
    </Layout>
  );
}

const EVENT_LABELS: Record<InquiryDetail['events'][number]['kind'], string> = {
  received: 'Received',
  reply: 'Replied',
  rerouted: 'Passed on',
  closed: 'Closed',
  reopened: 'Reopened',
};

export function InquiryPage(props: {
  ctx: PageContext;
  inquiry: InquiryDetail;
  rerouteTargets: { id: string; name: string }[];
  reply?: string;
  errors?: FieldError[];
}) {
  const { ctx, inquiry, errors = [] } = props;
  const action = (verb: string) => `/inbox/${inquiry.id}/${verb}`;
  const currentPartnerId = inquiry.routedTo.kind === 'partner' ? inquiry.routedTo.partnerId : null;
  const rerouteOptions = [
    ...(currentPartnerId === null ? [] : [{ id: 'staff', name: 'Program staff' }]),
    ...props.rerouteTargets.filter((partner) => partner.id !== currentPartnerId),
  ];
  return (
    <Layout ctx={ctx} title={`Question from ${inquiry.name}`}>
      <p>
        <a href="/inbox">Back to the inbox</a>
      </p>
      <h1>Question from {inquiry.name}</h1>
      <FieldErrorSummary errors={errors} />
      <dl class="inquiry-facts">
        <dt>Status</dt>
        <dd>{STATUS_LABELS[inquiry.status]}</dd>
        <dt>Email</dt>
        <dd>
          <a href={`mailto:${inquiry.email}`}>{inquiry.email}</a>
        </dd>
        <dt>Role</dt>
        <dd>{INQUIRY_ROLE_LABELS[inquiry.role]}</dd>
        <dt>Where</dt>
        <dd>{describePlace(inquiry)}</dd>
        <dt>Routed to</dt>
        <dd>
          {routedToLabel(inquiry)}
          {inquiry.programYear && <span class="muted"> ({inquiry.programYear})</span>}
        </dd>
        <dt>Received</dt>
        <dd>{when(inquiry.createdAt)}</dd>
      </dl>
      <h2>Message</h2>
      <div class="inquiry-text">{inquiry.message}</div>

      <h2>History</h2>
      <ol class="inquiry-history">
        {inquiry.events.map((event, index) => (
          <li key={index}>
            {when(event.createdAt)} · <strong>{EVENT_LABELS[event.kind]}</strong>
            {event.actorEmail && <span> by {event.actorEmail}</span>}
            {event.body && (
              <div class={event.kind === 'reply' ? 'inquiry-text' : undefined}>{event.body}</div>
            )}
          </li>
        ))}
      </ol>

      <h2>Reply</h2>
      <form method="post" action={action('reply')} class="stack" noValidate>
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        <FormField
          name="body"
          label="Your reply"
          hint={`Emailed to ${inquiry.email}, with their question quoted. The inquiry is then marked answered.`}
          errors={errors}
        >
          {(attrs) => (
            <textarea {...attrs} rows={8} maxLength={MESSAGE_MAX} required>
              {props.reply ?? ''}
            </textarea>
          )}
        </FormField>
        <div class="button-row">
          <button type="submit">Send the reply</button>
        </div>
      </form>

      {inquiry.status === 'closed' ? (
        <form method="post" action={action('reopen')} class="inquiry-action">
          <input type="hidden" name="_csrf" value={ctx.csrf()} />
          <h2>Closed</h2>
          <p>This inquiry is closed. Reopen it to put it back in the list of inquiries to handle.</p>
          <button type="submit" class="secondary">
            Reopen this inquiry
          </button>
        </form>
      ) : (
        <form method="post" action={action('close')} class="inquiry-action">
          <input type="hidden" name="_csrf" value={ctx.csrf()} />
          <h2>Close</h2>
          <p>
            Close it when nothing more needs doing. The sender is not told; you can reopen it at any time.
          </p>
          <button type="submit" class="secondary">
            Close this inquiry
          </button>
        </form>
      )}

      {isStaff(ctx.actor) && rerouteOptions.length > 0 && (
        <form method="post" action={action('reroute')} class="stack inquiry-action">
          <input type="hidden" name="_csrf" value={ctx.csrf()} />
          <h2>Pass it on</h2>
          <FormField
            name="to"
            label="Route to"
            hint="The new handler gets it by email, open; the current one no longer sees it."
            errors={errors}
          >
            {(attrs) => (
              <select {...attrs}>
                {rerouteOptions.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <div class="button-row">
            <button type="submit" class="secondary">
              Pass it on
            </button>
          </div>
        </form>
      )}
    </Layout>
  );
}
