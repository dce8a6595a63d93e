import type { z } from 'zod';
import { valueOf } from '../../platform/form-values.js';
import {
  ActionButton,
  ChoiceField,
  DataTable,
  DateTime,
  EmptyState,
  FilterBar,
  FilterSelect,
  Form,
  formState,
  Layout,
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
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import { describeUnit, sortUnits } from '../regions/geography.js';
import {
  INVITATION_LIFECYCLE,
  INVITATION_STATUSES,
  PARTNER_STATE_LIFECYCLE,
  type InvitationRecord,
  type Listing,
  type Partner,
  type PartnerRow,
  type invitationInputSchema,
  type listingInputSchema,
  type partnerInputSchema,
} from './partners.schemas.js';

export type PartnerForm = FormState<z.input<typeof partnerInputSchema>>;
export type RegionForm = FormState<{ region: string }>;
export type InviteForm = FormState<z.input<typeof invitationInputSchema>>;
export type ListingForm = FormState<z.input<typeof listingInputSchema>>;

const STATE_FILTER = [
  { value: 'all', label: 'Active or inactive' },
  { value: 'active', label: 'Active' },
  { value: 'inactive', label: 'Inactive' },
];

export function PartnerListPage(props: {
  ctx: PageContext;
  year: ProgramYear;
  years: ProgramYear[];
  page: Paged<PartnerRow>;
}) {
  const { ctx, year, page } = props;
  return (
    <Layout ctx={ctx} title="Partners">
      <h1>Partners {year.name}</h1>
      <p class="button-row">
        <a class="button" href={`/staff/partners/new?year=${year.name}`}>
          Add a partner
        </a>
        <a href="/staff/imports">Import partners or regions from a CSV file</a>
        <a href="/staff/invitations">Invitations</a>
        <a href="/staff/years">Program years</a>
      </p>
      <FilterBar ctx={ctx} label="Filter partners" search="Search names and contact emails">
        <FilterSelect
          ctx={ctx}
          name="year"
          label="Program year"
          defaultValue={year.name}
          options={props.years.map((y) => ({
            value: y.name,
            label: y.isCurrent ? `${y.name} (current)` : y.name,
          }))}
        />
        <FilterSelect ctx={ctx} name="state" label="Shown" options={STATE_FILTER} defaultValue="all" />
      </FilterBar>
      <DataTable
        ctx={ctx}
        id="partners"
        caption={`Partners of ${year.name}`}
        page={page}
        rowKey={(partner) => partner.id}
        columns={[
          {
            label: 'Partner',
            sort: 'name',
            cell: (partner) => <a href={`/staff/partners/${partner.id}`}>{partner.name}</a>,
          },
          {
            label: 'Public contact',
            cell: (partner) => (
              <>
                {partner.contactName}
                <br />
                <span class="muted">{partner.contactEmail}</span>
              </>
            ),
          },
          { label: 'Regions', sort: 'regions', numeric: true, cell: (partner) => partner.regionCount },
          {
            label: 'Status',
            sort: 'status',
            cell: (partner) => (
              <StatusBadge
                lifecycle={PARTNER_STATE_LIFECYCLE}
                status={partner.active ? 'active' : 'inactive'}
              />
            ),
          },
          { label: 'Added', sort: 'created', cell: (partner) => <DateTime iso={partner.createdAt} /> },
        ]}
        empty={
          <EmptyState title={`No partners match in ${year.name}`}>
            Search for something else, or <a href={`/staff/partners/new?year=${year.name}`}>add a partner</a>.
          </EmptyState>
        }
      />
    </Layout>
  );
}

/** The partner form's fields for a saved partner, in the shape of its input (courses one per line). */
export function partnerFormState(partner: Partner): PartnerForm {
  return formState<z.input<typeof partnerInputSchema>>({
    programYear: partner.programYear,
    name: partner.name,
    contactName: partner.contactName,
    contactEmail: partner.contactEmail,
    contactPhone: partner.contactPhone ?? '',
    website: partner.website ?? '',
    address: partner.address ?? '',
    coursesOffered: partner.coursesOffered.join('\n'),
    active: partner.active ? 'true' : 'false',
    organizations: partner.organizations,
  });
}

/** A new partner's form: the year chosen, shown to the public once it has regions. */
export function newPartnerFormState(programYear: string): PartnerForm {
  return formState<z.input<typeof partnerInputSchema>>({ programYear, active: 'true' });
}

const SPARE_ORGANIZATION_ROWS = 2;

const ACTIVE_OPTIONS = [
  { value: 'true', label: 'Active: shown in the finder and the directory' },
  { value: 'false', label: 'Inactive: hidden from the public' },
];

export function PartnerFormPage(props: {
  ctx: PageContext;
  mode: 'new' | 'edit';
  partnerId?: string;
  years: ProgramYear[];
  form: PartnerForm;
}) {
  const { ctx, mode, form } = props;
  const name = typeof form.values.name === 'string' ? form.values.name : '';
  const title = mode === 'new' ? 'Add a partner' : `Edit ${name}`;
  const rows = Math.max(
    0,
    ...Object.keys(form.values)
      .map((key) => /^organizations\.(\d+)\./.exec(key)?.[1])
      .filter((index) => index !== undefined)
      .map((index) => Number(index) + 1),
  );
  const cancel = mode === 'new' ? '/staff/partners' : `/staff/partners/${props.partnerId ?? ''}`;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <Form
        ctx={ctx}
        action={mode === 'new' ? '/staff/partners/new' : `/staff/partners/${props.partnerId ?? ''}/edit`}
        form={form}
      >
        {mode === 'new' ? (
          <SelectField
            form={form}
            name="programYear"
            label="Program year"
            options={props.years.map((year) => ({ value: year.name, label: year.name }))}
          />
        ) : (
          <input type="hidden" name="programYear" value={valueOf(form.values, 'programYear')} />
        )}
        <TextField form={form} name="name" label="Partner name" required />
        <fieldset class="stack" id="field-organizations" tabIndex={-1}>
          <legend>Member organizations</legend>
          <p class="hint">One organization, or several for a joint partnership, each with its role.</p>
          {form.errors
            .filter((error) => error.path === 'organizations')
            .slice(0, 1)
            .map((error) => (
              <p class="error" key={error.path}>
                <span class="visually-hidden">Error: </span>
                {error.message}
              </p>
            ))}
          {Array.from({ length: rows + SPARE_ORGANIZATION_ROWS }, (_, index) => (
            <div class="row" key={index}>
              <TextField
                form={form}
                name={`organizations.${index}.name`}
                label={`Organization ${index + 1}`}
              />
              <TextField
                form={form}
                name={`organizations.${index}.role`}
                label={`Role of organization ${index + 1}`}
              />
            </div>
          ))}
        </fieldset>
        <ListingFields form={form} />
        <TextField form={form} name="address" label="Address (optional)" />
        <ChoiceField
          form={form}
          name="active"
          legend="Shown to the public"
          type="radio"
          options={ACTIVE_OPTIONS}
        />
        <div class="button-row">
          <button type="submit">Save</button>
          <a href={cancel}>Cancel</a>
        </div>
      </Form>
    </Layout>
  );
}

