import {
  EmptyState,
  Layout,
  StatCards,
  StatusBadge,
  type PageContext,
  type Stat,
} from '../../platform/ui/index.js';
import { PersonalFeedPanel } from '../calendars/calendars.views.js';
import { WORKSHOP_LIFECYCLE, type Workshop } from '../workshops/workshops.schemas.js';
import { sessionInWords } from '../workshops/workshops.views.js';
import type { partnerDashboard, staffDashboard } from './home.service.js';

/** Where staff go from their dashboard, grouped as the program is. */
const STAFF_PLACES = [
  {
    heading: 'Partners',
    links: [
      { href: '/staff/partners', label: 'Partners and their regions' },
      { href: '/staff/invitations', label: 'Program manager invitations' },
      { href: '/staff/applications', label: 'Partner applications' },
      { href: '/staff/years', label: 'Program years' },
      { href: '/staff/imports', label: 'Import partners or regions (CSV)' },
      { href: '/staff/schools', label: 'School directory' },
      { href: '/staff/recruitment', label: 'Every partner’s recruitment progress' },
    ],
  },
  {
    heading: 'Workshops',
    links: [
      { href: '/staff/workshops', label: 'Every partner’s workshops' },
      { href: '/staff/courses', label: 'Courses and their subjects' },
      { href: '/staff/facilitators', label: 'Facilitators and their applications' },
    ],
  },
  {
    heading: 'Teachers',
    links: [
      { href: '/teacher-applications', label: 'Every teacher application' },
      {
        href: '/staff/teacher-applications/setup',
        label: 'Teacher application questions and cohort capacities',
      },
      {
        href: '/staff/teacher-applications?status=unmatched',
        label: 'Teacher applications without a partner',
      },
    ],
  },
  {
    heading: 'Content',
    links: [
      { href: '/staff/press-releases', label: 'Press releases' },
      { href: '/staff/resources', label: 'Resources' },
      { href: '/staff/faq', label: 'The FAQ' },
    ],
  },
  {
    heading: 'Messages',
    links: [
      { href: '/inbox', label: 'Inquiries' },
      { href: '/staff/outbox', label: 'Outbox' },
    ],
  },
] as const;

