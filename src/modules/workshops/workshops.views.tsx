import type { ComponentChildren } from 'preact';
import type { AppError } from '../../platform/errors.js';
import { valueOf } from '../../platform/form-values.js';
import { renderMarkdown } from '../../platform/markdown.js';
import {
  ActionButton,
  ChoiceField,
  DataTable,
  EmptyState,
  ErrorSummary,
  Field,
  FilterBar,
  FilterInput,
  FilterSelect,
  Form,
  Layout,
  MARKDOWN_HINT,
  Pagination,
  SelectField,
  StatusBadge,
  SummaryList,
  Tag,
  TextArea,
  TextField,
  formatDateTime,
  type Confirmation,
  type FormState,
  type Option,
  type PageContext,
  type Paged,
} from '../../platform/ui/index.js';
import { US_TIME_ZONES } from '../../platform/zoned-time.js';
import type { Course } from '../courses/courses.schemas.js';
import type { Enrollment } from './workshops.enrollments.schemas.js';
import { EnrollPanel, type EnrollmentForm } from './workshops.enrollments.views.js';
import {
  AUDIENCE_LABELS,
  KIND_LABELS,
  PROGRESS_LIFECYCLE,
  REGISTRATION_LIFECYCLE,
  WORKSHOP_ACTIONS,
  WORKSHOP_AUDIENCES,
  WORKSHOP_KINDS,
  WORKSHOP_LIFECYCLE,
  type Workshop,
  type WorkshopAction,
  type PresenterInput,
  type WorkshopInput,
} from './workshops.schemas.js';

export type WorkshopForm = FormState<WorkshopInput>;

const KIND_OPTIONS: Option[] = WORKSHOP_KINDS.map((kind) => ({ value: kind, label: KIND_LABELS[kind] }));
const AUDIENCE_OPTIONS: Option[] = WORKSHOP_AUDIENCES.map((audience) => ({
  value: audience,
  label: AUDIENCE_LABELS[audience],
}));
const TIME_ZONE_OPTIONS: Option[] = US_TIME_ZONES.map((zone) => ({
  value: zone.value,
  label: `${zone.label} (${zone.value})`,
}));

export function allows(workshop: Pick<Workshop, 'status'>, action: WorkshopAction): boolean {
  return (WORKSHOP_ACTIONS[action].from as readonly string[]).includes(workshop.status);
}

/** "Jul 12, 2027, 9:00 AM – 4:00 PM CDT": a session in its workshop's zone, the zone named. */
export function sessionInWords(session: Workshop['sessions'][number], timeZone: string): string {
  const start = formatDateTime(session.startsAt, timeZone);
  const end = formatDateTime(session.endsAt, timeZone);
  // The end shares the start's day: only its clock time (and zone) follows the dash.
  const endTime = end.split(', ').slice(2).join(', ');
  return `${start.replace(/ [A-Z]{2,5}$|\s(GMT[+-]\d+)$/, '')} – ${endTime}`;
}

/** "Jul 12 – Jul 13, 2027" or the one day, for lists. */
function datesInWords(workshop: Workshop): string {
  const first = workshop.sessions[0];
  const last = workshop.sessions.at(-1);
  if (!first || !last) return '';
  const day = (iso: string) => formatDateTime(iso, workshop.timeZone).split(', ').slice(0, 2).join(', ');
  return first.id === last.id ? day(first.startsAt) : `${day(first.startsAt)} to ${day(last.startsAt)}`;
}

function whatInWords(workshop: Workshop): string {
  if (workshop.kind === 'course') return [workshop.courseName, workshop.subject].filter(Boolean).join(': ');
  if (workshop.kind === 'counselor_admin') return KIND_LABELS.counselor_admin;
  return workshop.topic ?? KIND_LABELS.partner_own;
}

function placeInWords(workshop: Workshop): string {
  return workshop.location.mode === 'in_person'
    ? `${workshop.location.venue}, ${workshop.location.address} ${workshop.location.zip}`
    : 'Online';
}

