import {
  DataTable,
  DateTime,
  EmptyState,
  FilterBar,
  FilterSelect,
  Layout,
  StatusBadge,
  type PageContext,
  type Paged,
} from '../../platform/ui/index.js';
import { MAIL_LIFECYCLE, type OutboxMessage } from './outbox.schemas.js';

const STATUS_OPTIONS = Object.entries(MAIL_LIFECYCLE).map(([value, style]) => ({
  value,
  label: style.label,
}));

export function OutboxPage({
  ctx,
  page,
  mailDelivered,
}: {
  ctx: PageContext;
  page: Paged<OutboxMessage>;
  mailDelivered: boolean;
}) {
  return (
    <Layout ctx={ctx} title="Outbox">
      <h1>Outbox</h1>
      <p>
        {mailDelivered
          ? 'Every email the portal sends, newest first, with its delivery status.'
          : 'No SMTP server is configured (SMTP_URL), so email is not delivered: every message the portal would have sent is kept here, newest first.'}
      </p>
      <FilterBar ctx={ctx} label="Filter the outbox" search="Search recipients and subjects">
        <FilterSelect ctx={ctx} name="status" label="Status" anyLabel="Any status" options={STATUS_OPTIONS} />
      </FilterBar>
      <DataTable
        ctx={ctx}
        id="outbox"
        caption="Email"
        page={page}
        rowKey={(message) => message.id}
        columns={[
          {
            label: 'Subject',
            cell: (message) => (
              <details class="mail">
                <summary>{message.subject}</summary>
                {message.lastError && <p class="error">Last error: {message.lastError}</p>}
                <pre class="mail-body">{message.textBody}</pre>
                {message.attachmentNames.length > 0 && <p>Attached: {message.attachmentNames.join(', ')}</p>}
              </details>
            ),
          },
          { label: 'To', sort: 'to', cell: (message) => message.toAddress },
          { label: 'Queued', sort: 'created', cell: (message) => <DateTime iso={message.createdAt} /> },
          {
            label: 'Status',
            sort: 'status',
            cell: (message) => <StatusBadge lifecycle={MAIL_LIFECYCLE} status={message.status} />,
          },
        ]}
        empty={
          <EmptyState title="No email matches">
            Nothing has been sent yet, or nothing in that state.
          </EmptyState>
        }
      />
    </Layout>
  );
}