/** The public listing's fields, the same on the staff form and on the program managers' own. */
function ListingFields({ form }: { form: ListingForm | PartnerForm }) {
  const listing = form as ListingForm;
  return (
    <>
      <TextField form={listing} name="contactName" label="Public contact name" autoComplete="name" required />
      <TextField form={listing} name="contactEmail" label="Public contact email" type="email" required />
      <TextField form={listing} name="contactPhone" label="Public contact phone (optional)" type="tel" />
      <TextField
        form={listing}
        name="website"
        label="Website (optional)"
        type="url"
        hint="Starting with https://"
      />
      <TextArea
        form={listing}
        name="coursesOffered"
        label="Courses offered"
        hint="One per line, e.g. CS Principles."
        rows={4}
      />
    </>
  );
}

/** What removing a region asks first: the finder stops sending people there at once. */
export function removeRegionConfirmation(partner: Partner, unit: string): Confirmation {
  return {
    title: `Remove ${describeUnit(unit)} from ${partner.name}?`,
    message: `The finder will no longer send people in ${describeUnit(unit)} to ${partner.name}. To serve it again, add the region anew.`,
    confirmLabel: 'Remove the region',
  };
}

export function PartnerDetailPage(props: {
  ctx: PageContext;
  partner: Partner;
  managers: { name: string; email: string }[];
  invitations: InvitationRecord[];
  regionForm: RegionForm;
  inviteForm: InviteForm;
}) {
  const { ctx, partner } = props;
  return (
    <Layout ctx={ctx} title={partner.name}>
      <h1>{partner.name}</h1>
      <p class="button-row">
        <a href={`/staff/partners/${partner.id}/edit`}>Edit details</a>
        <a href={`/partner/listing/${partner.id}`}>Public listing</a>
        <a href={`/staff/partners?year=${partner.programYear}`}>All partners of {partner.programYear}</a>
      </p>
      <SummaryList
        rows={[
          { key: 'Program year', value: partner.programYear },
          {
            key: 'Status',
            value: (
              <StatusBadge
                lifecycle={PARTNER_STATE_LIFECYCLE}
                status={partner.active ? 'active' : 'inactive'}
              />
            ),
          },
          {
            key: 'Member organizations',
            value: (
              <ul>
                {partner.organizations.map((o, index) => (
                  <li key={index}>
                    {o.name} — {o.role}
                  </li>
                ))}
              </ul>
            ),
          },
          {
            key: 'Public contact',
            value: (
              <>
                {partner.contactName}, <a href={`mailto:${partner.contactEmail}`}>{partner.contactEmail}</a>
                {partner.contactPhone && `, ${partner.contactPhone}`}
              </>
            ),
          },
          ...(partner.website
            ? [{ key: 'Website', value: <a href={partner.website}>{partner.website}</a> }]
            : []),
          ...(partner.address ? [{ key: 'Address', value: partner.address }] : []),
          {
            key: 'Courses offered',
            value: partner.coursesOffered.length ? partner.coursesOffered.join(', ') : 'None listed',
          },
        ]}
      />

      <section aria-labelledby="regions-title">
        <h2 id="regions-title">Regions</h2>
        {partner.regions.length === 0 ? (
          <p>This partner serves no region yet.</p>
        ) : (
          <ul class="region-list">
            {sortUnits(partner.regions).map((unit) => (
              <li key={unit}>
                {describeUnit(unit)}{' '}
                <ActionButton
                  ctx={ctx}
                  action={`/staff/partners/${partner.id}/regions/${encodeURIComponent(unit)}/remove`}
                  label={`Remove ${describeUnit(unit)}`}
                  variant="secondary"
                  confirm={removeRegionConfirmation(partner, unit)}
                />
              </li>
            ))}
          </ul>
        )}
        <Form
          ctx={ctx}
          action={`/staff/partners/${partner.id}/regions`}
          form={props.regionForm}
          submit="Add the region"
          labelledBy="regions-title"
        >
          <TextField
            form={props.regionForm}
            name="region"
            label="Add a region"
            hint="A state (WA), a county (WA:King) or a ZIP code (98101). A finer unit carves out of a coarser one."
          />
        </Form>
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
              {props.invitations.map((invitation) => (
                <li key={invitation.id}>
                  {invitation.email}{' '}
                  <StatusBadge lifecycle={INVITATION_LIFECYCLE} status={invitation.status} /> — sent{' '}
                  <DateTime iso={invitation.sentAt} />
                  {invitation.status === 'pending' && (
                    <>
                      , valid until <DateTime iso={invitation.expiresAt} />
                    </>
                  )}
                </li>
              ))}
            </ul>
            <p>
              <a href="/staff/invitations?status=all">Revoke or resend invitations</a>
            </p>
          </>
        )}
        <Form
          ctx={ctx}
          action={`/staff/partners/${partner.id}/invitations`}
          form={props.inviteForm}
          submit="Send the invitation"
          labelledBy="people-title"
        >
          <TextField
            form={props.inviteForm}
            name="email"
            label="Invite a program manager by email"
            type="email"
          />
        </Form>
      </section>
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
        <Form
          ctx={ctx}
          action={`/invitations/${props.token}`}
          class="button-row"
          submit={`Accept as ${ctx.actor.email}`}
        />
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
          <a href="/partner">Go to your partner’s dashboard</a> to see what waits for you.
        </li>
        <li>
          <a href="/inbox">Go to your inbox</a> to answer the questions people send your partner.
        </li>
        <li>
          <a href="/partner/listing">Check your public listing</a>: the contact the finder and the directory
          show.
        </li>
        <li>
          <a href="/partner/press-releases">Write a press release</a> for program staff to review.
        </li>
      </ul>
    </Layout>
  );
}