function audienceInWords(workshop: Workshop): string {
  return workshop.audience.map((audience) => AUDIENCE_LABELS[audience]).join(', ');
}

export function CatalogPage(props: {
  ctx: PageContext;
  /** The workshops found, unless a filter was refused. */
  page?: Paged<Workshop> & { near?: { zip: string; place: string } };
  courses: readonly Course[];
  refusal?: AppError;
}) {
  const { ctx, page, refusal } = props;
  const nearError = refusal?.fieldErrors.find((error) => error.path === 'near')?.message;
  return (
    <Layout ctx={ctx} title="Workshops">
      <h1>Workshops</h1>
      <p class="lead">
        Professional learning run by the program’s Regional Partners: the program’s courses, workshops for
        counselors and administrators, and the partners’ own computer science workshops.
      </p>
      <p>
        Lead workshops yourself? <a href="/facilitate">Apply to be an approved facilitator</a>.
      </p>
      <FilterBar ctx={ctx} label="Find workshops" search="Search by title or topic">
        <FilterInput
          ctx={ctx}
          name="near"
          label="Near ZIP code"
          inputMode="numeric"
          autoComplete="postal-code"
          maxLength={10}
          short
          error={nearError}
        />
        <FilterSelect
          ctx={ctx}
          name="radiusMiles"
          label="Within"
          defaultValue="50"
          options={['10', '25', '50', '100', '250'].map((miles) => ({
            value: miles,
            label: `${miles} miles`,
          }))}
        />
        <FilterSelect
          ctx={ctx}
          name="course"
          label="Course"
          anyLabel="Any course"
          options={props.courses
            .filter((course) => course.kind === 'course')
            .map((course) => ({ value: course.id, label: course.name }))}
        />
        <FilterSelect ctx={ctx} name="kind" label="Kind" anyLabel="Any kind" options={KIND_OPTIONS} />
        <FilterSelect ctx={ctx} name="audience" label="For" anyLabel="Anyone" options={AUDIENCE_OPTIONS} />
        <FilterSelect
          ctx={ctx}
          name="mode"
          label="Where"
          anyLabel="In person or virtual"
          options={[
            { value: 'in_person', label: 'In person' },
            { value: 'virtual', label: 'Virtual' },
          ]}
        />
        <FilterInput ctx={ctx} name="from" label="From" type="date" />
        <FilterInput ctx={ctx} name="to" label="To" type="date" />
      </FilterBar>
      {refusal && (
        <ErrorSummary form={{ values: {}, errors: refusal.fieldErrors, message: refusal.message }} />
      )}
      {page?.near && (
        <p>
          Nearest first from {page.near.zip}
          {page.near.place ? ` (${page.near.place})` : ''}; virtual workshops follow.
        </p>
      )}
      {!page ? null : page.total === 0 ? (
        <EmptyState title="No upcoming workshop matches">
          Try a larger distance or fewer filters, or <a href="/find">find your partner</a> and ask it.
        </EmptyState>
      ) : (
        <>
          <p class="muted">
            {page.total} upcoming workshop{page.total === 1 ? '' : 's'}
          </p>
          <ul class="cards workshop-list">
            {page.rows.map((workshop) => (
              <li class="card" key={workshop.id}>
                <h2>
                  <a href={`/workshops/${workshop.id}`}>{workshop.title}</a>
                </h2>
                <p>
                  <Tag tone="info">{KIND_LABELS[workshop.kind]}</Tag> {whatInWords(workshop)}
                </p>
                <p>
                  {datesInWords(workshop)} · {placeInWords(workshop)}
                  {workshop.distanceMiles !== undefined && ` · ${workshop.distanceMiles} miles away`}
                </p>
                <p class="muted">
                  {workshop.partnerName} · For {audienceInWords(workshop).toLowerCase()} ·{' '}
                  {REGISTRATION_LIFECYCLE[workshop.registration].label} ·{' '}
                  {workshop.seatsLeft === 0 ? 'Full: waitlist open' : `${workshop.seatsLeft} seats left`}
                </p>
              </li>
            ))}
          </ul>
          <Pagination ctx={ctx} page={page} />
        </>
      )}
    </Layout>
  );
}

