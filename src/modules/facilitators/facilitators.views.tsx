import type { Course } from '../courses/courses.schemas.js';
import {
  ActionButton,
  ChoiceField,
  DataTable,
  DateTime,
  EmptyState,
  ErrorSummary,
  FilterBar,
  Form,
  Layout,
  StatusBadge,
  TextArea,
  TextField,
  tableQueryOf,
  type Confirmation,
  type FormState,
  type PageContext,
  type Paged,
} from '../../platform/ui/index.js';
import {
  BIO_MAX,
  DECISION_LIFECYCLE,
  type ApplicationInput,
  type ApprovedFacilitator,
  type Contract,
  type FacilitatorApplication,
  type PartnerFacilitatorList,
} from './facilitators.schemas.js';

export type ApplicationForm = FormState<ApplicationInput>;

export function declineConfirmation(application: FacilitatorApplication, courseName: string): Confirmation {
  return {
    title: `Decline ${application.name} for ${courseName}?`,
    message: `${application.name} will be told by email that they are not approved for ${courseName}. The decision cannot be changed; they may apply again.`,
    confirmLabel: `Decline for ${courseName}`,
  };
}

export function revokeConfirmation(facilitator: { name: string }, course: { name: string }): Confirmation {
  return {
    title: `Revoke ${facilitator.name}’s qualification for ${course.name}?`,
    message: `${facilitator.name} can no longer be assigned to ${course.name} workshops. Workshops they are assigned to already keep them until changed. To qualify them again, they apply anew.`,
    confirmLabel: 'Revoke the qualification',
  };
}

export function endContractConfirmation(contract: Contract, partnerName: string): Confirmation {
  return {
    title: `End the contract with ${contract.name}?`,
    message: `${partnerName} will no longer be able to assign ${contract.name} to its ${contract.programYear} workshops. You can contract them again later.`,
    confirmLabel: 'End the contract',
  };
}

function CourseDecisions({ application }: { application: FacilitatorApplication }) {
  return (
    <ul class="link-list">
      {application.courses.map((course) => (
        <li key={course.courseId}>
          {course.courseName} <StatusBadge lifecycle={DECISION_LIFECYCLE} status={course.decision} />
        </li>
      ))}
    </ul>
  );
}

/** The page where a person applies to facilitate, and follows their applications. */
export function FacilitatePage(props: {
  ctx: PageContext;
  courses: Course[];
  form: ApplicationForm;
  applications: FacilitatorApplication[] | null;
}) {
  const { ctx, courses, form, applications } = props;
  return (
    <Layout ctx={ctx} title="Facilitate workshops">
      <h1>Facilitate workshops</h1>
      <p class="lead">
        Facilitators lead the professional-learning workshops that Regional Partners run for teachers,
        counselors and administrators.
      </p>
      <h2>How it works</h2>
      <ul>
        <li>
          You apply for the courses you want to facilitate; program staff approve or decline each course.
        </li>
        <li>
          A partner need not employ its own facilitators: partners may contract approved facilitators near
          them for a program year. Your home ZIP code tells partners how far you are from their region.
        </li>
        <li>
          Once contracted, a partner can assign you to its workshops of the courses you are approved for.
        </li>
      </ul>
      {applications === null ? (
        <p>
          <a href="/sign-in?next=%2Ffacilitate">Sign in</a> (or create an account) to apply to facilitate.
        </p>
      ) : (
        <>
          {applications.length > 0 && (
            <section aria-labelledby="own-heading">
              <h2 id="own-heading">Your applications</h2>
              <ul class="cards">
                {applications.map((application) => (
                  <li class="card" key={application.id}>
                    <p>
                      Sent <DateTime iso={application.createdAt} />
                    </p>
                    <CourseDecisions application={application} />
                  </li>
                ))}
              </ul>
            </section>
          )}
          <h2 id="apply-heading">Apply to facilitate</h2>
          <Form
            ctx={ctx}
            action="/facilitate"
            form={form}
            submit="Send the application"
            labelledBy="apply-heading"
          >
            <ChoiceField
              form={form}
              name="courseIds"
              legend="Courses you want to facilitate"
              type="checkbox"
              options={courses.map((course) => ({ value: course.id, label: course.name }))}
            />
            <TextField
              form={form}
              name="homeZip"
              label="Your home ZIP code"
              hint="Like 98101. Partners see how far you are from their region."
              inputMode="numeric"
              autoComplete="postal-code"
              short
              required
            />
            <TextArea
              form={form}
              name="bio"
              label="About you"
              hint={`Your teaching and facilitation experience, in a few sentences (at most ${BIO_MAX} characters).`}
              rows={6}
              maxLength={BIO_MAX}
              required
            />
          </Form>
        </>
      )}
    </Layout>
  );
}

