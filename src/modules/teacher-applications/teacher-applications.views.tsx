import type { z } from 'zod';
import { valueOf } from '../../platform/form-values.js';
import {
  ActionButton,
  Button,
  DataTable,
  DateOnly,
  DateTime,
  EmptyState,
  ErrorSummary,
  Field,
  FilterBar,
  FilterSelect,
  Form,
  Layout,
  SelectField,
  StatusBadge,
  SummaryList,
  TextArea,
  TextField,
  formState,
  type Confirmation,
  type FormState,
  type PageContext,
  type Paged,
} from '../../platform/ui/index.js';
import type { getApplyPage, getReviewChoices } from './teacher-applications.service.js';
import type { getSetup, listCohorts } from './teacher-applications.setup.service.js';
import type { PrincipalRequestView } from './teacher-applications.principal.service.js';
import {
  PRINCIPAL_APPROVAL_LIFECYCLE,
  TEACHER_APPLICATION_LIFECYCLE,
  type ApplicationDetail,
  type applicationInputSchema,
  type assignmentInputSchema,
  type cohortCapacityInputSchema,
  type questionsInputSchema,
  type partnerAssignmentInputSchema,
  type principalAnswerInputSchema,
  type principalRequestInputSchema,
  type TeacherApplication,
  type TeacherApplicationSettings,
  type teacherApplicationSettingsInputSchema,
} from './teacher-applications.schemas.js';
import { TEACHER_APPLICATION_STATUSES } from '../../db/schema.js';

export type ApplyForm = FormState<z.input<typeof applicationInputSchema>>;

export const WITHDRAW: Confirmation = {
  title: 'Withdraw this application?',
  message: 'Your partner stops reviewing it, and you cannot apply for this course again this year.',
  confirmLabel: 'Withdraw the application',
};

export const DECLINE: Confirmation = {
  title: 'Decline this application?',
  message: 'The teacher is emailed that there is no place for them in this cohort.',
  confirmLabel: 'Decline the application',
};

function schoolInWords(application: TeacherApplication): string {
  const { school } = application;
  const place = [school.city, school.state].filter(Boolean).join(', ');
  return place ? `${school.name} (${place})` : school.name;
}

/**
 * The teacher's application: the course, found by a GET form (so that its questions can follow), then the
 * school from a directory search or named by hand, and the answers.
 */