export function WorkshopPage(props: {
  ctx: PageContext;
  workshop: Workshop;
  organizer: boolean;
  invite?: string | undefined;
  /** Why publishing was refused. */
  refusal?: FormState | undefined;
  /** For organizers: the facilitators they may assign, and the assign form as sent. */
  assignable?: readonly { facilitatorId: string; name: string }[];
  presenterForm?: PresenterForm;
  /** The signed-in person's place in it, and the sign-up form as sent. */
  myEnrollment?: Enrollment | undefined;
  enrollForm?: EnrollmentForm;
}) {
  const { ctx, workshop } = props;
  const calendarHref = `/workshops/${workshop.id}.ics${props.invite ? `?invite=${encodeURIComponent(props.invite)}` : ''}`;
  return (
    <Layout ctx={ctx} title={workshop.title}>
      <p>
        <a href={props.organizer ? organizerListPath(ctx) : '/workshops'}>
          {props.organizer ? 'Back to your workshops' : 'All workshops'}
        </a>
      </p>
      <h1>{workshop.title}</h1>
      {props.refusal && <ErrorSummary form={props.refusal} />}
      <p>
        <StatusBadge lifecycle={WORKSHOP_LIFECYCLE} status={workshop.status} />{' '}
        {workshop.status === 'published' && (
          <StatusBadge lifecycle={REGISTRATION_LIFECYCLE} status={workshop.registration} />
        )}{' '}
        <StatusBadge lifecycle={PROGRESS_LIFECYCLE} status={workshop.progress} />
      </p>
      {workshop.status === 'cancelled' && (
        <div class="notice" role="status">
          <p>
            <strong>This workshop is cancelled.</strong> {workshop.cancelReason}
          </p>
        </div>
      )}
      <SummaryList
        rows={[
          { key: 'What', value: `${KIND_LABELS[workshop.kind]}: ${whatInWords(workshop)}` },
          { key: 'Run by', value: workshop.partnerName },
          { key: 'For', value: audienceInWords(workshop) },
          {
            key: workshop.sessions.length === 1 ? 'When' : `When (${workshop.sessions.length} sessions)`,
            value: (
              <ol class="plain-list">
                {workshop.sessions.map((session) => (
                  <li key={session.id}>
                    <time dateTime={session.startsAt}>{sessionInWords(session, workshop.timeZone)}</time>
                  </li>
                ))}
              </ol>
            ),
          },
          { key: 'Where', value: whereInWords(workshop) },
          {
            key: 'Seats',
            value:
              `${workshop.seatsLeft} of ${workshop.capacity} left` +
              (workshop.enrolled === undefined
                ? ''
                : ` (${workshop.enrolled} enrolled, ${workshop.waitlisted ?? 0} waiting)`),
          },
          { key: 'Registration', value: registrationInWords(workshop) },
          ...(workshop.facilitators.length > 0 && !props.organizer
            ? [
                {
                  key: workshop.kind === 'partner_own' ? 'Presenters' : 'Facilitators',
                  value: workshop.facilitators.map((facilitator) => facilitator.name).join(', '),
                },
              ]
            : []),
        ]}
      />
      {workshop.description && (
        <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(workshop.description) }} />
      )}
      <EnrollPanel
        ctx={ctx}
        workshop={workshop}
        myEnrollment={props.myEnrollment}
        form={props.enrollForm ?? { values: {}, errors: [] }}
        invite={props.invite}
      />
      {workshop.status !== 'draft' && (
        <p>
          <a href={calendarHref}>Add to your calendar</a> (an .ics file, one event per session)
        </p>
      )}
      {props.organizer && (
        <>
          <PresentersSection
            ctx={ctx}
            workshop={workshop}
            assignable={props.assignable ?? []}
            form={props.presenterForm ?? { values: {}, errors: [] }}
          />
          <OrganizerActions ctx={ctx} workshop={workshop} />
        </>
      )}
    </Layout>
  );
}

