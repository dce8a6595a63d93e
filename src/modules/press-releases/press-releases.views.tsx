import type { z } from 'zod';
import { renderMarkdown } from '../../platform/markdown.js';
import {
  ActionButton,
  Button,
  DataTable,
  DateOnly,
  DateTime,
  EmptyState,
  ErrorSummary,
  FilterBar,
  FilterSelect,
  Form,
  Layout,
  MARKDOWN_HINT,
  MarkdownFormButtons,
  MarkdownPreview,
  SelectField,
  StatusBadge,
  SummaryList,
  TextArea,
  TextField,
  type Confirmation,
  type FormState,
  type PageContext,
  type Paged,
} from '../../platform/ui/index.js';
import type { DiffLine } from './press-releases.diff.js';
import {
  allows,
  BODY_MAX,
  COMMENT_MAX,
  PRESS_RELEASE_LIFECYCLE,
  TITLE_MAX,
  type commentInputSchema,
  type createInputSchema,
  type PressRelease,
  type PressReleaseDetail,
  type PressReleaseEvent,
  type PressReleaseStatus,
  type publishInputSchema,
  type ReviewDecision,
  type VersionDiff,
} from './press-releases.schemas.js';

export type DraftForm = FormState<z.input<typeof createInputSchema>>;
export type PublishForm = FormState<z.input<typeof publishInputSchema>>;
export type ReviewForm = FormState<z.input<typeof commentInputSchema>>;
/** An action without fields (submitting) that was refused: only its message. */
export type ActionRefusal = FormState<Record<string, never>>;

/** A partner a press release can be written for, with its program year. */
export interface WritablePartner {
  id: string;
  name: string;
  programYear: string;
}

/** Approving is a decision the partner is told of at once, and cannot be taken back. */
export const APPROVE_RELEASE: Confirmation = {
  title: 'Approve this press release?',
  message:
    'The partner is emailed that the submitted version is approved, with your comment if you wrote one; they may then publish it. An approval cannot be taken back.',
  confirmLabel: 'Approve the press release',
};

/** Marked published, a release is done with: its date and address cannot be changed afterwards. */
export const MARK_PUBLISHED: Confirmation = {
  title: 'Mark this press release published?',
  message:
    'Program staff are emailed the date and the web address you gave. Neither can be changed afterwards.',
  confirmLabel: 'Mark it published',
};

const STATUS_FILTER = Object.entries(PRESS_RELEASE_LIFECYCLE).map(([value, style]) => ({
  value,
  label: style.label,
}));

function ReleaseFilters({ ctx }: { ctx: PageContext }) {
  return (
    <FilterBar ctx={ctx} label="Filter press releases" search="Search titles and partners">
      <FilterSelect ctx={ctx} name="status" label="Status" anyLabel="Any status" options={STATUS_FILTER} />
    </FilterBar>
  );
}

function ReleaseTable(props: {
  ctx: PageContext;
  page: Paged<PressRelease>;
  base: string;
  /** Whether the list is narrowed by a search or a status, so that an empty one says how to widen it. */
  filtered: boolean;
  emptyTitle: string;
}) {
  const { ctx, page, base } = props;
  return (
    <DataTable
      ctx={ctx}
      id="press-releases"
      caption="Press releases"
      page={page}
      rowKey={(release) => release.id}
      columns={[
        {
          label: 'Title',
          sort: 'title',
          cell: (release) => <a href={`${base}/${release.id}`}>{release.title}</a>,
        },
        { label: 'Partner', sort: 'partner', cell: (release) => release.partnerName },
        {
          label: 'Status',
          cell: (release) => <StatusBadge lifecycle={PRESS_RELEASE_LIFECYCLE} status={release.status} />,
        },
        { label: 'Version', numeric: true, cell: (release) => release.latestVersion ?? '—' },
        { label: 'Last change', sort: 'changed', cell: (release) => <DateTime iso={release.updatedAt} /> },
      ]}
      empty={
        props.filtered ? (
          <EmptyState title="No press releases match">
            Choose another status, or <a href={base}>show every press release</a>.
          </EmptyState>
        ) : (
          <EmptyState title={props.emptyTitle} />
        )
      }
    />
  );
}

