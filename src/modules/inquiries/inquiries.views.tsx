import type { z } from 'zod';
import { INQUIRY_ROLES } from '../../db/schema.js';
import { isStaff } from '../../platform/actor.js';
import {
  ActionButton,
  DataTable,
  DateTime,
  EmptyState,
  FilterBar,
  FilterSelect,
  Form,
  Layout,
  SelectField,
  StatusBadge,
  SummaryList,
  Tag,
  TextArea,
  TextField,
  type FormState,
  type PageContext,
  type Paged,
} from '../../platform/ui/index.js';
import { US_STATES } from '../regions/geography.js';
import { describePlace } from './inquiries.mail.js';
import {
  INQUIRY_LIFECYCLE,
  INQUIRY_ROLE_LABELS,
  MESSAGE_MAX,
  MESSAGE_MIN,
  type Inquiry,
  type InquiryDetail,
  type RoutedTo,
  type inquiryInputSchema,
  type replyInputSchema,
  type rerouteInputSchema,
} from './inquiries.schemas.js';

export type ContactForm = FormState<z.input<typeof inquiryInputSchema>>;
export type ReplyForm = FormState<z.input<typeof replyInputSchema>>;
export type RerouteForm = FormState<z.input<typeof rerouteInputSchema>>;

const ROLE_OPTIONS = INQUIRY_ROLES.map((role) => ({ value: role, label: INQUIRY_ROLE_LABELS[role] }));
const STATE_OPTIONS = Object.entries(US_STATES).map(([value, label]) => ({ value, label }));

export function ContactPage(props: { ctx: PageContext; form: ContactForm; programContactEmail: string }) {
  const { ctx, form } = props;
  return (
    <Layout ctx={ctx} title="Contact us">
      <h1>Contact us</h1>
      <p class="lead">
        Ask us anything about the program. Your question goes to the Regional Partner serving your area, or to
        program staff where no partner does, and we email you a confirmation saying who will answer.
      </p>
      <Form ctx={ctx} action="/contact" form={form} class="stack contact-form" submit="Send your question">
        <TextField form={form} name="name" label="Your name" autoComplete="name" required />
        <TextField
          form={form}
          name="email"
          label="Your email address"
          hint="We answer you here."
          type="email"
          autoComplete="email"
          required
        />
        <SelectField
          form={form}
          name="role"
          label="Which describes you best?"
          placeholder="Choose one"
          options={ROLE_OPTIONS}
          required
        />
        <TextField
          form={form}
          name="zip"
          label="ZIP code (optional)"
          hint="Of your school or organization: the Regional Partner serving it answers you."
          inputMode="numeric"
          autoComplete="postal-code"
          short
        />
        <SelectField
          form={form}
          name="state"
          label="State (optional)"
          hint="Used only without a ZIP code: a partner serving the whole state answers you."
          placeholder="Not given"
          options={STATE_OPTIONS}
        />
        <TextArea
          form={form}
          name="message"
          label="Your question"
          hint={`Between ${MESSAGE_MIN} and ${MESSAGE_MAX.toLocaleString('en-US')} characters.`}
          rows={8}
          maxLength={MESSAGE_MAX}
          required
        />
        {/* The spam trap: hidden from people (and from screen readers), but robots fill every field they find. */}
        <div class="contact-extra" aria-hidden="true">
          <label for="field-website">Leave this field empty</label>
          <input id="field-website" type="text" name="website" value="" tabIndex={-1} autoComplete="off" />
        </div>
      </Form>
      <p>
        You can also email program staff at{' '}
        <a href={`mailto:${props.programContactEmail}`}>{props.programContactEmail}</a>.
      </p>
    </Layout>
  );
}