function registrationInWords(workshop: Workshop): string {
  const opens = workshop.registrationOpensAt;
  const closes = workshop.registrationClosesAt ?? workshop.sessions[0]?.startsAt;
  const at = (iso: string) => formatDateTime(iso, workshop.timeZone);
  const state = REGISTRATION_LIFECYCLE[workshop.registration].label;
  const window = [opens && `opens ${at(opens)}`, closes && `closes ${at(closes)}`].filter(Boolean).join(', ');
  return window ? `${state}: ${window}.` : `${state}.`;
}

/** Where the workshop is; a virtual one's link only for those who may have it. */
function whereInWords(workshop: Workshop): ComponentChildren {
  if (workshop.location.mode === 'in_person') return placeInWords(workshop);
  if (!workshop.location.url) return 'Online; the link is sent to those enrolled.';
  return (
    <>
      Online: <a href={workshop.location.url}>{workshop.location.url}</a>
    </>
  );
}

function organizerListPath(ctx: PageContext): string {
  return ctx.actor?.roles.includes('staff') ? '/staff/workshops' : '/partner/workshops';
}

function OrganizerActions({ ctx, workshop }: { ctx: PageContext; workshop: Workshop }) {
  return (
    <section aria-labelledby="organize-heading">
      <h2 id="organize-heading">Organize</h2>
      {workshop.invitationUrl && (
        <p>
          Invitation-only: share this private link with those you invite:{' '}
          <code class="preserve-lines">{workshop.invitationUrl}</code>
        </p>
      )}
      <div class="button-row">
        {allows(workshop, 'edit') && (
          <a class="button secondary" href={`/workshops/${workshop.id}/edit`}>
            Edit the workshop
          </a>
        )}
        <a class="button secondary" href={`/workshops/${workshop.id}/roster`}>
          Roster
        </a>
        <a class="button secondary" href={`/workshops/${workshop.id}/attendance`}>
          Attendance
        </a>
        {allows(workshop, 'publish') && (
          <ActionButton ctx={ctx} action={`/workshops/${workshop.id}/publish`} label="Publish the workshop" />
        )}
        {allows(workshop, 'cancel') && (
          <a class="button warning" href={`/workshops/${workshop.id}/cancel`}>
            Cancel the workshop
          </a>
        )}
      </div>
    </section>
  );
}

export function CancelWorkshopPage(props: {
  ctx: PageContext;
  workshop: Workshop;
  form: FormState<{ reason: string }>;
}) {
  const { ctx, workshop, form } = props;
  return (
    <Layout ctx={ctx} title={`Cancel ${workshop.title}`}>
      <h1>Cancel “{workshop.title}”?</h1>
      <p>
        Cancelling cannot be undone. The workshop’s page and its calendar events will say it is cancelled,
        with your reason, and registration closes.
      </p>
      <Form ctx={ctx} action={`/workshops/${workshop.id}/cancel`} form={form}>
        {/* This page is the confirmation step: the button below is the answer to it. */}
        <input type="hidden" name="confirmed" value="yes" />
        <TextArea
          form={form}
          name="reason"
          label="Why is it cancelled?"
          hint="Everyone enrolled reads this."
          rows={4}
          maxLength={1000}
        />
        <div class="button-row">
          <button type="submit" class="warning">
            Cancel the workshop
          </button>
          <a href={`/workshops/${workshop.id}`}>Keep the workshop</a>
        </div>
      </Form>
    </Layout>
  );
}

