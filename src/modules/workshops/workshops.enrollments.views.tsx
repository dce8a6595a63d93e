import type { ComponentChildren } from 'preact';
import {
  ActionButton,
  ChoiceField,
  DataTable,
  EmptyState,
  Form,
  Layout,
  StatusBadge,
  Tag,
  TextField,
  type Confirmation,
  type FormState,
  type PageContext,
} from '../../platform/ui/index.js';
import {
  ENROLLMENT_LIFECYCLE,
  ENROLLMENT_ROLES,
  ROLE_LABELS,
  type Enrollment,
  type EnrollmentInput,
} from './workshops.enrollments.schemas.js';
import { CheckInLinks } from './workshops.attendance.views.js';
import type { Workshop } from './workshops.schemas.js';
import { RosterDownloads } from './workshops.certificates.views.js';

export type EnrollmentForm = FormState<EnrollmentInput>;

const ROLE_OPTIONS = ENROLLMENT_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));

/** "Enrolled", or "On the waitlist, number 3". */
export function standingInWords(enrollment: Enrollment): string {
  if (enrollment.status === 'waitlisted')
    return `On the waitlist, number ${enrollment.waitlistPosition ?? '?'}`;
  return ENROLLMENT_LIFECYCLE[enrollment.status].label;
}

export const CANCEL_ENROLLMENT: Confirmation = {
  title: 'Give up your place?',
  message:
    'Your seat, or your place on the waitlist, goes to the next person waiting. Signing up again puts you at the end of the queue.',
  confirmLabel: 'Give up my place',
};

/**
 * The sign-up on a workshop's page: where the signed-in person stands, or the form (name and email only for
 * those not signed in), while registration is open.
 */
export function EnrollPanel(props: {
  ctx: PageContext;
  workshop: Workshop;
  myEnrollment?: Enrollment | undefined;
  form: EnrollmentForm;
  invite?: string | undefined;
}) {
  const { ctx, workshop, myEnrollment, form } = props;
  if (myEnrollment && myEnrollment.status !== 'cancelled') {
    return (
      <section aria-labelledby="enroll-heading" class="stack">
        <h2 id="enroll-heading">Your place</h2>
        <p>
          <StatusBadge lifecycle={ENROLLMENT_LIFECYCLE} status={myEnrollment.status} />{' '}
          {standingInWords(myEnrollment)}.
        </p>
        <ActionButton
          ctx={ctx}
          action={`/enrollments/${myEnrollment.id}/cancel`}
          label={myEnrollment.status === 'waitlisted' ? 'Leave the waitlist' : 'Give up my seat'}
          variant="warning"
          confirm={CANCEL_ENROLLMENT}
        />
      </section>
    );
  }
  if (workshop.registration !== 'open') return null;
  const full = workshop.seatsLeft === 0;
  const action = `/workshops/${workshop.id}/enroll${props.invite ? `?invite=${encodeURIComponent(props.invite)}` : ''}`;
  return (
    <section aria-labelledby="enroll-heading" class="stack">
      <h2 id="enroll-heading">Sign up</h2>
      <p>
        {full
          ? 'The workshop is full: signing up puts you on its waitlist, first come, first served.'
          : `${workshop.seatsLeft} of ${workshop.capacity} seats left.`}
      </p>
      <Form ctx={ctx} action={action} form={form} submit={full ? 'Join the waitlist' : 'Enroll'}>
        {!ctx.actor && (
          <>
            <TextField form={form} name="name" label="Your name" autoComplete="name" maxLength={200} />
            <TextField
              form={form}
              name="email"
              label="Your email address"
              hint="Your confirmation, with a link to manage your place, goes here."
              type="email"
              autoComplete="email"
              maxLength={254}
            />
          </>
        )}
        <ChoiceField form={form} name="role" legend="You are a" type="radio" options={ROLE_OPTIONS} />
        <TextField form={form} name="school" label="School or district (optional)" maxLength={200} />
      </Form>
    </section>
  );
}

