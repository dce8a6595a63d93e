import type { FieldError } from '../../platform/errors.js';
import { FieldErrorSummary, FormField } from '../../platform/legacy-forms.js';
import { Layout, type PageContext } from '../../platform/page.js';
import type { DiffLine } from './press-releases.diff.js';
import {
  BODY_MAX,
  COMMENT_MAX,
  STATUS_LABELS,
  TITLE_MAX,
  type PressRelease,
  type PressReleaseDetail,
  type PressReleaseEvent,
  type VersionDiff,
} from './press-releases.schemas.js';

function when(iso: string) {
  return <time dateTime={iso}>{iso.replace('T', ' ').slice(0, 16)} UTC</time>;
}

function StatusBadge({ status }: { status: PressRelease['status'] }) {
  return <span class={`press-status press-status-${status}`}>{STATUS_LABELS[status]}</span>;
}

function ReleaseTable(props: { releases: PressRelease[]; base: string }) {
  return (
    <table class="table">
      <thead>
        <tr>
          <th scope="col">Title</th>
          <th scope="col">Partner</th>
          <th scope="col">Status</th>
          <th scope="col">Version</th>
          <th scope="col">Last change</th>
        </tr>
      </thead>
      <tbody>
        {props.releases.map((release) => (
          <tr key={release.id}>
            <td>
              <a href={`${props.base}/${release.id}`}>{release.title}</a>
            </td>
            <td>{release.partnerName}</td>
            <td>
              <StatusBadge status={release.status} />
            </td>
            <td>{release.latestVersion ?? '—'}</td>
            <td>{when(release.updatedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PartnerListPage(props: { ctx: PageContext; releases: PressRelease[] }) {
  return (
    <Layout ctx={props.ctx} title="Press releases">
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
      {props.releases.length === 0 ? (
        <p>No press releases yet.</p>
      ) : (
        <ReleaseTable releases={props.releases} base="/partner/press-releases" />
      )}
    </Layout>
  );
}

export function StaffQueuePage(props: { ctx: PageContext; releases: PressRelease[] }) {
  const waiting = props.releases.filter((release) => release.status === 'submitted');
  const others = props.releases.filter((release) => release.status !== 'submitted');
  return (
    <Layout ctx={props.ctx} title="Press releases to review">
      <h1>Press releases</h1>
      <h2>Waiting for review</h2>
      {waiting.length === 0 ? (
        <p>Nothing is waiting for review.</p>
      ) : (
        <ReleaseTable releases={waiting} base="/staff/press-releases" />
      )}
      <h2>All others</h2>
      {others.length === 0 ? <p>None.</p> : <ReleaseTable releases={others} base="/staff/press-releases" />}
    </Layout>
  );
}

export interface DraftFormValues {
  partnerId: string;
  title: string;
  bodyMarkdown: string;
}

export function DraftFormPage(props: {
  ctx: PageContext;
  mode: 'new' | 'edit';
  id?: string;
  values: DraftFormValues;
  partners: { id: string; name: string; programYear: string }[];
  errors?: FieldError[];
  message?: string | undefined;
  previewHtml?: string;
}) {
  const { ctx, mode, values, errors = [] } = props;
  const title = mode === 'new' ? 'Write a press release' : 'Edit the press release';
  const action =
    mode === 'new' ? '/partner/press-releases/new' : `/partner/press-releases/${props.id ?? ''}/edit`;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <FieldErrorSummary errors={errors} message={props.message} />
      <form method="post" action={action} class="stack" noValidate>
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        {mode === 'new' && props.partners.length > 1 && (
          <FormField name="partnerId" label="Partner" errors={errors}>
            {(attrs) => (
              <select {...attrs} required>
                <option value="" selected={values.partnerId === ''}>
                  Choose one
                </option>
                {props.partners.map((partner) => (
                  <option key={partner.id} value={partner.id} selected={partner.id === values.partnerId}>
                    {partner.name} ({partner.programYear})
                  </option>
                ))}
              </select>
            )}
          </FormField>
        )}
        {mode === 'new' && props.partners.length === 1 && (
          <input type="hidden" name="partnerId" value={props.partners[0]?.id ?? ''} />
        )}
        <FormField name="title" label="Title" errors={errors}>
          {(attrs) => <input {...attrs} type="text" value={values.title} maxLength={TITLE_MAX} required />}
        </FormField>
        <FormField
          name="bodyMarkdown"
          label="Press release"
          hint="Markdown: **bold**, *italic*, [link text](https://…), blank line for a new paragraph."
          errors={errors}
        >
          {(attrs) => (
            <textarea {...attrs} rows={18} maxLength={BODY_MAX} required>
              {values.bodyMarkdown}
            </textarea>
          )}
        </FormField>
        <div class="button-row">
          <button type="submit" name="intent" value="preview" class="secondary">
            Preview
          </button>
          <button type="submit" name="intent" value="save">
            Save the draft
          </button>
          <a href={mode === 'new' ? '/partner/press-releases' : `/partner/press-releases/${props.id ?? ''}`}>
            Cancel
          </a>
        </div>
      </form>
      {props.previewHtml !== undefined && (
        <section aria-labelledby="preview-title" class="preview">
          <h2 id="preview-title">Preview</h2>
          <h3>{values.title}</h3>
          <div class="prose" dangerouslySetInnerHTML={{ __html: props.previewHtml }} />
        </section>
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
            {when(event.createdAt)}
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
            Version {version.version}, submitted {when(version.submittedAt)}:{' '}
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

export interface PublishFormValues {
  publishedAt: string;
  publishedUrl: string;
}

export function PartnerReleasePage(props: {
  ctx: PageContext;
  release: PressReleaseDetail;
  draftHtml: string;
  diff: VersionDiff | undefined;
  publish?: PublishFormValues;
  errors?: FieldError[];
  /** Why an action was refused when the release had moved on (another tab, another person). */
  message?: string | undefined;
}) {
  const { ctx, release, errors = [] } = props;
  const editable = release.status === 'draft' || release.status === 'changes_requested';
  const publish = props.publish ?? { publishedAt: '', publishedUrl: '' };
  return (
    <Layout ctx={ctx} title={release.title}>
      <p>
        <a href="/partner/press-releases">All press releases</a>
      </p>
      <h1>{release.title}</h1>
      <p>
        {release.partnerName} · <StatusBadge status={release.status} />
        {release.latestVersion !== null && <> · version {release.latestVersion} submitted</>}
      </p>
      {release.status === 'published' && release.publishedUrl && (
        <p>
          Published on {release.publishedAt} at <a href={release.publishedUrl}>{release.publishedUrl}</a>.
        </p>
      )}
      <FieldErrorSummary errors={errors} message={props.message} />
      {editable && (
        <div class="button-row">
          <a href={`/partner/press-releases/${release.id}/edit`} class="button secondary">
            Edit the draft
          </a>
          <form method="post" action={`/partner/press-releases/${release.id}/submit`}>
            <input type="hidden" name="_csrf" value={ctx.csrf()} />
            <button type="submit">
              Submit{' '}
              {release.latestVersion === null ? 'for review' : `as version ${release.latestVersion + 1}`}
            </button>
          </form>
        </div>
      )}
      {release.status === 'approved' && (
        <form
          method="post"
          action={`/partner/press-releases/${release.id}/publish`}
          class="stack"
          noValidate
          aria-labelledby="publish-title"
        >
          <h2 id="publish-title">Mark it published</h2>
          <input type="hidden" name="_csrf" value={ctx.csrf()} />
          <FormField name="publishedAt" label="Date it was published" hint="Like 2027-03-15." errors={errors}>
            {(attrs) => <input {...attrs} type="date" value={publish.publishedAt} required />}
          </FormField>
          <FormField
            name="publishedUrl"
            label="Web address where it appeared"
            hint="Starting with https:// or http://."
            errors={errors}
          >
            {(attrs) => <input {...attrs} type="url" value={publish.publishedUrl} required />}
          </FormField>
          <div class="button-row">
            <button type="submit">Mark published</button>
          </div>
        </form>
      )}
      <section aria-labelledby="draft-title" class="preview">
        <h2 id="draft-title">{editable ? 'The working draft' : 'The text'}</h2>
        <div class="prose" dangerouslySetInnerHTML={{ __html: props.draftHtml }} />
      </section>
      <Versions release={release} base="/partner/press-releases" diff={props.diff} />
      <History events={release.events} />
    </Layout>
  );
}

export function ReviewPage(props: {
  ctx: PageContext;
  release: PressReleaseDetail;
  latestHtml: string | undefined;
  diff: VersionDiff | undefined;
  /** Which form the errors and the typed comment belong to. */
  form?: 'comment' | 'request-changes' | 'approve';
  comment?: string;
  errors?: FieldError[];
  /** Why an action was refused when the release had moved on (another reviewer, an older page). */
  message?: string | undefined;
}) {
  const { ctx, release, errors = [] } = props;
  const latest = release.versions.at(-1);
  const reviewable = release.status === 'submitted';
  const commentable = ['submitted', 'changes_requested', 'approved'].includes(release.status);
  const commentForm = (action: 'comment' | 'request-changes' | 'approve', label: string, button: string) => {
    const own = props.form === action;
    const ownErrors = own ? errors.map((error) => ({ ...error, path: `${action}-body` })) : [];
    return (
      <form
        method="post"
        action={`/staff/press-releases/${release.id}/${action}`}
        class="stack review-form"
        noValidate
      >
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        <FormField name={`${action}-body`} label={label} errors={ownErrors}>
          {(attrs) => (
            <textarea {...attrs} name="body" rows={4} maxLength={COMMENT_MAX}>
              {own ? (props.comment ?? '') : ''}
            </textarea>
          )}
        </FormField>
        <div class="button-row">
          <button type="submit">{button}</button>
        </div>
      </form>
    );
  };
  return (
    <Layout ctx={ctx} title={`Review: ${release.title}`}>
      <p>
        <a href="/staff/press-releases">All press releases</a>
      </p>
      <h1>{release.title}</h1>
      <p>
        {release.partnerName} · <StatusBadge status={release.status} />
      </p>
      {release.status === 'published' && release.publishedUrl && (
        <p>
          Published on {release.publishedAt} at <a href={release.publishedUrl}>{release.publishedUrl}</a>.
        </p>
      )}
      <FieldErrorSummary
        errors={errors.map((error) => ({ ...error, path: props.form ? `${props.form}-body` : error.path }))}
        message={props.message}
      />
      {latest && props.latestHtml !== undefined ? (
        <section aria-labelledby="latest-title" class="preview">
          <h2 id="latest-title">Version {latest.version} (the latest submitted)</h2>
          <h3>{latest.title}</h3>
          <div class="prose" dangerouslySetInnerHTML={{ __html: props.latestHtml }} />
        </section>
      ) : (
        <p>No version has been submitted yet.</p>
      )}
      {reviewable && (
        <section aria-labelledby="review-title">
          <h2 id="review-title">Review</h2>
          {commentForm('request-changes', 'What should change', 'Request changes')}
          {commentForm('approve', 'A note with the approval (optional)', 'Approve')}
        </section>
      )}
      {commentable && commentForm('comment', 'Comment', 'Add the comment')}
      <Versions release={release} base="/staff/press-releases" diff={props.diff} />
      <History events={release.events} />
    </Layout>
  );
}