/** The organizers' list: their workshops with status, kind and seats, and where to create one. */
export function OrganizerWorkshopsPage(props: {
  ctx: PageContext;
  page: Paged<Workshop>;
  partners: readonly { id: string; name: string }[];
  staff: boolean;
}) {
  const { ctx, page } = props;
  return (
    <Layout ctx={ctx} title="Workshops">
      <h1>{props.staff ? 'All workshops' : 'Your workshops'}</h1>
      {props.partners.length > 0 && (
        <p>
          <a class="button" href="/workshops/new">
            Create a workshop
          </a>
        </p>
      )}
      <FilterBar ctx={ctx} label="Filter workshops" search="Search by title or topic">
        {(props.staff || props.partners.length > 1) && (
          <FilterSelect
            ctx={ctx}
            name="partner"
            label="Partner"
            anyLabel="Every partner"
            options={props.partners.map((partner) => ({ value: partner.id, label: partner.name }))}
          />
        )}
        <FilterSelect ctx={ctx} name="kind" label="Kind" anyLabel="Every kind" options={KIND_OPTIONS} />
        <FilterSelect
          ctx={ctx}
          name="status"
          label="Status"
          anyLabel="Any status"
          options={Object.entries(WORKSHOP_LIFECYCLE).map(([value, style]) => ({
            value,
            label: style.label,
          }))}
        />
      </FilterBar>
      <DataTable
        ctx={ctx}
        id="workshops"
        caption="Workshops"
        page={page}
        rowKey={(workshop) => workshop.id}
        columns={[
          {
            label: 'Workshop',
            sort: 'title',
            cell: (workshop) => <a href={`/workshops/${workshop.id}`}>{workshop.title}</a>,
          },
          { label: 'Partner', cell: (workshop) => workshop.partnerName },
          { label: 'Kind', cell: (workshop) => `${KIND_LABELS[workshop.kind]}: ${whatInWords(workshop)}` },
          { label: 'Dates', sort: 'date', cell: (workshop) => datesInWords(workshop) },
          {
            label: 'Status',
            cell: (workshop) => <StatusBadge lifecycle={WORKSHOP_LIFECYCLE} status={workshop.status} />,
          },
          {
            label: 'Enrolled',
            numeric: true,
            cell: (workshop) => `${workshop.enrolled ?? 0} of ${workshop.capacity}`,
          },
          { label: 'Waiting', numeric: true, cell: (workshop) => String(workshop.waitlisted ?? 0) },
        ]}
        empty={
          ctx.query.q || ctx.query.kind || ctx.query.status || ctx.query.partner ? (
            <EmptyState title="No workshop matches">
              <a href={ctx.path}>Show every workshop</a>.
            </EmptyState>
          ) : (
            <EmptyState title="No workshop yet">
              Create the first one: it starts as a draft that only its organizers see, until you publish it.
            </EmptyState>
          )
        }
      />
    </Layout>
  );
}

/** Spare session rows the form offers beyond those filled in; blank ones are left out when it is sent. */
const SPARE_SESSIONS = 2;