/** After sending: who will answer, and the reference to quote. */
export function ContactSentPage(props: { ctx: PageContext; reference: string; routedTo: RoutedTo }) {
  const { ctx, routedTo } = props;
  return (
    <Layout ctx={ctx} title="Your question is sent">
      <div class="panel-confirmation" role="status">
        <h1>Your question is sent</h1>
        <p>
          Your reference: <strong class="reference">{props.reference}</strong>
        </p>
      </div>
      <p>
        {routedTo.kind === 'partner' ? (
          <>
            <strong>{routedTo.partnerName}</strong>, the Regional Partner serving your area, will answer you
            by email.
          </>
        ) : (
          <>Program staff will answer you by email: no Regional Partner serves the area you gave.</>
        )}{' '}
        We have emailed you a confirmation; quote the reference if you write to us about this question.
      </p>
      <p>
        <a href="/contact">Ask another question</a> · <a href="/faq">Read the FAQ</a>
      </p>
    </Layout>
  );
}

function routedToLabel(inquiry: Inquiry): string {
  return inquiry.routedTo.kind === 'partner' ? inquiry.routedTo.partnerName : 'Program staff';
}

const STATUS_FILTER = [
  ...Object.entries(INQUIRY_LIFECYCLE).map(([value, style]) => ({ value, label: style.label })),
  { value: 'all', label: 'All' },
];

