import type { FieldError } from '../../platform/errors.js';
import { FieldErrorSummary, FormField } from '../../platform/legacy-forms.js';
import { Layout, type PageContext } from '../../platform/page.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import type { Partner } from './partners.schemas.js';
import { describeUnit } from '../regions/geography.js';

export function PartnerListPage(props: {
  ctx: PageContext;
  year: ProgramYear;
  years: ProgramYear[];
  partners: Partner[];
}) {
  const { ctx, year, partners } = props;
  return (
    <Layout ctx={ctx} title="Partners">
      <h1>Partners {year.name}</h1>
      <form method="get" action="/staff/partners" class="button-row">
        <label for="year-filter">Program year</label>
        <select id="year-filter" name="year">
          {props.years.map((y) => (
            <option key={y.id} value={y.name} selected={y.name === year.name}>
              {y.name}
              {y.isCurrent ? ' (current)' : ''}
            </option>
          ))}
        </select>
        <button type="submit" class="secondary">
          Show
        </button>
      </form>
      <p>
        <a class="button" href={`/staff/partners/new?year=${year.name}`}>
          Add a partner
        </a>{' '}
        <a href="/staff/imports">Import partners or regions from a CSV file</a> ·{' '}
        <a href="/staff/years">Program years</a>
      </p>
      {partners.length === 0 ? (
        <p>No partners in {year.name} yet.</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">Partners of {year.name}</caption>
          <thead>
            <tr>
              <th scope="col">Partner</th>
              <th scope="col">Public contact</th>
              <th scope="col">Regions</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {partners.map((partner) => (
              <tr key={partner.id}>
                <td>
                  <a href={`/staff/partners/${partner.id}`}>{partner.name}</a>
                </td>
                <td>
                  {partner.contactName} · {partner.contactEmail}
                </td>
                <td>
                  {partner.regions.length === 0 ? 'None yet' : partner.regions.map(describeUnit).join('; ')}
                </td>
                <td>{partner.active ? 'Active' : 'Inactive'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export interface PartnerFormValues {
  programYear: string;
  name: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
  website: string;
  address: string;
  coursesOffered: string;
  active: boolean;
  organizations: { name: string; role: string }[];
}

export function partnerFormValues(partner: Partner): PartnerFormValues {
  return {
    ...partner,
    contactPhone: partner.contactPhone ?? '',
    website: partner.website ?? '',
    address: partner.address ?? '',
    coursesOffered: partner.coursesOffered.join('\n'),
  };
}

const SPARE_ORGANIZATION_ROWS = 2;

export function PartnerFormPage(props: {
  ctx: PageContext;
  mode: 'new' | 'edit';
  partnerId?: string;
  years: ProgramYear[];
  values: PartnerFormValues;
  errors?: FieldError[];
}) {
  const { ctx, mode, values, errors = [] } = props;
  const title = mode === 'new' ? 'Add a partner' : `Edit ${values.name}`;
  const organizations = [
    ...values.organizations,
    ...Array.from({ length: SPARE_ORGANIZATION_ROWS }, () => ({ name: '', role: '' })),
  ];
  const organizationsError = errors.find((e) => e.path === 'organizations');
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <FieldErrorSummary errors={errors} />
      <form
        method="post"
        action={mode === 'new' ? '/staff/partners/new' : `/staff/partners/${props.partnerId ?? ''}/edit`}
        class="stack"
        noValidate
      >
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        {mode === 'new' ? (
          <FormField name="programYear" label="Program year" errors={errors}>
            {(attrs) => (
              <select {...attrs}>
                {props.years.map((year) => (
                  <option key={year.id} value={year.name} selected={year.name === values.programYear}>
                    {year.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        ) : (
          <input type="hidden" name="programYear" value={values.programYear} />
        )}
        <FormField name="name" label="Partner name" errors={errors}>
          {(attrs) => <input {...attrs} type="text" value={values.name} required />}
        </FormField>
        <fieldset class="stack">
          <legend>Member organizations</legend>
          <p class="hint">One organization, or several for a joint partnership, each with its role.</p>
          {organizationsError && <p class="error">{organizationsError.message}</p>}
          {organizations.map((organization, index) => (
            <div class="row" key={index}>
              <FormField
                name={`organizations.${index}.name`}
                label={`Organization ${index + 1}`}
                errors={errors}
              >
                {(attrs) => <input {...attrs} type="text" value={organization.name} />}
              </FormField>
              <FormField
                name={`organizations.${index}.role`}
                label={`Role of organization ${index + 1}`}
                errors={errors}
              >
                {(attrs) => <input {...attrs} type="text" value={organization.role} />}
              </FormField>
            </div>
          ))}
        </fieldset>
        <FormField name="contactName" label="Public contact name" errors={errors}>
          {(attrs) => <input {...attrs} type="text" value={values.contactName} required />}
        </FormField>
        <FormField name="contactEmail" label="Public contact email" errors={errors}>
          {(attrs) => <input {...attrs} type="email" value={values.contactEmail} required />}
        </FormField>
        <FormField name="contactPhone" label="Public contact phone (optional)" errors={errors}>
          {(attrs) => <input {...attrs} type="text" value={values.contactPhone} />}
        </FormField>
        <FormField name="website" label="Website (optional)" errors={errors}>
          {(attrs) => <input {...attrs} type="text" value={values.website} placeholder="https://" />}
        </FormField>
        <FormField name="address" label="Address (optional)" errors={errors}>
          {(attrs) => <input {...attrs} type="text" value={values.address} />}
        </FormField>
        <FormField
          name="coursesOffered"
          label="Courses offered"
          hint="One per line, e.g. CS Principles."
          errors={errors}
        >
          {(attrs) => (
            <textarea {...attrs} rows={4}>
              {values.coursesOffered}
            </textarea>
          )}
        </FormField>
        <div class="field">
          <input type="hidden" name="active" value="false" />
          <label>
            <input type="checkbox" name="active" value="true" checked={values.active} /> Active (shown in the
            finder and the directory)
          </label>
        </div>
        <div class="button-row">
          <button type="submit">Save</button>
          <a href={mode === 'new' ? '/staff/partners' : `/staff/partners/${props.partnerId ?? ''}`}>Cancel</a>
        </div>
      </form>
    </Layout>
  );
}

export function PartnerDetailPage(props: {
  ctx: PageContext;
  partner: Partner;
  managers: { name: string; email: string }[];
  invitations: { email: string; createdAt: string; expiresAt: string; acceptedAt: string | null }[];
  regionErrors?: FieldError[];
  regionValue?: string;
  inviteErrors?: FieldError[];
  inviteValue?: string;
}) {
  const { ctx, partner } = props;
  return (
    <Layout ctx={ctx} title={partner.name}>
      <h1>{partner.name}</h1>
      <p>
        {partner.programYear} · {partner.active ? 'Active' : 'Inactive'} ·{' '}
        <a href={`/staff/partners/${partner.id}/edit`}>Edit details</a> ·{' '}
        <a href={`/staff/partners?year=${partner.programYear}`}>All partners</a>
      </p>
      <dl class="details">
        <dt>Member organizations</dt>
        <dd>
          <ul>
            {partner.organizations.map((o, index) => (
              <li key={index}>
                {o.name} — {o.role}
              </li>
            ))}
          </ul>
        </dd>
        <dt>Public contact</dt>
        <dd>
          {partner.contactName}, <a href={`mailto:${partner.contactEmail}`}>{partner.contactEmail}</a>
          {partner.contactPhone && `, ${partner.contactPhone}`}
        </dd>
        {partner.website && (
          <>
            <dt>Website</dt>
            <dd>
              <a href={partner.website}>{partner.website}</a>
            </dd>
          </>
        )}
        {partner.address && (
          <>
            <dt>Address</dt>
            <dd>{partner.address}</dd>
          </>
        )}
        <dt>Courses offered</dt>
        <dd>{partner.coursesOffered.length ? partner.coursesOffered.join(', ') : 'None listed'}</dd>
      </dl>

      <section aria-labelledby="regions-title">
        <h2 id="regions-title">Regions</h2>
        {partner.regions.length === 0 ? (
          <p>This partner serves no region yet.</p>
        ) : (
          <ul class="region-list">
            {partner.regions.map((unit) => (
              <li key={unit}>
                {describeUnit(unit)}{' '}
                <a href={`/staff/partners/${partner.id}/regions/${encodeURIComponent(unit)}/remove`}>
                  Remove<span class="visually-hidden"> {describeUnit(unit)}</span>
                </a>
              </li>
            ))}
          </ul>
        )}
        <FieldErrorSummary errors={props.regionErrors ?? []} />
        <form method="post" action={`/staff/partners/${partner.id}/regions`} class="stack">
          <input type="hidden" name="_csrf" value={ctx.csrf()} />
          <FormField
            name="region"
            label="Add a region"
            hint="A state (WA), a county (WA:King) or a ZIP code (98101). A finer unit carves out of a coarser one."
            errors={props.regionErrors ?? []}
          >
            {(attrs) => <input {...attrs} type="text" value={props.regionValue ?? ''} />}
          </FormField>
          <div class="button-row">
            <button type="submit">Add the region</button>
          </div>
        </form>
      </section>

      <section aria-labelledby="people-title">
        <h2 id="people-title">Program managers</h2>
        {props.managers.length === 0 ? (
          <p>No program manager yet.</p>
        ) : (
          <ul>
            {props.managers.map((m) => (
              <li key={m.email}>
                {m.name} ({m.email})
              </li>
            ))}
          </ul>
        )}
        {props.invitations.length > 0 && (
          <>
            <h3>Invitations</h3>
            <ul>
              {props.invitations.map((invitation, index) => (
                <li key={index}>
                  {invitation.email} — sent {invitation.createdAt.slice(0, 10)},{' '}
                  {invitation.acceptedAt
                    ? `accepted ${invitation.acceptedAt.slice(0, 10)}`
                    : `valid until ${invitation.expiresAt.slice(0, 10)}`}
                </li>
              ))}
            </ul>
          </>
        )}
        <FieldErrorSummary errors={props.inviteErrors ?? []} />
        <form method="post" action={`/staff/partners/${partner.id}/invitations`} class="stack">
          <input type="hidden" name="_csrf" value={ctx.csrf()} />
          <FormField name="email" label="Invite a program manager by email" errors={props.inviteErrors ?? []}>
            {(attrs) => <input {...attrs} type="email" value={props.inviteValue ?? ''} />}
          </FormField>
          <div class="button-row">
            <button type="submit">Send the invitation</button>
          </div>
        </form>
      </section>
    </Layout>
  );
}

export function RemoveRegionPage({
  ctx,
  partner,
  unit,
}: {
  ctx: PageContext;
  partner: Partner;
  unit: string;
}) {
  return (
    <Layout ctx={ctx} title="Remove a region">
      <h1>
        Remove {describeUnit(unit)} from {partner.name}?
      </h1>
      <p>
        The finder will no longer send people in {describeUnit(unit)} to {partner.name}.
      </p>
      <form
        method="post"
        action={`/staff/partners/${partner.id}/regions/${encodeURIComponent(unit)}/remove`}
        class="button-row"
      >
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        <button type="submit" class="danger">
          Remove the region
        </button>
        <a href={`/staff/partners/${partner.id}`}>Keep it</a>
      </form>
    </Layout>
  );
}

export function InvitationPage(props: {
  ctx: PageContext;
  token: string;
  partnerName: string;
  email: string;
}) {
  const { ctx } = props;
  const next = encodeURIComponent(`/invitations/${props.token}`);
  return (
    <Layout ctx={ctx} title="Invitation">
      <h1>You are invited to manage {props.partnerName}</h1>
      <p>
        This invitation was sent to {props.email}. Accepting makes your account a program manager of{' '}
        {props.partnerName}.
      </p>
      {ctx.actor ? (
        <form method="post" action={`/invitations/${props.token}`} class="button-row">
          <input type="hidden" name="_csrf" value={ctx.csrf()} />
          <button type="submit">Accept as {ctx.actor.email}</button>
        </form>
      ) : (
        <p>
          <a class="button" href={`/sign-up?next=${next}`}>
            Create an account
          </a>{' '}
          or <a href={`/sign-in?next=${next}`}>sign in</a> to accept.
        </p>
      )}
    </Layout>
  );
}

export function InvitationAcceptedPage({ ctx, partnerName }: { ctx: PageContext; partnerName: string }) {
  return (
    <Layout ctx={ctx} title="Invitation accepted">
      <h1>Welcome to {partnerName}</h1>
      <p>You are now a program manager of {partnerName}.</p>
      <ul class="link-list">
        <li>
          <a href="/inbox">Go to your inbox</a> to answer the questions people send your partner.
        </li>
        <li>
          <a href="/partner/press-releases">Write a press release</a> for program staff to review.
        </li>
      </ul>
    </Layout>
  );
}