export function PartnerListPage(props: { ctx: PageContext; page: Paged<PressRelease>; filtered: boolean }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title="Press releases">
      <h1>Press releases</h1>
      <p>
        Write a press release in Markdown and submit it: program staff review it, and may comment or ask for
        changes. Once it is approved and has appeared, mark it published.
      </p>
      <p>
        <a href="/partner/press-releases/new" class="button">
          Write a press release
        </a>
      </p>
      <ReleaseFilters ctx={ctx} />
      <ReleaseTable
        ctx={ctx}
        page={props.page}
        base="/partner/press-releases"
        filtered={props.filtered}
        emptyTitle="No press releases yet"
      />
    </Layout>
  );
}

export function StaffQueuePage(props: {
  ctx: PageContext;
  page: Paged<PressRelease>;
  filtered: boolean;
  counts: Record<PressReleaseStatus, number>;
}) {
  const { ctx, counts } = props;
  const waiting = counts.submitted;
  return (
    <Layout ctx={ctx} title="Press releases">
      <h1>Press releases</h1>
      <p>
        {waiting === 0 ? (
          'Nothing is waiting for review.'
        ) : (
          <a href="/staff/press-releases?status=submitted">
            {waiting} {waiting === 1 ? 'press release is' : 'press releases are'} waiting for review
          </a>
        )}
        {counts.approved > 0 && <> · {counts.approved} approved, not yet published</>}
      </p>
      <ReleaseFilters ctx={ctx} />
      <ReleaseTable
        ctx={ctx}
        page={props.page}
        base="/staff/press-releases"
        filtered={props.filtered}
        emptyTitle="No partner has written a press release yet"
      />
    </Layout>
  );
}

export function DraftFormPage(props: {
  ctx: PageContext;
  mode: 'new' | 'edit';
  id?: string;
  form: DraftForm;
  partners: WritablePartner[];
  /** Show the text as it will read, under the form (nothing is saved). */
  preview?: boolean;
}) {
  const { ctx, mode, form, partners } = props;
  const title = mode === 'new' ? 'Write a press release' : 'Edit the press release';
  const action =
    mode === 'new' ? '/partner/press-releases/new' : `/partner/press-releases/${props.id ?? ''}/edit`;
  const cancelHref = mode === 'new' ? '/partner/press-releases' : `/partner/press-releases/${props.id ?? ''}`;
  if (mode === 'new' && partners.length === 0) {
    return (
      <Layout ctx={ctx} title={title}>
        <h1>{title}</h1>
        <EmptyState title="There is no partner to write for">
          A press release is written for a partner, and there is none you manage yet.{' '}
          <a href="/partner/press-releases">Back to the press releases</a>
        </EmptyState>
      </Layout>
    );
  }
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <Form ctx={ctx} action={action} form={form}>
        {mode === 'new' && (
          <SelectField
            form={form}
            name="partnerId"
            label="Partner"
            placeholder={partners.length > 1 ? 'Choose one' : undefined}
            options={partners.map((partner) => ({
              value: partner.id,
              label: `${partner.name} (${partner.programYear})`,
            }))}
            required
          />
        )}
        <TextField form={form} name="title" label="Title" maxLength={TITLE_MAX} required />
        <TextArea
          form={form}
          name="bodyMarkdown"
          label="Press release"
          hint={MARKDOWN_HINT}
          rows={18}
          maxLength={BODY_MAX}
          required
        />
        <MarkdownFormButtons save="Save the draft" cancelHref={cancelHref} />
      </Form>
      {props.preview && (
        <MarkdownPreview
          title={String(form.values.title ?? '')}
          markdown={String(form.values.bodyMarkdown ?? '')}
        />
      )}
    </Layout>
  );
}

const EVENT_LABELS: Record<PressReleaseEvent['kind'], string> = {
  created: 'Draft started',
  submitted: 'Submitted',
  comment: 'Comment',
  changes_requested: 'Changes requested',
  approved: 'Approved',
  published: 'Marked published',
};