export function InboxPage(props: {
  ctx: PageContext;
  page: Paged<Inquiry>;
  counts: { open: number; unread: number };
  partners: { id: string; name: string }[];
}) {
  const { ctx, page, counts } = props;
  const isStaffInbox = isStaff(ctx.actor);
  return (
    <Layout ctx={ctx} title="Inquiries">
      <h1>Inquiries</h1>
      <p>
        {isStaffInbox
          ? 'Every question sent through the contact form.'
          : 'Questions sent through the contact form to the partners you manage.'}{' '}
        <strong>{counts.open} open</strong>, <a href="/inbox?status=all&unread=yes">{counts.unread} unread</a>
        .
      </p>
      <FilterBar ctx={ctx} label="Filter inquiries" search="Search names, emails and messages">
        <FilterSelect ctx={ctx} name="status" label="Status" options={STATUS_FILTER} defaultValue="open" />
        {isStaffInbox && (
          <FilterSelect
            ctx={ctx}
            name="routedTo"
            label="Routed to"
            anyLabel="Anyone"
            options={[
              { value: 'staff', label: 'Program staff' },
              ...props.partners.map((partner) => ({ value: partner.id, label: partner.name })),
            ]}
          />
        )}
        <FilterSelect
          ctx={ctx}
          name="unread"
          label="Read"
          anyLabel="Read or unread"
          options={[{ value: 'yes', label: 'Unread only' }]}
        />
      </FilterBar>
      <DataTable
        ctx={ctx}
        id="inbox"
        caption="Inquiries"
        page={page}
        rowKey={(inquiry) => inquiry.id}
        columns={[
          {
            label: 'From',
            sort: 'from',
            cell: (inquiry) => (
              <>
                <a href={`/inbox/${inquiry.id}`} class={inquiry.unread ? 'unread' : undefined}>
                  {inquiry.name}
                </a>
                {inquiry.unread && (
                  <>
                    {' '}
                    <Tag tone="info">Unread</Tag>
                  </>
                )}
                <span class="muted"> · {INQUIRY_ROLE_LABELS[inquiry.role]}</span>
              </>
            ),
          },
          { label: 'Received', sort: 'received', cell: (inquiry) => <DateTime iso={inquiry.createdAt} /> },
          { label: 'Where', cell: (inquiry) => describePlace(inquiry) },
          { label: 'Routed to', cell: routedToLabel },
          {
            label: 'Status',
            sort: 'status',
            cell: (inquiry) => <StatusBadge lifecycle={INQUIRY_LIFECYCLE} status={inquiry.status} />,
          },
        ]}
        empty={
          <EmptyState title="No inquiries match">
            Choose another status, or <a href="/inbox?status=all">show every inquiry</a>.
          </EmptyState>
        }
      />
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
  replyForm: ReplyForm;
  rerouteForm: RerouteForm;
}) {
  const { ctx, inquiry, replyForm, rerouteForm } = props;
  const action = (verb: string) => `/inbox/${inquiry.id}/${verb}`;
  const currentPartnerId = inquiry.routedTo.kind === 'partner' ? inquiry.routedTo.partnerId : null;
  const rerouteOptions = [
    ...(currentPartnerId === null ? [] : [{ value: 'staff', label: 'Program staff' }]),
    ...props.rerouteTargets
      .filter((partner) => partner.id !== currentPartnerId)
      .map((partner) => ({ value: partner.id, label: partner.name })),
  ];
  return (
    <Layout ctx={ctx} title={`Question from ${inquiry.name}`}>
      <p>
        <a href="/inbox">Back to the inbox</a>
      </p>
      <h1>Question from {inquiry.name}</h1>
      <SummaryList
        rows={[
          { key: 'Status', value: <StatusBadge lifecycle={INQUIRY_LIFECYCLE} status={inquiry.status} /> },
          { key: 'Email', value: <a href={`mailto:${inquiry.email}`}>{inquiry.email}</a> },
          { key: 'Role', value: INQUIRY_ROLE_LABELS[inquiry.role] },
          { key: 'Where', value: describePlace(inquiry) },
          {
            key: 'Routed to',
            value: (
              <>
                {routedToLabel(inquiry)}
                {inquiry.programYear && <span class="muted"> ({inquiry.programYear})</span>}
              </>
            ),
          },
          { key: 'Received', value: <DateTime iso={inquiry.createdAt} /> },
        ]}
      />
      <h2>Message</h2>
      <div class="inquiry-text">{inquiry.message}</div>

      <h2>History</h2>
      <ol class="inquiry-history">
        {inquiry.events.map((event, index) => (
          <li key={index}>
            <DateTime iso={event.createdAt} /> · <strong>{EVENT_LABELS[event.kind]}</strong>
            {event.actorEmail && <span> by {event.actorEmail}</span>}
            {event.body && (
              <div class={event.kind === 'reply' ? 'inquiry-text' : undefined}>{event.body}</div>
            )}
          </li>
        ))}
      </ol>

      <h2 id="reply-heading">Reply</h2>
      <Form
        ctx={ctx}
        action={action('reply')}
        form={replyForm}
        labelledBy="reply-heading"
        submit="Send the reply"
      >
        <TextArea
          form={replyForm}
          name="body"
          label="Your reply"
          hint={`Emailed to ${inquiry.email}, with their question quoted. The inquiry is then marked answered.`}
          rows={8}
          maxLength={MESSAGE_MAX}
          required
        />
      </Form>

      <section class="inquiry-action" aria-labelledby="state-heading">
        {inquiry.status === 'closed' ? (
          <>
            <h2 id="state-heading">Closed</h2>
            <p>This inquiry is closed. Reopen it to put it back in the list of inquiries to handle.</p>
            <ActionButton
              ctx={ctx}
              action={action('reopen')}
              label="Reopen this inquiry"
              variant="secondary"
            />
          </>
        ) : (
          <>
            <h2 id="state-heading">Close</h2>
            <p>
              Close it when nothing more needs doing. The sender is not told; you can reopen it at any time.
            </p>
            <ActionButton ctx={ctx} action={action('close')} label="Close this inquiry" variant="secondary" />
          </>
        )}
      </section>

      {isStaff(ctx.actor) && rerouteOptions.length > 0 && (
        <section class="inquiry-action" aria-labelledby="reroute-heading">
          <h2 id="reroute-heading">Pass it on</h2>
          <Form
            ctx={ctx}
            action={action('reroute')}
            form={rerouteForm}
            labelledBy="reroute-heading"
            submit="Pass it on"
            variant="secondary"
          >
            <SelectField
              form={rerouteForm}
              name="to"
              label="Route to"
              hint="The new handler gets it by email, open; the current one no longer sees it."
              options={rerouteOptions}
            />
          </Form>
        </section>
      )}
    </Layout>
  );
}