/** The page the private link opens: where the person stands, and the way out. */
export function ManageEnrollmentPage(props: {
  ctx: PageContext;
  enrollment: Enrollment;
  workshop: Workshop;
  token?: string | undefined;
  /** Whether the certificate of this enrollment is there to download (the workshop ended, a session attended). */
  certificate: boolean;
}) {
  const { ctx, enrollment, workshop } = props;
  return (
    <Layout ctx={ctx} title="Your place">
      <h1>Your place in “{workshop.title}”</h1>
      <p>
        <StatusBadge lifecycle={ENROLLMENT_LIFECYCLE} status={enrollment.status} />{' '}
        {standingInWords(enrollment)}.
      </p>
      <p>
        <a href={`/workshops/${workshop.id}`}>The workshop’s page</a>, with its sessions and place.
      </p>
      {props.certificate ? (
        <p>
          <a
            href={`/enrollments/${enrollment.id}/certificate.pdf${props.token ? `?token=${encodeURIComponent(props.token)}` : ''}`}
          >
            Your certificate of attendance (PDF)
          </a>
        </p>
      ) : (
        enrollment.status === 'enrolled' && <CheckInLinks workshop={workshop} token={props.token} />
      )}
      {enrollment.status !== 'cancelled' && (
        <ActionButton
          ctx={ctx}
          action={`/enrollments/${enrollment.id}/cancel`}
          label={enrollment.status === 'waitlisted' ? 'Leave the waitlist' : 'Give up my seat'}
          variant="warning"
          confirm={CANCEL_ENROLLMENT}
          fields={props.token ? { token: props.token } : {}}
        />
      )}
    </Layout>
  );
}

/** A workshop's roster for its organizers: everyone in the order they came, with where they stand. */
export function RosterPage(props: {
  ctx: PageContext;
  workshop: Workshop;
  enrollments: readonly Enrollment[];
}) {
  const { ctx, workshop, enrollments } = props;
  const page = {
    rows: [...enrollments],
    total: enrollments.length,
    query: {
      q: '',
      sort: 'order',
      direction: 'asc' as const,
      page: 1,
      pageSize: Math.max(1, enrollments.length),
    },
  };
  return (
    <Layout ctx={ctx} title={`Roster: ${workshop.title}`}>
      <p>
        <a href={`/workshops/${workshop.id}`}>Back to the workshop</a>
        {' · '}
        <a href={`/workshops/${workshop.id}/attendance`}>Attendance and check-in codes</a>
      </p>
      <h1>Roster: {workshop.title}</h1>
      <p>
        {workshop.enrolled ?? 0} enrolled of {workshop.capacity} seats, {workshop.waitlisted ?? 0} waiting.
      </p>
      <RosterDownloads workshop={workshop} />
      <DataTable
        ctx={ctx}
        id="roster"
        caption="Everyone who signed up"
        page={page}
        rowKey={(enrollment) => enrollment.id}
        columns={[
          { label: 'Name', cell: (enrollment) => enrollment.name },
          { label: 'Email', cell: (enrollment) => enrollment.email },
          { label: 'Role', cell: (enrollment) => ROLE_LABELS[enrollment.role] },
          { label: 'School', cell: (enrollment) => enrollment.school ?? '' },
          {
            label: 'Status',
            cell: (enrollment) => (
              <>
                {standingInWords(enrollment)}
                {enrollment.notCompletedAt && (
                  <>
                    {' '}
                    <Tag tone="warning">Not completed</Tag>
                  </>
                )}
              </>
            ),
          },
        ]}
        empty={<EmptyState title="Nobody has signed up yet">Share the workshop’s page.</EmptyState>}
      />
    </Layout>
  );
}

/** A participant's own workshops: where they stand in each. */
export function MyWorkshopsPage(props: {
  ctx: PageContext;
  /** `certificate` when the person attended an ended workshop: their certificate is there to download. */
  entries: readonly { enrollment: Enrollment; workshop: Workshop; certificate: boolean }[];
  /** The person's calendar feed, which has these workshops. */
  feedPanel: ComponentChildren;
}) {
  const { ctx, entries } = props;
  return (
    <Layout ctx={ctx} title="My workshops">
      <h1>My workshops</h1>
      {entries.length === 0 ? (
        <EmptyState title="You have not signed up for a workshop yet">
          <a href="/workshops">Find a workshop</a> near you.
        </EmptyState>
      ) : (
        <ul class="cards">
          {entries.map(({ enrollment, workshop, certificate }) => (
            <li class="card" key={enrollment.id}>
              <h2>
                <a href={`/workshops/${workshop.id}`}>{workshop.title}</a>
              </h2>
              <p>
                <StatusBadge lifecycle={ENROLLMENT_LIFECYCLE} status={enrollment.status} />{' '}
                {standingInWords(enrollment)}
                {' · '}
                {workshop.partnerName}
              </p>
              <p>
                <a href={`/enrollments/${enrollment.id}`}>
                  Manage your place<span class="visually-hidden"> in {workshop.title}</span>
                </a>
              </p>
              {certificate && (
                <p>
                  <a href={`/enrollments/${enrollment.id}/certificate.pdf`}>
                    Certificate<span class="visually-hidden"> of {workshop.title}</span> (PDF)
                  </a>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {props.feedPanel}
    </Layout>
  );
}