function History({ events }: { events: PressReleaseEvent[] }) {
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <ol class="press-events">
        {events.map((event, index) => (
          <li key={index}>
            <strong>{EVENT_LABELS[event.kind]}</strong>
            {event.version !== null && <> (version {event.version})</>} by {event.actorEmail ?? 'someone'},{' '}
            <DateTime iso={event.createdAt} />
            {event.body && <p class="press-event-body">{event.body}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}

const DIFF_LABELS: Record<DiffLine['kind'], string> = {
  added: 'Added',
  removed: 'Removed',
  unchanged: 'Same',
};

function DiffView({ diff }: { diff: VersionDiff }) {
  const changed = diff.lines.filter((line) => line.kind !== 'unchanged').length;
  return (
    <section aria-labelledby="diff-title" class="press-diff">
      <h3 id="diff-title">
        Version {diff.version}{' '}
        {diff.comparedWith === null ? 'as first submitted' : `compared with version ${diff.comparedWith}`}
      </h3>
      <p>
        {changed === 0
          ? 'No lines changed.'
          : `${changed} ${changed === 1 ? 'line' : 'lines'} added or removed.`}
      </p>
      <ol class="diff-lines">
        {diff.lines.map((line, index) => (
          <li key={index} class={`diff-${line.kind}`}>
            <span class="diff-label">{DIFF_LABELS[line.kind]}:</span> <code>{line.text}</code>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Versions(props: { release: PressReleaseDetail; base: string; diff: VersionDiff | undefined }) {
  const { release } = props;
  if (release.versions.length === 0) return <p>No version has been submitted yet.</p>;
  return (
    <section aria-labelledby="versions-title">
      <h2 id="versions-title">Submitted versions</h2>
      <ul class="press-versions">
        {[...release.versions].reverse().map((version) => (
          <li key={version.version}>
            Version {version.version}, submitted <DateTime iso={version.submittedAt} />:{' '}
            <a href={`${props.base}/${release.id}?compare=${version.version}#diff-title`}>
              {version.version === 1 ? 'show it' : `changes since version ${version.version - 1}`}
            </a>
          </li>
        ))}
      </ul>
      {props.diff && <DiffView diff={props.diff} />}
    </section>
  );
}

/** The facts above a release's page, for the partner and for staff alike. */
function ReleaseFacts({ release }: { release: PressReleaseDetail }) {
  const latest = release.versions.at(-1);
  return (
    <SummaryList
      rows={[
        { key: 'Partner', value: release.partnerName },
        {
          key: 'Status',
          value: <StatusBadge lifecycle={PRESS_RELEASE_LIFECYCLE} status={release.status} />,
        },
        {
          key: 'Latest version',
          value: latest ? (
            <>
              Version {latest.version}, submitted <DateTime iso={latest.submittedAt} />
            </>
          ) : (
            'None submitted yet'
          ),
        },
        ...(release.status === 'published' && release.publishedAt && release.publishedUrl
          ? [
              {
                key: 'Published',
                value: (
                  <>
                    Published on <DateOnly iso={release.publishedAt} /> at{' '}
                    <a href={release.publishedUrl}>{release.publishedUrl}</a>.
                  </>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}

/** Whether the working draft is word for word the latest submitted version. */
function unchangedSinceLatest(release: PressReleaseDetail): boolean {
  const latest = release.versions.at(-1);
  return (
    latest !== undefined && latest.title === release.title && latest.bodyMarkdown === release.bodyMarkdown
  );
}

export function PartnerReleasePage(props: {
  ctx: PageContext;
  release: PressReleaseDetail;
  diff: VersionDiff | undefined;
  publishForm: PublishForm;
  /** Why submitting was refused (the release had moved on, or nothing changed). */
  refusal?: ActionRefusal | undefined;
}) {
  const { ctx, release, publishForm } = props;
  const editable = allows('edit', release.status);
  const base = `/partner/press-releases/${release.id}`;
  return (
    <Layout ctx={ctx} title={release.title}>
      <p>
        <a href="/partner/press-releases">All press releases</a>
      </p>
      <h1>{release.title}</h1>
      <ReleaseFacts release={release} />
      {props.refusal && <ErrorSummary form={props.refusal} />}
      {/* Publishing refused because the release is no longer (or not yet) approved: its form is gone. */}
      {!allows('publish', release.status) && <ErrorSummary form={publishForm} />}
      {release.status === 'changes_requested' && unchangedSinceLatest(release) && (
        <p>
          Staff asked for changes to version {release.latestVersion}: edit the draft before you submit it
          again.
        </p>
      )}
      {(editable || allows('submit', release.status)) && (
        <div class="button-row">
          {editable && (
            <a href={`${base}/edit`} class="button secondary">
              Edit the draft
            </a>
          )}
          {allows('submit', release.status) && (
            <ActionButton
              ctx={ctx}
              action={`${base}/submit`}
              label={
                release.latestVersion === null
                  ? 'Submit for review'
                  : `Submit as version ${release.latestVersion + 1}`
              }
            />
          )}
        </div>
      )}
      {allows('publish', release.status) && (
        <section aria-labelledby="publish-title">
          <h2 id="publish-title">Mark it published</h2>
          <Form
            ctx={ctx}
            action={`${base}/publish`}
            form={publishForm}
            labelledBy="publish-title"
            confirm={MARK_PUBLISHED}
            submit="Mark published"
          >
            <TextField
              form={publishForm}
              name="publishedAt"
              label="Date it was published"
              hint="Like 2027-03-15: the day it appeared, today at the latest."
              type="date"
              required
            />
            <TextField
              form={publishForm}
              name="publishedUrl"
              label="Web address where it appeared"
              hint="Starting with https:// or http://."
              type="url"
              required
            />
          </Form>
        </section>
      )}
      <section aria-labelledby="draft-title" class="preview">
        <h2 id="draft-title">{editable ? 'The working draft' : 'The text'}</h2>
        <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(release.bodyMarkdown) }} />
      </section>
      <Versions release={release} base="/partner/press-releases" diff={props.diff} />
      <History events={release.events} />
    </Layout>
  );
}

/** The review form's buttons, in the order staff read them, each shown only where the status allows it. */
const DECISIONS: {
  decision: ReviewDecision;
  label: string;
  allowed: (status: PressReleaseStatus) => boolean;
}[] = [
  { decision: 'request-changes', label: 'Request changes', allowed: (status) => allows('review', status) },
  { decision: 'approve', label: 'Approve', allowed: (status) => allows('review', status) },
  { decision: 'comment', label: 'Add the comment', allowed: (status) => allows('comment', status) },
];

export function ReviewPage(props: {
  ctx: PageContext;
  release: PressReleaseDetail;
  diff: VersionDiff | undefined;
  reviewForm: ReviewForm;
}) {
  const { ctx, release, reviewForm } = props;
  const latest = release.versions.at(-1);
  const decisions = DECISIONS.filter((choice) => choice.allowed(release.status));
  const reviewable = allows('review', release.status);
  return (
    <Layout ctx={ctx} title={`Review: ${release.title}`}>
      <p>
        <a href="/staff/press-releases">All press releases</a>
      </p>
      <h1>{release.title}</h1>
      <ReleaseFacts release={release} />
      {latest ? (
        <section aria-labelledby="latest-title" class="preview">
          <h2 id="latest-title">Version {latest.version} (the latest submitted)</h2>
          <h3>{latest.title}</h3>
          <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(latest.bodyMarkdown) }} />
        </section>
      ) : (
        <p>No version has been submitted yet.</p>
      )}
      {decisions.length > 0 ? (
        <section aria-labelledby="review-title">
          <h2 id="review-title">{reviewable ? 'Your review' : 'Comment'}</h2>
          <Form
            ctx={ctx}
            action={`/staff/press-releases/${release.id}/review`}
            form={reviewForm}
            labelledBy="review-title"
          >
            <TextArea
              form={reviewForm}
              name="body"
              label="Comment for the partner"
              hint={
                reviewable
                  ? 'Emailed to the partner. To request changes, say what should change; with an approval it is optional.'
                  : 'Emailed to the partner; the status stays as it is.'
              }
              rows={5}
              maxLength={COMMENT_MAX}
            />
            <div class="button-row">
              {decisions.map((choice) => (
                <Button
                  key={choice.decision}
                  name="decision"
                  value={choice.decision}
                  variant={choice.decision === 'comment' && reviewable ? 'secondary' : undefined}
                >
                  {choice.label}
                </Button>
              ))}
            </div>
          </Form>
        </section>
      ) : (
        reviewForm.message && <ErrorSummary form={reviewForm} />
      )}
      <Versions release={release} base="/staff/press-releases" diff={props.diff} />
      <History events={release.events} />
    </Layout>
  );
}