function Places({
  groups,
}: {
  groups: readonly { heading: string; links: readonly { href: string; label: string }[] }[];
}) {
  return (
    <nav aria-labelledby="places-heading" class="places">
      <h2 id="places-heading">Everything else</h2>
      <div class="cards">
        {groups.map((group) => (
          <section class="card" key={group.heading} aria-label={group.heading}>
            <h3>{group.heading}</h3>
            <ul class="link-list">
              {group.links.map((link) => (
                <li key={link.href}>
                  <a href={link.href}>{link.label}</a>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </nav>
  );
}

export function StaffHomePage(props: {
  ctx: PageContext;
  dashboard: Awaited<ReturnType<typeof staffDashboard>>;
  mailDelivered: boolean;
}) {
  const { ctx, dashboard } = props;
  const applications = (status: 'submitted' | 'in_review' | 'interview') =>
    dashboard.applications[status] ?? 0;
  const stats: Stat[] = [
    {
      label: 'new partner applications',
      value: applications('submitted'),
      href: '/staff/applications?status=submitted',
      tone: 'warning',
    },
    {
      label: 'applications in review',
      value: applications('in_review'),
      href: '/staff/applications?status=in_review',
      tone: 'progress',
    },
    {
      label: 'applications at interview',
      value: applications('interview'),
      href: '/staff/applications?status=interview',
      tone: 'progress',
    },
    {
      label: 'press releases to review',
      value: dashboard.pressReleases.submitted,
      href: '/staff/press-releases?status=submitted',
      tone: 'warning',
    },
    {
      label: 'facilitator applications waiting',
      value: dashboard.facilitatorApplications,
      href: '/staff/facilitators',
      tone: 'warning',
    },
    {
      label: 'open inquiries',
      value: dashboard.inbox.open,
      href: '/inbox?status=open',
      tone: 'warning',
    },
    {
      label: 'unread inquiries',
      value: dashboard.inbox.unread,
      href: '/inbox?status=all&unread=yes',
      tone: 'info',
    },
    {
      label: 'invitations not yet accepted',
      value: dashboard.pendingInvitations,
      href: '/staff/invitations?status=pending',
      tone: 'info',
    },
    ...(props.mailDelivered
      ? [
          {
            label: 'emails failed to send',
            value: dashboard.failedMail,
            href: '/staff/outbox?status=failed',
            tone: 'danger' as const,
          },
        ]
      : []),
  ];
  return (
    <Layout ctx={ctx} title="Staff">
      <h1>Program staff</h1>
      <p class="lead">Welcome, {ctx.actor?.name}. This is what is waiting for program staff.</p>
      <StatCards label="Waiting for program staff" stats={stats} />
      {!props.mailDelivered && (
        <p>
          No SMTP server is configured: the portal’s email is kept in the <a href="/staff/outbox">outbox</a>.
        </p>
      )}
      <Places groups={STAFF_PLACES} />
    </Layout>
  );
}

export function PartnerHomePage(props: {
  ctx: PageContext;
  dashboard: Awaited<ReturnType<typeof partnerDashboard>>;
}) {
  const { ctx, dashboard } = props;
  const releases = dashboard.pressReleases;
  const stats: Stat[] = [
    { label: 'open inquiries', value: dashboard.inbox.open, href: '/inbox?status=open', tone: 'warning' },
    {
      label: 'press releases to revise',
      value: releases.changes_requested,
      href: '/partner/press-releases?status=changes_requested',
      tone: 'warning',
    },
    {
      label: 'press release drafts',
      value: releases.draft,
      href: '/partner/press-releases?status=draft',
      tone: 'info',
    },
    {
      label: 'press releases waiting for staff',
      value: releases.submitted,
      href: '/partner/press-releases?status=submitted',
    },
    {
      label: 'unread inquiries',
      value: dashboard.inbox.unread,
      href: '/inbox?status=all&unread=yes',
      tone: 'info',
    },
  ];
  return (
    <Layout ctx={ctx} title="Your partner">
      <h1>Your partner</h1>
      <p class="lead">Welcome, {ctx.actor?.name}. This is what is waiting for you.</p>
      <StatCards label="Waiting for you" stats={stats} />
      <p>
        <a href="/teacher-applications">Teacher applications to your cohorts</a>
      </p>
      <section aria-labelledby="listing-heading" class="partner-listings">
        <h2 id="listing-heading">Your public listing</h2>
        <p>What the finder and the directory show people looking for their Regional Partner.</p>
        <ul class="cards">
          {dashboard.listings.map((listing) => (
            <li class="card" key={listing.id}>
              <h3>
                {listing.name} <span class="muted">({listing.programYear})</span>
              </h3>
              <p>
                Contact: {listing.contactName}, {listing.contactEmail}
              </p>
              <a href={`/partner/listing/${listing.id}`}>
                Check or change the listing<span class="visually-hidden"> of {listing.name}</span>
              </a>
            </li>
          ))}
        </ul>
      </section>
      <Places
        groups={[
          {
            heading: 'Your partner',
            links: [
              { href: '/inbox', label: 'Inquiries' },
              { href: '/partner/press-releases', label: 'Press releases' },
              { href: '/partner/listing', label: 'Your public listing' },
              { href: '/partner/recruitment', label: 'Recruiting districts and schools' },
              { href: '/partner/recruitment/progress', label: 'Recruitment goals and progress' },
            ],
          },
          {
            heading: 'Workshops',
            links: [
              { href: '/partner/workshops', label: 'Your workshops' },
              { href: '/workshops/new', label: 'Create a workshop' },
              { href: '/partner/facilitators', label: 'Facilitators you contract' },
            ],
          },
        ]}
      />
    </Layout>
  );
}

/** A facilitator's home: the workshops they lead, soonest first, and their calendar feed. */
export function FacilitatorHomePage(props: {
  ctx: PageContext;
  workshops: readonly Workshop[];
  feedUrl: string;
}) {
  const { ctx, workshops } = props;
  return (
    <Layout ctx={ctx} title="Your workshops">
      <h1>Your workshops</h1>
      <p class="lead">Welcome, {ctx.actor?.name}. These are the workshops you lead.</p>
      {workshops.length === 0 ? (
        <EmptyState title="No workshop assigned yet">
          Partners that contract you assign you to their workshops; they appear here and in your calendar
          feed.
        </EmptyState>
      ) : (
        <ul class="cards">
          {workshops.map((workshop) => (
            <li class="card" key={workshop.id}>
              <h2>
                <a href={`/workshops/${workshop.id}`}>{workshop.title}</a>
              </h2>
              <p>
                <StatusBadge lifecycle={WORKSHOP_LIFECYCLE} status={workshop.status} /> {workshop.partnerName}
              </p>
              <ol class="plain-list">
                {workshop.sessions.map((session) => (
                  <li key={session.id}>
                    <time dateTime={session.startsAt}>{sessionInWords(session, workshop.timeZone)}</time>
                  </li>
                ))}
              </ol>
              {workshop.location.mode === 'virtual' && workshop.location.url && (
                <p>
                  Online: <a href={workshop.location.url}>{workshop.location.url}</a>
                </p>
              )}
              <p>
                <a href={`/workshops/${workshop.id}/attendance`}>
                  Attendance and check-in codes<span class="visually-hidden"> of {workshop.title}</span>
                </a>
              </p>
            </li>
          ))}
        </ul>
      )}
      <PersonalFeedPanel ctx={ctx} url={props.feedUrl} />
      <p>
        <a href="/facilitate">Apply to facilitate another course</a>
      </p>
    </Layout>
  );
}
