import QRCode from 'qrcode';
import {
  ActionButton,
  DataTable,
  DateTime,
  EmptyState,
  ErrorSummary,
  Form,
  Layout,
  Tag,
  TextField,
  formatDateTime,
  type Confirmation,
  type FormState,
  type PageContext,
} from '../../platform/ui/index.js';
import { valueOf, valuesOf } from '../../platform/form-values.js';
import type { CheckInWindow } from './workshops.attendance.check-in.js';
import type { CheckInInput } from './workshops.attendance.schemas.js';
import type { AttendanceSheet, CheckInSession, SheetSession } from './workshops.attendance.service.js';
import type { Workshop } from './workshops.schemas.js';

/** The fields of a roster form that are lists even with one value or none. */
export const ROSTER_FORM_LISTS = ['enrollmentIds', 'present'] as const;

export const MARK_NOT_COMPLETED: Confirmation = {
  title: 'Mark as not completed?',
  message:
    'The enrollment stays, with its attendance, but counts as not completed. This cannot be undone here.',
  confirmLabel: 'Mark as not completed',
};

/** A session's QR code, as inline SVG: it says the check-in page's address, with the code filled in. */
export function qrCodeSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', margin: 2 });
}

/** "ABC DEF": the code in two halves, read aloud and copied more easily. */
function spacedCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}

function windowInWords(window: CheckInWindow, timeZone: string): string {
  const opens = formatDateTime(window.opensAt, timeZone);
  const closes = formatDateTime(window.closesAt, timeZone);
  if (window.state === 'early') return `Check-in opens at ${opens} and closes at ${closes}.`;
  if (window.state === 'open') return `Check-in is open until ${closes}.`;
  return `Check-in closed at ${closes}.`;
}

function SessionAttendance(props: {
  ctx: PageContext;
  sheet: AttendanceSheet;
  session: SheetSession;
  qrSvg: string;
  /** The refused form of this session, shown again with what was ticked. */
  form?: FormState | undefined;
}) {
  const { ctx, sheet, session, form } = props;
  const timeZone = sheet.workshop.timeZone;
  const headingId = `session-${session.id}-heading`;
  const present = form
    ? new Set(valuesOf(form.values, 'present'))
    : new Set(
        sheet.marks
          .filter((mark) => mark.sessionId === session.id && mark.present)
          .map((mark) => mark.enrollmentId),
      );
  const marked = new Set(
    sheet.marks.filter((mark) => mark.sessionId === session.id).map((mark) => mark.enrollmentId),
  );
  return (
    <section id={`session-${session.id}`} aria-labelledby={headingId} class="stack">
      <h2 id={headingId}>
        Session {session.number}: <DateTime iso={session.startsAt} timeZone={timeZone} />
      </h2>
      <div class="check-in">
        <figure class="qr-code">
          {/* The SVG is the qrcode library's drawing of our own address: paths only, nothing to run. */}
          <div
            role="img"
            aria-label={`QR code of the check-in page for session ${session.number}`}
            dangerouslySetInnerHTML={{ __html: props.qrSvg }}
          />
          <figcaption>
            <a href={session.checkInUrl}>The check-in page</a>
          </figcaption>
        </figure>
        <div class="stack">
          <p>
            Check-in code: <strong class="check-in-code">{spacedCode(session.checkInCode)}</strong>
          </p>
          <p>{windowInWords(session.window, timeZone)}</p>
          <p class="hint">
            Show the code or the QR code in the room; participants enter the code on the check-in page.
          </p>
        </div>
      </div>
      {sheet.enrolled.length === 0 ? (
        <EmptyState title="Nobody is enrolled yet">Attendance is kept for those with a seat.</EmptyState>
      ) : (
        <Form
          ctx={ctx}
          action={`/sessions/${session.id}/attendance`}
          labelledBy={headingId}
          submit={`Save attendance of session ${session.number}`}
        >
          {form && <ErrorSummary form={form} />}
          <fieldset class="field choices" id={form ? 'field-present' : undefined}>
            <legend>Present at session {session.number}</legend>
            {sheet.enrolled.map((person, index) => {
              const id = `session-${session.id}-person-${index}`;
              return (
                <div class="choice" key={person.id}>
                  <input type="hidden" name="enrollmentIds" value={person.id} />
                  <input
                    type="checkbox"
                    id={id}
                    name="present"
                    value={person.id}
                    checked={present.has(person.id)}
                  />
                  <label for={id}>
                    {person.name} <span class="muted">({person.email})</span>
                    {!marked.has(person.id) && <span class="muted"> · not marked yet</span>}
                  </label>
                </div>
              );
            })}
          </fieldset>
        </Form>
      )}
    </section>
  );
}

/**
 * A workshop's attendance for its organizers and facilitators: per session its check-in code and QR code, and
 * a roster form with a box per enrolled person; then, for organizers, who completed it.
 */