export function ApplyPage(props: {
  ctx: PageContext;
  page: Awaited<ReturnType<typeof getApplyPage>>;
  form: ApplyForm;
}) {
  const { ctx, page, form } = props;
  const { year, course } = page;
  const chosen = valueOf(form.values, 'school.id');
  return (
    <Layout ctx={ctx} title={`Apply for a ${year.name} cohort`}>
      <h1>Apply for a {year.name} cohort</h1>
      {page.courses.length === 0 ? (
        <EmptyState title={`No course takes applications for ${year.name} yet`}>
          Program staff open each course to applications; come back later.
        </EmptyState>
      ) : (
        <>
          <form
            method="get"
            action="/teacher-applications/new"
            class="filters"
            role="search"
            aria-label="Course and school"
          >
            <input type="hidden" name="programYear" value={year.name} />
            <div class="field">
              <label for="choose-course">Course</label>
              <select id="choose-course" name="courseId">
                {page.courses.map((option) => (
                  <option key={option.id} value={option.id} selected={option.id === course?.id}>
                    {option.name}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="school-search">Your school’s name or ZIP code</label>
              <input id="school-search" type="search" name="q" value={page.q} maxLength={100} />
            </div>
            <div class="button-row">
              <button type="submit" class="secondary">
                Find your school
              </button>
            </div>
          </form>
          {course === undefined ? (
            <p>Choose the course, and search for your school, to continue.</p>
          ) : (
            <Form ctx={ctx} action="/teacher-applications" form={form} submit="Send your application">
              <input type="hidden" name="programYear" value={year.name} />
              <input type="hidden" name="courseId" value={course.id} />
              {/* The search again, so that a refused form still lists the schools found. */}
              <input type="hidden" name="q" value={page.q} />
              <h2>{course.name}</h2>
              <Field form={form} name="school.id" label="Your school">
                {(attributes) =>
                  page.schools.length === 0 ? (
                    <p id={attributes.id} tabIndex={-1}>
                      {page.q
                        ? `No school in the directory matches “${page.q}”. Search again, or name your school below.`
                        : 'Search for your school above, or name it below.'}
                    </p>
                  ) : (
                    <select {...attributes}>
                      <option value="">My school is not listed</option>
                      {page.schools.map((school) => (
                        <option key={school.id} value={school.id} selected={chosen === school.id}>
                          {school.name}, {school.city}, {school.state} {school.zip}
                        </option>
                      ))}
                    </select>
                  )
                }
              </Field>
              <fieldset class="stack">
                <legend>A school the directory does not list</legend>
                <TextField form={form} name="school.name" label="School name" maxLength={200} />
                <TextField form={form} name="school.zip" label="School ZIP code" inputMode="numeric" short />
              </fieldset>
              <fieldset class="stack">
                <legend>Your principal</legend>
                <TextField
                  form={form}
                  name="principalName"
                  label="Principal’s name"
                  hint="Required when the Regional Partner serving your school asks for your principal’s approval: we then email your principal a link to approve your application. Otherwise you may leave both empty."
                  maxLength={120}
                />
                <TextField form={form} name="principalEmail" label="Principal’s email address" type="email" />
              </fieldset>
              {page.questions.map((question) => (
                <TextArea
                  key={question.id}
                  form={form}
                  name={`answers.${question.id}`}
                  label={question.required ? question.prompt : `${question.prompt} (optional)`}
                  rows={4}
                  maxLength={5000}
                />
              ))}
            </Form>
          )}
        </>
      )}
    </Layout>
  );
}

export function MyApplicationsPage(props: { ctx: PageContext; applications: readonly TeacherApplication[] }) {
  const { ctx, applications } = props;
  return (
    <Layout ctx={ctx} title="My course applications">
      <h1>My course applications</h1>
      {applications.length === 0 ? (
        <EmptyState title="You have not applied for a course yet">
          <a href="/teacher-applications/new">Apply for a cohort</a> of your Regional Partner.
        </EmptyState>
      ) : (
        <ul class="cards">
          {applications.map((application) => (
            <li class="card" key={application.id}>
              <h2>
                {application.courseName} {application.programYear}
              </h2>
              <p>
                <StatusBadge lifecycle={TEACHER_APPLICATION_LIFECYCLE} status={application.status} />{' '}
                {application.partner
                  ? application.partner.name
                  : 'Waiting for program staff to find a partner'}
              </p>
              <p>
                {schoolInWords(application)} · applied <DateOnly iso={application.createdAt} />
              </p>
              <p>
                <a href={`/teacher-applications/${application.id}`}>
                  Your application and its history
                  <span class="visually-hidden">
                    {' '}
                    for {application.courseName} {application.programYear}
                  </span>
                </a>
                {application.workshopId && (
                  <>
                    {' · '}
                    <a href={`/workshops/${application.workshopId}`}>Your workshop</a>
                  </>
                )}
              </p>
              {application.status !== 'withdrawn' && (
                <ActionButton
                  ctx={ctx}
                  action={`/my/teacher-applications/${application.id}/withdraw`}
                  label="Withdraw"
                  variant="warning"
                  confirm={WITHDRAW}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/teacher-applications/new">Apply for another course</a>
      </p>
    </Layout>
  );
}

/** The review list (a partner's, or every one for staff) and staff's queue of unmatched applications. */
export function ReviewListPage(props: {
  ctx: PageContext;
  title: string;
  page: Paged<TeacherApplication>;
  cohorts?: Awaited<ReturnType<typeof listCohorts>>;
  settings?: readonly TeacherApplicationSettings[];
}) {
  const { ctx, page } = props;
  const statuses = [
    ...TEACHER_APPLICATION_STATUSES.map((status) => ({
      value: status,
      label: TEACHER_APPLICATION_LIFECYCLE[status].label,
    })),
    { value: 'unmatched', label: 'No partner yet' },
  ];
  return (
    <Layout ctx={ctx} title={props.title}>
      <h1>{props.title}</h1>
      {props.cohorts && props.cohorts.length > 0 && (
        <SummaryList
          rows={props.cohorts.map((cohort) => ({
            key: `${cohort.courseName} ${cohort.programYear}`,
            value: `${cohort.accepted} of ${cohort.capacity} places taken`,
          }))}
        />
      )}
      {props.settings && props.settings.length > 0 && <SettingsSummary settings={props.settings} />}
      <FilterBar ctx={ctx} label="Filter applications" search="Search by teacher or school">
        <FilterSelect ctx={ctx} name="status" label="Status" options={statuses} anyLabel="Any status" />
      </FilterBar>
      <DataTable
        ctx={ctx}
        id="teacher-applications"
        caption="Teacher applications"
        page={page}
        rowKey={(row) => row.id}
        columns={[
          {
            label: 'Teacher',
            sort: 'teacher',
            cell: (row) => <a href={`/teacher-applications/${row.id}`}>{row.teacher.name}</a>,
          },
          { label: 'Course', cell: (row) => `${row.courseName} ${row.programYear}` },
          { label: 'School', cell: (row) => schoolInWords(row) },
          { label: 'Partner', cell: (row) => row.partner?.name ?? 'None yet' },
          {
            label: 'Status',
            sort: 'status',
            cell: (row) => <StatusBadge lifecycle={TEACHER_APPLICATION_LIFECYCLE} status={row.status} />,
          },
          {
            label: 'Principal',
            cell: (row) =>
              row.principalApproval ? (
                <StatusBadge lifecycle={PRINCIPAL_APPROVAL_LIFECYCLE} status={row.principalApproval} />
              ) : (
                '—'
              ),
          },
          { label: 'Submitted', sort: 'submitted', cell: (row) => <DateTime iso={row.createdAt} /> },
        ]}
        empty={<EmptyState title="No applications match">Choose another status.</EmptyState>}
      />
    </Layout>
  );
}

export type AssignmentForm = FormState<z.input<typeof assignmentInputSchema>>;
export type PrincipalRequestForm = FormState<z.input<typeof principalRequestInputSchema>>;
export type PartnerForm = FormState<z.input<typeof partnerAssignmentInputSchema>>;

/** One application for its reviewer (or its teacher): the facts, the answers, the history, and the actions. */
export function ApplicationPage(props: {
  ctx: PageContext;
  application: ApplicationDetail;
  choices: Awaited<ReturnType<typeof getReviewChoices>>;
  /** A refused decision (a full cohort), said above the buttons. */
  decisionForm?: FormState;
  assignmentForm?: AssignmentForm;
  partnerForm?: PartnerForm;
  principalForm?: PrincipalRequestForm;
}) {
  const { ctx, application, choices } = props;
  const base = `/teacher-applications/${application.id}`;
  const open = application.status !== 'withdrawn';
  const assignmentForm: AssignmentForm = props.assignmentForm ?? formState();
  const partnerForm: PartnerForm = props.partnerForm ?? formState();
  const decidable = open && application.partner !== null && application.enrollmentId === null;
  return (
    <Layout ctx={ctx} title={`Application of ${application.teacher.name}`}>
      <h1>
        {application.teacher.name}: {application.courseName} {application.programYear}
      </h1>
      <p>
        <StatusBadge lifecycle={TEACHER_APPLICATION_LIFECYCLE} status={application.status} />
      </p>
      <SummaryList
        rows={[
          {
            key: 'Email',
            value: <a href={`mailto:${application.teacher.email}`}>{application.teacher.email}</a>,
          },
          {
            key: 'School',
            value: `${schoolInWords(application)}${application.school.ncesId ? ` · NCES ${application.school.ncesId}` : ' · not in the directory'}`,
          },
          { key: 'County', value: application.school.county ?? '—' },
          {
            key: 'Partner',
            value: application.partner
              ? `${application.partner.name} (matched by ${application.matchedBy ?? '—'})`
              : 'No partner serves this school yet',
          },
          ...(application.workshopId
            ? [
                {
                  key: 'Workshop',
                  value: <a href={`/workshops/${application.workshopId}`}>Assigned workshop</a>,
                },
              ]
            : []),
        ]}
      />
      <PrincipalSection
        ctx={ctx}
        application={application}
        reviewer={choices.reviewer}
        form={props.principalForm}
      />
      <h2>Answers</h2>
      {application.answers.length === 0 ? (
        <p>This course asked no questions.</p>
      ) : (
        <SummaryList
          rows={application.answers.map((answer) => ({ key: answer.prompt, value: answer.answer || '—' }))}
        />
      )}
      {choices.reviewer && decidable && (
        <section aria-labelledby="decide-heading">
          <h2 id="decide-heading">Decide</h2>
          {props.decisionForm && <ErrorSummary form={props.decisionForm} />}
          {application.principal.required && application.principal.approval?.status !== 'approved' && (
            <p>
              {application.partner?.name ?? 'The partner'} asks for the principal’s approval: the teacher can
              be accepted once the principal approves. Waitlisting and declining stay open.
            </p>
          )}
          <div class="button-row">
            {application.status === 'submitted' && (
              <ActionButton
                ctx={ctx}
                action={`${base}/review`}
                label="Start the review"
                variant="secondary"
              />
            )}
            {application.status !== 'accepted' && (
              <ActionButton
                ctx={ctx}
                action={`${base}/decision`}
                label="Accept"
                fields={{ decision: 'accepted' }}
              />
            )}
            {application.status !== 'waitlisted' && (
              <ActionButton
                ctx={ctx}
                action={`${base}/decision`}
                label="Waitlist"
                variant="secondary"
                fields={{ decision: 'waitlisted' }}
              />
            )}
            {application.status !== 'declined' && (
              <ActionButton
                ctx={ctx}
                action={`${base}/decline`}
                label="Decline"
                variant="warning"
                confirm={DECLINE}
              />
            )}
          </div>
        </section>
      )}
      {choices.reviewer && application.status === 'accepted' && application.enrollmentId === null && (
        <section aria-labelledby="assign-heading">
          <h2 id="assign-heading">Assign to a workshop</h2>
          {choices.workshops.length === 0 ? (
            <p>
              The partner has no published {application.courseName} workshop of {application.programYear} yet.
            </p>
          ) : (
            <Form ctx={ctx} action={`${base}/assignment`} form={assignmentForm} submit="Enroll the teacher">
              <SelectField
                form={assignmentForm}
                name="workshopId"
                label="Workshop"
                hint="The teacher is enrolled, or put on its waitlist if it is full, and emailed."
                options={choices.workshops.map((workshop) => ({
                  value: workshop.id,
                  label: `${workshop.title} (${workshop.startsAt.slice(0, 10)})`,
                }))}
              />
            </Form>
          )}
        </section>
      )}
      {choices.partners.length > 0 &&
        open &&
        (application.status === 'submitted' || application.status === 'in_review') && (
          <section aria-labelledby="partner-heading">
            <h2 id="partner-heading">
              {application.partner ? 'Pass to another partner' : 'Assign a partner'}
            </h2>
            <Form ctx={ctx} action={`${base}/partner`} form={partnerForm} submit="Assign">
              <SelectField
                form={partnerForm}
                name="partnerId"
                label="Partner"
                placeholder="Choose a partner"
                options={choices.partners.map((partner) => ({ value: partner.id, label: partner.name }))}
              />
            </Form>
          </section>
        )}
      <h2>History</h2>
      <ol class="history">
        {application.events.map((event, index) => (
          <li key={index}>
            <DateTime iso={event.createdAt} /> · {event.actorName ?? 'Someone'}:{' '}
            {event.fromStatus === event.toStatus
              ? event.note
              : `${event.fromStatus ? `${TEACHER_APPLICATION_LIFECYCLE[event.fromStatus].label} → ` : ''}${TEACHER_APPLICATION_LIFECYCLE[event.toStatus].label}${event.note ? ` (${event.note})` : ''}`}
          </li>
        ))}
      </ol>
    </Layout>
  );
}

/**
 * Where the principal's approval stands, for everyone who reads the application; for its reviewers, the
 * request to send (again, or to a corrected address) while no answer is recorded.
 */
function PrincipalSection(props: {
  ctx: PageContext;
  application: ApplicationDetail;
  reviewer: boolean;
  form?: PrincipalRequestForm | undefined;
}) {
  const { ctx, application, reviewer } = props;
  const { principal } = application;
  const { approval } = principal;
  if (!principal.required && !approval) return null;
  const answered = approval?.status === 'approved' || approval?.status === 'declined';
  const undecided = ['submitted', 'in_review', 'waitlisted'].includes(application.status);
  const form: PrincipalRequestForm =
    props.form ?? formState({ principalName: principal.name ?? '', principalEmail: principal.email ?? '' });
  return (
    <section aria-labelledby="principal-heading">
      <h2 id="principal-heading">Principal’s approval</h2>
      <SummaryList
        rows={[
          {
            key: 'Principal',
            value: principal.name ? `${principal.name} (${principal.email ?? 'no address'})` : 'Not named',
          },
          {
            key: 'Approval',
            value: approval ? (
              <>
                <StatusBadge lifecycle={PRINCIPAL_APPROVAL_LIFECYCLE} status={approval.status} />{' '}
                {approval.answeredAt ? (
                  <>
                    on <DateTime iso={approval.answeredAt} />
                  </>
                ) : (
                  <>
                    asked <DateTime iso={approval.requestedAt} />
                  </>
                )}
              </>
            ) : (
              'Not requested yet: the application named no principal, or the partner began asking after it was made.'
            ),
          },
          ...(approval?.comment ? [{ key: 'Principal’s comment', value: approval.comment }] : []),
        ]}
      />
      {reviewer && principal.required && !answered && undecided && (
        <Form
          ctx={ctx}
          action={`/teacher-applications/${application.id}/principal-request`}
          form={form}
          submit={approval ? 'Send the request again' : 'Send the request'}
        >
          <p>
            The principal is emailed a new link to approve or decline
            {approval ? '; the earlier link stops working' : ''}.
          </p>
          <TextField form={form} name="principalName" label="Principal’s name" maxLength={120} />
          <TextField form={form} name="principalEmail" label="Principal’s email address" type="email" />
        </Form>
      )}
    </section>
  );
}

export type PrincipalAnswerForm = FormState<z.input<typeof principalAnswerInputSchema>>;

export const PRINCIPAL_ANSWER: Confirmation = {
  title: 'Send your answer?',
  message: 'Your answer is recorded and the teacher is emailed; it cannot be changed afterwards.',
  confirmLabel: 'Send the answer',
};

/** The principal's page, opened by the emailed link without an account: the application, then the answer. */
export function PrincipalApprovalPage(props: {
  ctx: PageContext;
  token: string;
  request: PrincipalRequestView;
  form?: PrincipalAnswerForm | undefined;
}) {
  const { ctx, request } = props;
  const form: PrincipalAnswerForm = props.form ?? formState();
  const partner = request.partnerName ?? 'The Regional Partner';
  const title = `${request.teacherName}’s application to ${request.courseName} ${request.programYear}`;
  return (
    <Layout ctx={ctx} title="A teacher’s application for your approval">
      <h1>{title}</h1>
      <SummaryList
        rows={[
          { key: 'Teacher', value: request.teacherName },
          { key: 'School', value: request.school },
          { key: 'Course', value: request.courseName },
          { key: 'Program year', value: request.programYear },
          { key: 'Regional Partner', value: partner },
        ]}
      />
      {request.status !== 'pending' ? (
        <>
          {props.form && <ErrorSummary form={props.form} />}
          <p>
            <StatusBadge lifecycle={PRINCIPAL_APPROVAL_LIFECYCLE} status={request.status} /> The application
            was {request.status}
            {request.answeredAt && (
              <>
                {' '}
                on <DateTime iso={request.answeredAt} />
              </>
            )}
            . The answer is recorded and cannot be changed.
          </p>
          {request.comment && <p>Comment: {request.comment}</p>}
        </>
      ) : request.withdrawn ? (
        <p>The teacher withdrew this application, so there is nothing left to approve.</p>
      ) : (
        <Form ctx={ctx} action={`/principal-approvals/${props.token}`} form={form} confirm={PRINCIPAL_ANSWER}>
          <p>
            {partner} asks for your approval{request.principalName ? `, ${request.principalName},` : ''} as
            the teacher’s principal before it can accept the application. The teacher is emailed your answer;
            your comment goes only to the partner and program staff.
          </p>
          <TextArea form={form} name="comment" label="Comment (optional)" rows={3} maxLength={1000} />
          <div class="button-row">
            <Button name="answer" value="approved">
              Approve
            </Button>
            <Button name="answer" value="declined" variant="warning">
              Decline
            </Button>
          </div>
        </Form>
      )}
    </Layout>
  );
}

export type SettingsForm = FormState<z.input<typeof teacherApplicationSettingsInputSchema>>;

export function settingsFormState(settings: TeacherApplicationSettings): SettingsForm {
  return formState({ principalApprovalRequired: settings.principalApprovalRequired ? 'yes' : undefined });
}

/** A partner's settings for its teacher applications, for its program managers and staff. */
export function SettingsPage(props: {
  ctx: PageContext;
  settings: TeacherApplicationSettings;
  form: SettingsForm;
}) {
  const { ctx, settings, form } = props;
  return (
    <Layout ctx={ctx} title={`Teacher application settings: ${settings.partnerName}`}>
      <h1>Teacher application settings</h1>
      <p>{settings.partnerName}</p>
      <Form
        ctx={ctx}
        action={`/partner/teacher-application-settings/${settings.partnerId}`}
        form={form}
        submit="Save the settings"
      >
        <Field
          form={form}
          name="principalApprovalRequired"
          label="Teacher applications need the principal’s approval"
          hint="Teachers applying to you then name their principal, who is emailed a link to approve or decline. You can accept an application once its principal approved it; waitlisting and declining stay open."
        >
          {(attributes) => (
            <input
              {...attributes}
              type="checkbox"
              value="yes"
              checked={valueOf(form.values, 'principalApprovalRequired') === 'yes'}
            />
          )}
        </Field>
      </Form>
    </Layout>
  );
}

/** Where each partner stands on principal approval, with the way to change it. */
function SettingsSummary({ settings }: { settings: readonly TeacherApplicationSettings[] }) {
  return (
    <SummaryList
      rows={settings.map((setting) => ({
        key: `${setting.partnerName}: principal’s approval`,
        value: setting.principalApprovalRequired ? 'Required' : 'Not asked',
        change: {
          href: `/partner/teacher-application-settings/${setting.partnerId}`,
          label: `whether ${setting.partnerName} asks for the principal’s approval`,
        },
      }))}
    />
  );
}

export type QuestionsForm = FormState<z.input<typeof questionsInputSchema>>;
export type CapacityForm = FormState<z.input<typeof cohortCapacityInputSchema>>;

/** Spare rows below a course's questions, to add some without JavaScript. */
const SPARE_QUESTIONS = 2;

/**
 * Staff's setup of a year's teacher applications: each course's questions (setting them opens the course to
 * applications), and each partner's cohort capacities. A refused form comes back in its place.
 */
export function SetupPage(props: {
  ctx: PageContext;
  setup: Awaited<ReturnType<typeof getSetup>>;
  refused?: { courseId: string; form: QuestionsForm } | { partnerId: string; form: CapacityForm };
}) {
  const { ctx, setup, refused } = props;
  const { year } = setup;
  const courseOptions = setup.courses.map((course) => ({ value: course.id, label: course.name }));
  return (
    <Layout ctx={ctx} title={`Teacher applications ${year.name}: setup`}>
      <h1>Teacher applications {year.name}: setup</h1>
      <h2>Questions per course</h2>
      <p>
        Setting a course’s questions (none is a choice too) opens it to teachers’ applications for the year.
      </p>
      {setup.forms.map(({ course, offered, questions }) => {
        const form: QuestionsForm =
          refused && 'courseId' in refused && refused.courseId === course.id
            ? refused.form
            : formState({
                questions: questions.map((q) => ({
                  prompt: q.prompt,
                  required: q.required === 1 ? 'yes' : undefined,
                })),
              });
        const rows = questions.length + SPARE_QUESTIONS;
        return (
          <section key={course.id} aria-labelledby={`course-${course.id}`}>
            <h3 id={`course-${course.id}`}>
              {course.name}{' '}
              <span class="muted">
                {offered ? `open, ${questions.length} questions` : 'not open to applications'}
              </span>
            </h3>
            <Form
              ctx={ctx}
              action={`/staff/teacher-application-forms/${year.name}/${course.id}`}
              form={form}
              submit={offered ? `Save the ${course.name} questions` : `Open ${course.name} to applications`}
              labelledBy={`course-${course.id}`}
            >
              {Array.from({ length: rows }, (_row, index) => (
                <div class="stack" key={index}>
                  <TextField
                    form={form}
                    name={`questions.${index}.prompt`}
                    label={`Question ${index + 1}`}
                    maxLength={500}
                  />
                  <Field form={form} name={`questions.${index}.required`} label="Must be answered">
                    {(attributes) => (
                      <input
                        {...attributes}
                        type="checkbox"
                        value="yes"
                        checked={valueOf(form.values, `questions.${index}.required`) === 'yes'}
                      />
                    )}
                  </Field>
                </div>
              ))}
            </Form>
          </section>
        );
      })}
      <h2>Cohort capacities</h2>
      {setup.partners.length === 0 ? (
        <EmptyState title={`No active partner in ${year.name}`} />
      ) : (
        setup.partners.map((partner) => {
          const form: CapacityForm =
            refused && 'partnerId' in refused && refused.partnerId === partner.id
              ? refused.form
              : formState();
          return (
            <section key={partner.id} aria-labelledby={`partner-${partner.id}`}>
              <h3 id={`partner-${partner.id}`}>{partner.name}</h3>
              <SettingsSummary settings={[partner.settings]} />
              {partner.cohorts.length === 0 ? (
                <p>No capacity set yet: nobody can be accepted.</p>
              ) : (
                <SummaryList
                  rows={partner.cohorts.map((cohort) => ({
                    key: cohort.courseName,
                    value: `${cohort.accepted} of ${cohort.capacity} places taken`,
                  }))}
                />
              )}
              <Form
                ctx={ctx}
                action={`/staff/partners/${partner.id}/cohort-capacity`}
                form={form}
                submit="Set the capacity"
                labelledBy={`partner-${partner.id}`}
              >
                <input type="hidden" name="programYear" value={year.name} />
                <SelectField form={form} name="courseId" label="Course" options={courseOptions} />
                <TextField
                  form={form}
                  name="capacity"
                  label="Teachers in the cohort"
                  inputMode="numeric"
                  short
                />
              </Form>
            </section>
          );
        })
      )}
    </Layout>
  );
}
