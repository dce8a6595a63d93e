import type { ComponentChildren } from 'preact';
import { DateTime, StatusBadge, SummaryList, type SummaryRow } from '../../platform/ui/index.js';
import { describeUnit, sortUnits } from '../regions/geography.js';
import { APPLICATION_LIFECYCLE, applicationName, statusLabel } from './applications.lifecycle.js';
import type { Application, ApplicationStep } from './applications.schemas.js';

/* What the applicant's pages and the staff pages both show of an application. */

/** "2 invitations", "1 reviewer". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "Gem State CS Collaborative", or "Untitled application" until the lead organization is named. */
export function nameOf(application: Pick<Application, 'organizations'>): string {
  return applicationName(application.organizations[0]?.name);
}

export function ApplicationStatus({ application }: { application: Pick<Application, 'status'> }) {
  return <StatusBadge lifecycle={APPLICATION_LIFECYCLE} status={application.status} />;
}

/** Where each part of the application is entered: the "check your answers" page links back to it. */
export interface AnswerLinks {
  href: (step: ApplicationStep) => string;
  /** A problem found on submitting, shown beside the part it is about. */
  problemOf?: (step: ApplicationStep) => string | undefined;
}

function withProblem(value: ComponentChildren, problem: string | undefined): ComponentChildren {
  if (!problem) return value;
  return (
    <>
      <p class="error">
        <span class="visually-hidden">Error: </span>
        {problem}
      </p>
      {value}
    </>
  );
}

/** Everything the applicant entered, part by part, as term and value. */
export function ApplicationAnswers({
  application,
  links,
}: {
  application: Application;
  links?: AnswerLinks;
}) {
  const row = (step: ApplicationStep, key: string, label: string, value: ComponentChildren): SummaryRow => ({
    key,
    value: withProblem(value, links?.problemOf?.(step)),
    ...(links ? { change: { href: links.href(step), label } } : {}),
  });
  const rows: SummaryRow[] = [
    row(
      'organizations',
      'Contact person',
      'the contact person',
      application.contactName
        ? `${application.contactName} (${application.contactEmail ?? '—'})`
        : 'Not given yet',
    ),
    row(
      'organizations',
      'Organizations',
      'the organizations',
      application.organizations.length === 0 ? (
        'None yet'
      ) : (
        <ul class="plain-list">
          {application.organizations.map((o, index) => (
            <li key={index}>
              {o.name} — {o.role} ({o.state}){index === 0 ? ', lead' : ''}
            </li>
          ))}
        </ul>
      ),
    ),
    row(
      'region',
      'Proposed regions',
      'the proposed regions',
      application.regions.length === 0
        ? 'None yet'
        : sortUnits(application.regions).map(describeUnit).join('; '),
    ),
    row(
      'staffing',
      'Program managers',
      'the program managers',
      application.staff.length === 0 ? (
        'None yet'
      ) : (
        <ul class="plain-list">
          {application.staff.map((s, index) => (
            <li key={index}>
              {s.name} ({s.email}), {s.fte.toFixed(2)} FTE
            </li>
          ))}
        </ul>
      ),
    ),
    ...application.questions.map((q) =>
      row(
        'narrative',
        q.prompt,
        `the answer to “${q.prompt}”`,
        <span class="preserve-lines">{application.answers[q.id] ?? 'Not answered yet'}</span>,
      ),
    ),
  ];
  return <SummaryList rows={rows} />;
}

/** Every move, with who made it and when. */
export function History({ application }: { application: Application }) {
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <ol class="application-history">
        {application.events.map((e, index) => (
          <li key={index}>
            <DateTime iso={e.at} />: {e.from ? `${statusLabel(e.from)} → ` : ''}
            {statusLabel(e.to)} by {e.actorEmail}
          </li>
        ))}
      </ol>
    </section>
  );
}