function allRows<Row>(rows: Row[]): Paged<Row> {
  const spec = { sorts: ['name'], defaultSort: 'name', defaultDirection: 'asc' } as const;
  return {
    rows,
    total: rows.length,
    query: {
      ...tableQueryOf(spec, { q: '', sort: 'name', dir: undefined, page: 1 }),
      pageSize: Math.max(rows.length, 1),
    },
  };
}

/** Staff's page: the applications waiting, course by course, and the approved facilitators. */
export function StaffFacilitatorsPage(props: {
  ctx: PageContext;
  queue: Paged<FacilitatorApplication>;
  approved: ApprovedFacilitator[];
  refusal?: FormState | undefined;
}) {
  const { ctx, queue, approved } = props;
  return (
    <Layout ctx={ctx} title="Facilitators">
      <h1>Facilitators</h1>
      {props.refusal && <ErrorSummary form={props.refusal} />}
      <h2 id="queue-heading">Applications waiting</h2>
      <FilterBar ctx={ctx} label="Search the applications" search="Search names and emails" />
      <DataTable
        ctx={ctx}
        id="queue"
        caption="Facilitator applications waiting for staff"
        page={queue}
        rowKey={(application) => application.id}
        columns={[
          {
            label: 'Applicant',
            sort: 'name',
            cell: (application) => (
              <>
                {application.name}
                <br />
                <span class="muted">{application.email}</span>
              </>
            ),
          },
          {
            label: 'Received',
            sort: 'received',
            cell: (application) => <DateTime iso={application.createdAt} />,
          },
          { label: 'Home ZIP', cell: (application) => application.homeZip },
          { label: 'About them', cell: (application) => application.bio },
          {
            label: 'Courses',
            cell: (application) => (
              <ul class="link-list">
                {application.courses.map((course) => (
                  <li key={course.courseId}>
                    {course.courseName}{' '}
                    <StatusBadge lifecycle={DECISION_LIFECYCLE} status={course.decision} />
                    {course.decision === 'pending' && (
                      <span class="button-row">
                        <ActionButton
                          ctx={ctx}
                          action={`/staff/facilitators/applications/${application.id}/decisions`}
                          label={`Approve for ${course.courseName}`}
                          variant="secondary"
                          fields={{ courseId: course.courseId, decision: 'approved' }}
                        />
                        <ActionButton
                          ctx={ctx}
                          action={`/staff/facilitators/applications/${application.id}/decisions`}
                          label={`Decline for ${course.courseName}`}
                          variant="warning"
                          fields={{ courseId: course.courseId, decision: 'declined' }}
                          confirm={declineConfirmation(application, course.courseName)}
                        />
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
        empty={
          queue.query.q ? (
            <EmptyState title="No application matches">
              <a href="/staff/facilitators">Show every waiting application</a>.
            </EmptyState>
          ) : (
            <EmptyState title="No application is waiting">
              New applications to facilitate appear here.
            </EmptyState>
          )
        }
      />
      <h2 id="approved-heading">Approved facilitators</h2>
      <DataTable
        ctx={ctx}
        id="approved"
        caption="Approved facilitators"
        captionHidden
        page={allRows(approved)}
        rowKey={(facilitator) => facilitator.facilitatorId}
        columns={[
          {
            label: 'Facilitator',
            cell: (facilitator) => (
              <>
                {facilitator.name}
                <br />
                <span class="muted">{facilitator.email}</span>
              </>
            ),
          },
          { label: 'Home ZIP', cell: (facilitator) => facilitator.homeZip },
          {
            label: 'Approved for',
            cell: (facilitator) => (
              <ul class="link-list">
                {facilitator.qualifications.map((qualification) => (
                  <li key={qualification.courseId}>
                    {qualification.courseName}{' '}
                    <span class="muted">
                      since <DateTime iso={qualification.grantedAt} />
                    </span>{' '}
                    <ActionButton
                      ctx={ctx}
                      action={`/staff/facilitators/${facilitator.facilitatorId}/qualifications/${qualification.courseId}/revoke`}
                      label={`Revoke ${qualification.courseName}`}
                      variant="warning"
                      confirm={revokeConfirmation(facilitator, { name: qualification.courseName })}
                    />
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
        empty={
          <EmptyState title="No approved facilitators yet">
            Approve a course of an application above.
          </EmptyState>
        }
      />
    </Layout>
  );
}

export function PartnerChoicePage(props: {
  ctx: PageContext;
  partners: { id: string; name: string; programYear: string }[];
}) {
  return (
    <Layout ctx={props.ctx} title="Facilitators">
      <h1>Facilitators</h1>
      <p class="lead">You manage several partners. Choose the one whose facilitators you want to see.</p>
      <ul class="link-list">
        {props.partners.map((partner) => (
          <li key={partner.id}>
            <a href={`/partner/facilitators/${partner.id}`}>
              {partner.name} ({partner.programYear})
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** A partner's page: approved facilitators nearest first, to contract, and its standing contracts. */
export function PartnerFacilitatorsPage(props: {
  ctx: PageContext;
  list: PartnerFacilitatorList;
  refusal?: FormState | undefined;
}) {
  const { ctx, list } = props;
  const base = `/partner/facilitators/${list.partnerId}`;
  return (
    <Layout ctx={ctx} title={`Facilitators for ${list.partnerName}`}>
      <h1>
        Facilitators <span class="muted">for {list.partnerName}</span>
      </h1>
      <p class="lead">
        Approved facilitators, nearest to your region first. Contract one for {list.programYear} to assign
        them to your workshops of the courses they are approved for.
      </p>
      {props.refusal && <ErrorSummary form={props.refusal} />}
      <h2 id="contracts-heading">Your contracts</h2>
      <DataTable
        ctx={ctx}
        id="contracts"
        caption="Standing contracts"
        captionHidden
        page={allRows(list.contracts)}
        rowKey={(contract) => contract.id}
        columns={[
          { label: 'Facilitator', cell: (contract) => `${contract.name} (${contract.email})` },
          { label: 'Year', cell: (contract) => contract.programYear },
          { label: 'Since', cell: (contract) => <DateTime iso={contract.createdAt} /> },
          {
            label: 'Contract',
            cell: (contract) => (
              <ActionButton
                ctx={ctx}
                action={`${base}/contracts/${contract.id}/end`}
                label="End contract"
                variant="warning"
                confirm={endContractConfirmation(contract, list.partnerName)}
              />
            ),
          },
        ]}
        empty={<EmptyState title="No contracts yet">Contract an approved facilitator below.</EmptyState>}
      />
      <h2 id="approved-heading">Approved facilitators</h2>
      <DataTable
        ctx={ctx}
        id="nearby"
        caption="Approved facilitators, nearest first"
        captionHidden
        page={allRows(list.facilitators)}
        rowKey={(facilitator) => facilitator.facilitatorId}
        columns={[
          {
            label: 'Facilitator',
            cell: (facilitator) => (
              <>
                {facilitator.name}
                <br />
                <span class="muted">{facilitator.email}</span>
              </>
            ),
          },
          {
            label: 'Approved for',
            cell: (facilitator) => facilitator.courses.map((course) => course.name).join(', '),
          },
          {
            label: 'Distance',
            numeric: true,
            cell: (facilitator) =>
              facilitator.distanceMiles === null ? (
                <span class="muted">Unknown</span>
              ) : (
                `${facilitator.distanceMiles.toLocaleString('en-US')} miles`
              ),
          },
          {
            label: 'Contract',
            cell: (facilitator) =>
              facilitator.contracted ? (
                <span>Contracted for {list.programYear}</span>
              ) : (
                <ActionButton
                  ctx={ctx}
                  action={`${base}/contracts`}
                  label={`Contract for ${list.programYear}`}
                  variant="secondary"
                  fields={{ facilitatorId: facilitator.facilitatorId, programYear: list.programYear }}
                />
              ),
          },
        ]}
        empty={
          <EmptyState title="No approved facilitators yet">
            Program staff approve facilitators; they appear here once approved.
          </EmptyState>
        }
      />
    </Layout>
  );
}