export function WorkshopFormPage(props: {
  ctx: PageContext;
  form: WorkshopForm;
  courses: readonly Course[];
  partners: readonly { id: string; name: string; programYear: string }[];
  /** The workshop being edited; a new one otherwise. */
  workshop?: Workshop;
}) {
  const { ctx, form, workshop } = props;
  const action = workshop ? `/workshops/${workshop.id}/edit` : '/workshops/new';
  const filledSessions = Object.keys(form.values).filter((name) => /^sessions\.\d+\.date$/.test(name)).length;
  const sessionRows = Math.max(filledSessions, 1) + SPARE_SESSIONS;
  const subjects = [...new Set(props.courses.flatMap((course) => course.subjects))];
  return (
    <Layout ctx={ctx} title={workshop ? `Edit ${workshop.title}` : 'Create a workshop'}>
      <h1>{workshop ? `Edit “${workshop.title}”` : 'Create a workshop'}</h1>
      {!workshop && <p>It starts as a draft that only its organizers see; publish it when it is ready.</p>}
      <Form
        ctx={ctx}
        action={action}
        form={form}
        submit={workshop ? 'Save the workshop' : 'Create the draft'}
      >
        {workshop ? (
          <input type="hidden" name="partnerId" value={workshop.partnerId} />
        ) : (
          <SelectField
            form={form}
            name="partnerId"
            label="Partner"
            placeholder={props.partners.length === 1 ? undefined : 'Choose the partner'}
            options={props.partners.map((partner) => ({
              value: partner.id,
              label: `${partner.name} (${partner.programYear})`,
            }))}
          />
        )}
        <ChoiceField form={form} name="kind" legend="Kind of workshop" type="radio" options={KIND_OPTIONS} />
        <SelectField
          form={form}
          name="courseId"
          label="Course"
          hint="For a course workshop."
          placeholder="Choose the course"
          options={props.courses
            .filter((course) => course.kind === 'course')
            .map((course) => ({ value: course.id, label: course.name }))}
        />
        <SelectField
          form={form}
          name="subject"
          label="Which workshop of the course"
          hint="For a course workshop."
          placeholder="Choose one"
          options={subjects.map((subject) => ({ value: subject, label: subject }))}
        />
        <TextField form={form} name="title" label="Title" maxLength={200} />
        <TextField
          form={form}
          name="topic"
          label="Topic"
          hint="For the partner’s own workshops."
          maxLength={200}
        />
        <TextArea
          form={form}
          name="description"
          label="Description"
          hint={MARKDOWN_HINT}
          rows={6}
          maxLength={20000}
        />
        <ChoiceField
          form={form}
          name="audience"
          legend="Who is it for?"
          type="checkbox"
          options={AUDIENCE_OPTIONS}
        />
        <TextField
          form={form}
          name="capacity"
          label="Seats"
          hint="From 1 to 9,999."
          inputMode="numeric"
          short
        />
        <SelectField
          form={form}
          name="timeZone"
          label="Time zone"
          hint="Session and registration times are in this zone."
          options={TIME_ZONE_OPTIONS}
        />
        <fieldset class="stack">
          <legend>Sessions</legend>
          <p class="hint">Each session is on one day. Leave spare rows blank; save to get more rows.</p>
          {Array.from({ length: sessionRows }, (_, index) => (
            <div class="button-row" key={index} role="group" aria-label={`Session ${index + 1}`}>
              <TextField
                form={form}
                name={`sessions.${index}.date`}
                label={`Session ${index + 1} date`}
                type="date"
              />
              <TextField
                form={form}
                name={`sessions.${index}.start`}
                label={`Session ${index + 1} starts`}
                type="time"
                short
              />
              <TextField
                form={form}
                name={`sessions.${index}.end`}
                label={`Session ${index + 1} ends`}
                type="time"
                short
              />
            </div>
          ))}
        </fieldset>
        <fieldset class="stack">
          <legend>Where</legend>
          <ChoiceField
            form={form}
            name="location.mode"
            legend="In person or virtual"
            type="radio"
            options={[
              { value: 'in_person', label: 'In person' },
              { value: 'virtual', label: 'Virtual' },
            ]}
          />
          <TextField
            form={form}
            name="location.venue"
            label="Venue"
            hint="In person: the building."
            maxLength={200}
          />
          <TextField form={form} name="location.address" label="Street address" maxLength={300} />
          <TextField
            form={form}
            name="location.zip"
            label="ZIP code"
            inputMode="numeric"
            short
            maxLength={10}
          />
          <TextField
            form={form}
            name="location.url"
            label="Link to join"
            hint="Virtual: shown only to those enrolled."
            type="url"
            maxLength={2000}
          />
        </fieldset>
        <DateTimeField
          form={form}
          name="registrationOpensAt"
          label="Registration opens"
          hint="Blank: when you publish."
        />
        <DateTimeField
          form={form}
          name="registrationClosesAt"
          label="Registration closes"
          hint="Blank: when the first session starts."
        />
        <ChoiceField
          form={form}
          name="visibility"
          legend="Who can find it"
          type="radio"
          options={[
            { value: 'public', label: 'Everyone: listed in the workshop catalog' },
            { value: 'invitation', label: 'By invitation only: a private link you share' },
          ]}
        />
      </Form>
      <p>
        <a href={workshop ? `/workshops/${workshop.id}` : organizerListPath(ctx)}>
          {workshop ? 'Back to the workshop, without saving' : 'Back to your workshops'}
        </a>
      </p>
    </Layout>
  );
}