/** A program manager of several partners chooses whose listing to keep. */
export function ListingChoicePage(props: {
  ctx: PageContext;
  partners: { id: string; name: string; programYear: string }[];
}) {
  return (
    <Layout ctx={props.ctx} title="Your public listings">
      <h1>Your public listings</h1>
      <p class="lead">
        You manage several partners. Choose the one whose public listing you want to see or change.
      </p>
      <ul class="link-list">
        {props.partners.map((partner) => (
          <li key={partner.id}>
            <a href={`/partner/listing/${partner.id}`}>
              {partner.name} ({partner.programYear})
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** The listing's fields as saved, in the shape of its input. */
export function listingFormState(listing: Listing): ListingForm {
  return formState<z.input<typeof listingInputSchema>>({
    contactName: listing.contactName,
    contactEmail: listing.contactEmail,
    contactPhone: listing.contactPhone ?? '',
    website: listing.website ?? '',
    coursesOffered: listing.coursesOffered.join('\n'),
  });
}

export function ListingPage(props: { ctx: PageContext; listing: Listing; form: ListingForm }) {
  const { ctx, listing, form } = props;
  const title = `Public listing of ${listing.partnerName}`;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">
        What the <a href="/find">finder</a> and the{' '}
        <a href={`/partners?year=${listing.programYear}`}>directory</a> show for {listing.partnerName} in{' '}
        {listing.programYear}. People write to this contact with their questions.
      </p>
      <Form ctx={ctx} action={`/partner/listing/${listing.partnerId}`} form={form} submit="Save the listing">
        <ListingFields form={form} />
      </Form>
    </Layout>
  );
}

const INVITATION_FILTER = [
  ...INVITATION_STATUSES.map((status) => ({ value: status, label: INVITATION_LIFECYCLE[status].label })),
  { value: 'all', label: 'All' },
];

/** What revoking asks first: the link stops working, and only a new invitation lets the person in. */
export function revokeInvitationConfirmation(invitation: InvitationRecord): Confirmation {
  return {
    title: `Revoke the invitation of ${invitation.email}?`,
    message: `The link sent to ${invitation.email} will stop working and say it was revoked; they will not become a program manager of ${invitation.partnerName}. You can send it again later, with a new link.`,
    confirmLabel: 'Revoke the invitation',
  };
}

export function InvitationListPage(props: { ctx: PageContext; page: Paged<InvitationRecord> }) {
  const { ctx, page } = props;
  return (
    <Layout ctx={ctx} title="Invitations">
      <h1>Invitations</h1>
      <p class="lead">
        Program managers are invited from their <a href="/staff/partners">partner’s page</a>. A link works
        once, for the days it was sent for.
      </p>
      <FilterBar ctx={ctx} label="Filter invitations" search="Search partners and emails">
        <FilterSelect
          ctx={ctx}
          name="status"
          label="Status"
          options={INVITATION_FILTER}
          defaultValue="pending"
        />
      </FilterBar>
      <DataTable
        ctx={ctx}
        id="invitations"
        caption="Invitations"
        page={page}
        rowKey={(invitation) => invitation.id}
        columns={[
          {
            label: 'Partner',
            sort: 'partner',
            cell: (invitation) => (
              <a href={`/staff/partners/${invitation.partnerId}`}>{invitation.partnerName}</a>
            ),
          },
          {
            label: 'Email',
            sort: 'email',
            cell: (invitation) => invitation.email,
          },
          {
            label: 'Status',
            sort: 'status',
            cell: (invitation) => <StatusBadge lifecycle={INVITATION_LIFECYCLE} status={invitation.status} />,
          },
          { label: 'Sent', sort: 'sent', cell: (invitation) => <DateTime iso={invitation.sentAt} /> },
          {
            label: 'Expires',
            sort: 'expires',
            cell: (invitation) => <DateTime iso={invitation.expiresAt} />,
          },
          {
            label: 'Actions',
            cell: (invitation) =>
              invitation.status === 'accepted' ? (
                <span class="muted">None</span>
              ) : (
                <div class="button-row">
                  <ActionButton
                    ctx={ctx}
                    action={`/staff/invitations/${invitation.id}/resend`}
                    label={`Resend to ${invitation.email}`}
                    variant="secondary"
                  />
                  {invitation.status !== 'revoked' && (
                    <ActionButton
                      ctx={ctx}
                      action={`/staff/invitations/${invitation.id}/revoke`}
                      label={`Revoke ${invitation.email}`}
                      variant="warning"
                      confirm={revokeInvitationConfirmation(invitation)}
                    />
                  )}
                </div>
              ),
          },
        ]}
        empty={
          <EmptyState title="No invitations match">
            Choose another status, or invite someone from a <a href="/staff/partners">partner’s page</a>.
          </EmptyState>
        }
      />
    </Layout>
  );
}