export function AttendancePage(props: {
  ctx: PageContext;
  sheet: AttendanceSheet;
  qrCodes: ReadonlyMap<string, string>;
  /** A refused form shown again: a session's roster, or (without a session) an action on the page. */
  refused?: { sessionId?: string | undefined; form: FormState } | undefined;
}) {
  const { ctx, sheet } = props;
  const workshop = sheet.workshop;
  const attended = (enrollmentId: string) =>
    sheet.marks.filter((mark) => mark.enrollmentId === enrollmentId && mark.present).length;
  return (
    <Layout ctx={ctx} title={`Attendance: ${workshop.title}`}>
      <p>
        <a href={`/workshops/${workshop.id}`}>Back to the workshop</a>
        {sheet.organizer && (
          <>
            {' · '}
            <a href={`/workshops/${workshop.id}/roster`}>Roster</a>
          </>
        )}
      </p>
      <h1>Attendance: {workshop.title}</h1>
      {props.refused && props.refused.sessionId === undefined && <ErrorSummary form={props.refused.form} />}
      <p>Times are in the workshop’s time zone ({workshop.timeZone}).</p>
      {sheet.sessions.map((session) => (
        <SessionAttendance
          key={session.id}
          ctx={ctx}
          sheet={sheet}
          session={session}
          qrSvg={props.qrCodes.get(session.id) ?? ''}
          form={props.refused?.sessionId === session.id ? props.refused.form : undefined}
        />
      ))}
      {sheet.organizer && sheet.enrolled.length > 0 && (
        <section aria-labelledby="completion-heading" class="stack">
          <h2 id="completion-heading">Completion</h2>
          <p>
            Someone with attendance cannot be cancelled; mark them as not completed instead when they did not
            finish the workshop.
          </p>
          <DataTable
            ctx={ctx}
            id="completion"
            caption="Enrolled people"
            captionHidden
            page={{
              rows: sheet.enrolled,
              total: sheet.enrolled.length,
              query: { q: '', sort: 'order', direction: 'asc', page: 1, pageSize: sheet.enrolled.length },
            }}
            rowKey={(person) => person.id}
            columns={[
              { label: 'Name', cell: (person) => person.name },
              {
                label: 'Sessions attended',
                numeric: true,
                cell: (person) => `${attended(person.id)} of ${sheet.sessions.length}`,
              },
              {
                label: 'Completion',
                cell: (person) =>
                  person.notCompletedAt ? (
                    <Tag tone="warning">Not completed</Tag>
                  ) : (
                    <ActionButton
                      ctx={ctx}
                      action={`/enrollments/${person.id}/not-completed`}
                      label="Mark as not completed"
                      variant="warning"
                      confirm={MARK_NOT_COMPLETED}
                    />
                  ),
              },
            ]}
            empty={null}
          />
        </section>
      )}
    </Layout>
  );
}

/** Back to this page after signing in, with the code the QR code filled in. */
function signInReturn(sessionId: string, form: FormState<CheckInInput>): string {
  const code = valueOf(form.values, 'code');
  return `/sessions/${sessionId}/check-in${code ? `?code=${encodeURIComponent(code)}` : ''}`;
}

/** The page the QR code opens: the session, whether check-in is open, and the code to enter. */
export function CheckInPage(props: {
  ctx: PageContext;
  session: CheckInSession;
  window: CheckInWindow;
  form: FormState<CheckInInput>;
  token?: string | undefined;
}) {
  const { ctx, session, form, token } = props;
  const action = `/sessions/${session.id}/check-in${token ? `?token=${encodeURIComponent(token)}` : ''}`;
  const canCheckIn = ctx.actor !== null || token !== undefined;
  return (
    <Layout ctx={ctx} title="Check in">
      <h1>Check in</h1>
      <p>
        “{session.workshopTitle}”, the session of{' '}
        <DateTime iso={session.startsAt} timeZone={session.timeZone} />.
      </p>
      <p>{windowInWords(props.window, session.timeZone)}</p>
      {canCheckIn ? (
        <Form ctx={ctx} action={action} form={form} submit="Check in">
          <TextField
            form={form}
            name="code"
            label="The code shown in the room"
            hint="Six letters and digits."
            autoComplete="off"
            maxLength={40}
            short
          />
          {token && <input type="hidden" name="token" value={token} />}
        </Form>
      ) : (
        <p>
          <a href={`/sign-in?next=${encodeURIComponent(signInReturn(session.id, form))}`}>Sign in</a> to check
          in, or open the link in your confirmation email (to manage your place) and choose this session’s
          check-in there.
        </p>
      )}
    </Layout>
  );
}

/** On an enrolled person's own page: each session's check-in page, with their private token when they use it. */
export function CheckInLinks({ workshop, token }: { workshop: Workshop; token?: string | undefined }) {
  return (
    <section aria-labelledby="check-in-heading" class="stack">
      <h2 id="check-in-heading">Checking in</h2>
      <p>At each session, open its check-in page and enter the code shown in the room.</p>
      <ul class="plain-list">
        {workshop.sessions.map((session, index) => (
          <li key={session.id}>
            <a href={`/sessions/${session.id}/check-in${token ? `?token=${encodeURIComponent(token)}` : ''}`}>
              Check in to session {index + 1}
            </a>
            , <DateTime iso={session.startsAt} timeZone={workshop.timeZone} />
          </li>
        ))}
      </ul>
    </section>
  );
}