function DateTimeField(props: {
  form: WorkshopForm;
  name: 'registrationOpensAt' | 'registrationClosesAt';
  label: string;
  hint: string;
}) {
  return (
    <Field form={props.form} name={props.name} label={props.label} hint={props.hint}>
      {(attributes) => (
        <input {...attributes} type="datetime-local" value={valueOf(props.form.values, props.name)} />
      )}
    </Field>
  );
}

export type PresenterForm = FormState<PresenterInput>;

export const REMOVE_PRESENTER_CONFIRMATION: Confirmation = {
  title: 'Remove this person from the workshop?',
  message: 'They no longer lead it, and it leaves their calendar. You can assign them again.',
  confirmLabel: 'Remove',
};

/** Who leads the workshop, for its organizers: remove someone, or assign one of the partner's facilitators. */
function PresentersSection(props: {
  ctx: PageContext;
  workshop: Workshop;
  assignable: readonly { facilitatorId: string; name: string }[];
  form: PresenterForm;
}) {
  const { ctx, workshop, form } = props;
  const own = workshop.kind === 'partner_own';
  const assigned = new Set(workshop.facilitators.map((facilitator) => facilitator.facilitatorId));
  const choices = props.assignable.filter((facilitator) => !assigned.has(facilitator.facilitatorId));
  return (
    <section aria-labelledby="facilitators" class="stack">
      <h2 id="facilitators">{own ? 'Presenters' : 'Facilitators'}</h2>
      {workshop.facilitators.length === 0 ? (
        <p>Nobody is assigned yet.</p>
      ) : (
        <ul class="plain-list">
          {workshop.facilitators.map((facilitator) => (
            <li key={facilitator.id}>
              {facilitator.name}{' '}
              {allows(workshop, 'edit') && (
                <ActionButton
                  ctx={ctx}
                  action={`/workshops/${workshop.id}/facilitators/${facilitator.id}/remove`}
                  label={`Remove ${facilitator.name}`}
                  variant="warning"
                  confirm={REMOVE_PRESENTER_CONFIRMATION}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {allows(workshop, 'edit') && (
        <Form ctx={ctx} action={`/workshops/${workshop.id}/facilitators`} form={form} submit="Assign">
          {choices.length > 0 || !own ? (
            <SelectField
              form={form}
              name="facilitatorId"
              label="Facilitator"
              hint={
                own
                  ? 'One of the facilitators your partner contracts, or write a presenter’s name below.'
                  : 'Facilitators your partner contracts for this year who are approved for this course.'
              }
              placeholder={
                choices.length === 0 ? 'No contracted facilitator is approved for this course' : 'Choose one'
              }
              options={choices.map((facilitator) => ({
                value: facilitator.facilitatorId,
                label: facilitator.name,
              }))}
            />
          ) : null}
          {own && <TextField form={form} name="presenterName" label="Presenter’s name" maxLength={200} />}
        </Form>
      )}
      {!own && (
        <p class="hint">
          Contract approved facilitators on <a href="/partner/facilitators">your facilitators page</a>.
        </p>
      )}
    </section>
  );
}
