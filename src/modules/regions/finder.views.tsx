import {
  EmptyState,
  ErrorSummary,
  Layout,
  SelectField,
  TextField,
  type FormState,
  type PageContext,
} from '../../platform/ui/index.js';
import type { Partner } from '../partners/partners.schemas.js';
import type { ProgramYear } from '../program-years/program-years.schemas.js';
import { US_STATES, countyName, describeUnit, isStateCode, sortUnits, type StateCode } from './geography.js';
import type { StateSummary } from './regions.service.js';
import type { LookupPartner, LookupResponse } from './regions.schemas.js';
import { finderHref } from './us-map.js';

const TITLE = 'Find your partner';

function describeLocation(location: LookupResponse['location']): string {
  const state = isStateCode(location.state) ? US_STATES[location.state] : location.state;
  const county =
    location.county && isStateCode(location.state) ? countyName(location.state, location.county) : null;
  return [location.city, county, state].filter(Boolean).join(', ');
}

/** The unit whose assignment answered the lookup, as the answer names it. */
function matchedUnit(lookup: LookupResponse): string {
  const { location } = lookup;
  if (lookup.matchedBy === 'zip' && location.zip) return describeUnit(location.zip);
  if (lookup.matchedBy === 'county' && location.county)
    return describeUnit(`${location.state}:${location.county}`);
  return describeUnit(location.state);
}

/** What the visitor asked about: "ZIP 98101 (Seattle, King County, Washington)" or "Washington". */
function askedArea(lookup: LookupResponse): string {
  const { location } = lookup;
  return location.zip
    ? `${describeUnit(location.zip)} (${describeLocation(location)})`
    : describeUnit(location.state);
}

/** Links name the year only when it is not the current one, so that shared links stay current. */
function yearQuery(year: ProgramYear): string {
  return year.isCurrent ? '' : `?year=${year.name}`;
}

function Website({ url }: { url: string | null }) {
  if (!url) return null;
  return (
    <>
      <dt>Website</dt>
      <dd>
        <a href={url}>{url.replace(/^https?:\/\//, '').replace(/\/$/, '')}</a>
      </dd>
    </>
  );
}

function PartnerContact({ partner }: { partner: LookupPartner }) {
  return (
    <>
      <dt>Contact</dt>
      <dd>
        {partner.contactName}, <a href={`mailto:${partner.contactEmail}`}>{partner.contactEmail}</a>
      </dd>
      <Website url={partner.website} />
      <dt>Courses offered</dt>
      <dd>{partner.coursesOffered.length > 0 ? partner.coursesOffered.join(', ') : 'Not listed yet'}</dd>
    </>
  );
}

function PartnerAnswer({ lookup, partner }: { lookup: LookupResponse; partner: LookupPartner }) {
  const contactQuery = lookup.location.zip ? `zip=${lookup.location.zip}` : `state=${lookup.location.state}`;
  return (
    <article class="card partner-card" aria-labelledby="partner-name">
      <h3 id="partner-name">{partner.name}</h3>
      <p class="matched">
        {partner.name} serves {matchedUnit(lookup)}.
      </p>
      <dl class="details">
        <dt>Your location</dt>
        <dd>{describeLocation(lookup.location)}</dd>
        <PartnerContact partner={partner} />
      </dl>
      <p>
        <a class="button" href={`/contact?${contactQuery}`}>
          Contact this partner
        </a>
      </p>
    </article>
  );
}

function PartnerList({ partners }: { partners: LookupPartner[] }) {
  return (
    <ul class="partner-brief-list">
      {partners.map((partner) => (
        <li key={partner.id}>
          <strong>{partner.name}</strong>: {partner.contactName},{' '}
          <a href={`mailto:${partner.contactEmail}`}>{partner.contactEmail}</a>
        </li>
      ))}
    </ul>
  );
}

function NoPartnerLinks() {
  return (
    <>
      Does your organization want to serve this area? <a href="/apply">Apply to become a Regional Partner</a>.
      Questions? <a href="/contact">Contact program staff</a>.
    </>
  );
}

/** The answer to a lookup: the partner, a partly served state, or a plain statement that nobody serves it. */
function Answer(props: { lookup: LookupResponse; stateSummary: StateSummary | undefined }) {
  const { lookup, stateSummary } = props;
  const byState = lookup.location.zip === null;
  const others = byState ? (stateSummary?.otherPartners ?? []) : [];
  if (lookup.partner) {
    return (
      <>
        <h2 id="answer-title">Your Regional Partner for {lookup.programYear}</h2>
        <PartnerAnswer lookup={lookup} partner={lookup.partner} />
        {others.length > 0 && (
          <>
            <p>
              Some areas of {describeUnit(lookup.location.state)} are served by other partners.{' '}
              <a href="#field-zip">Enter your ZIP code</a> for a precise answer.
            </p>
            <PartnerList partners={others} />
          </>
        )}
      </>
    );
  }
  if (byState && stateSummary?.coverage === 'partly') {
    return (
      <>
        <h2 id="answer-title">{stateSummary.name} is partly served</h2>
        <p>
          In {lookup.programYear}, Regional Partners serve some counties or ZIP codes of {stateSummary.name},
          not the whole state. <a href="#field-zip">Enter your ZIP code</a> for a precise answer.
        </p>
        <p>Partners active in {stateSummary.name}:</p>
        <PartnerList partners={stateSummary.otherPartners} />
      </>
    );
  }
  return (
    <>
      <h2 id="answer-title">No partner yet</h2>
      <p>
        No Regional Partner serves {askedArea(lookup)} in {lookup.programYear} yet.
      </p>
      <p>
        <NoPartnerLinks />
      </p>
    </>
  );
}

/** What the visitor typed or chose, and why the lookup refused it. */
export type FinderForm = FormState<{ zip: string; state: string }>;

const STATE_OPTIONS = (Object.keys(US_STATES) as StateCode[]).map((state) => ({
  value: state,
  label: US_STATES[state],
}));

/** A search, not a change: a GET form, so an answer has an address to share, and no token is needed. */
function FinderFields({ year, form }: { year: ProgramYear; form: FinderForm }) {
  return (
    <form method="get" action="/find" class="finder-form" role="search" aria-label="Find your partner">
      {!year.isCurrent && <input type="hidden" name="year" value={year.name} />}
      <TextField
        form={form}
        name="zip"
        label="ZIP code"
        hint="Like 98101 (ZIP+4 is fine too). A ZIP code gives the most precise answer, and is used if you also choose a state."
        inputMode="numeric"
        autoComplete="postal-code"
      />
      <SelectField
        form={form}
        name="state"
        label="Or your state or territory"
        placeholder="Choose a state or territory"
        options={STATE_OPTIONS}
      />
      <div class="button-row">
        <button type="submit">Find a partner</button>
      </div>
    </form>
  );
}

/**
 * Every state and territory on one page, in the map's order (a list to read through, not to sort or page),
 * so it is drawn as a table of its own that scrolls inside its box on a narrow screen, like `DataTable`.
 */
function CoverageTable({ year, summaries }: { year: ProgramYear; summaries: StateSummary[] }) {
  const caption = `Regional Partners by state and territory, ${year.name}`;
  return (
    <div class="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table class="table coverage-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">State or territory</th>
            <th scope="col">Coverage</th>
            <th scope="col">Partners</th>
          </tr>
        </thead>
        <tbody>
          {summaries.map((summary) => (
            <tr key={summary.state}>
              <th scope="row">
                <a href={finderHref(year, summary.state)}>{summary.name}</a>
              </th>
              <td>{COVERAGE_TEXT[summary.coverage]}</td>
              <td>
                {[
                  summary.statePartner && `${summary.statePartner.name} (whole state)`,
                  summary.otherPartners.length > 0 &&
                    `${summary.otherPartners.map((partner) => partner.name).join(', ')} (some counties or ZIP codes)`,
                ]
                  .filter(Boolean)
                  .join('; ') || 'None yet'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const COVERAGE_TEXT = { served: 'Served', partly: 'Partly served', none: 'Not served' } as const;

interface FinderPageProps {
  ctx: PageContext;
  year: ProgramYear;
  /** What the visitor typed or chose, shown back to them, with why the lookup refused it. */
  form: FinderForm;
  lookup: LookupResponse | undefined;
  summaries: StateSummary[];
  /** The cached map figure (see MapCache). */
  mapHtml: string;
}

export function FinderPage(props: FinderPageProps) {
  const { ctx, year, lookup, summaries, form } = props;
  const stateSummary = lookup && summaries.find((summary) => summary.state === lookup.location.state);
  return (
    <Layout ctx={ctx} title={form.errors.length > 0 ? `Error: ${TITLE}` : TITLE}>
      <h1>{TITLE}</h1>
      <p class="lead">
        Regional Partners run the program’s professional learning in their area. Enter your ZIP code or choose
        your state to find yours for {year.name}.
      </p>
      <ErrorSummary form={form} />
      <FinderFields year={year} form={form} />
      {lookup && (
        <section class="answer" aria-labelledby="answer-title">
          <Answer lookup={lookup} stateSummary={stateSummary} />
        </section>
      )}
      <section aria-labelledby="coverage-title">
        <h2 id="coverage-title">Where partners serve in {year.name}</h2>
        <p>
          Or browse <a href={`/partners${yearQuery(year)}`}>the directory of every partner</a>.
        </p>
        <div dangerouslySetInnerHTML={{ __html: props.mapHtml }} />
        <CoverageTable year={year} summaries={summaries} />
      </section>
    </Layout>
  );
}

/** Before staff mark a program year current there is nothing to look up; the page says so plainly. */
export function NoProgramYearPage({ ctx, title }: { ctx: PageContext; title: string }) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>
        The Regional Partners of the coming program year are not announced yet. Please{' '}
        <a href="/contact">contact program staff</a>, and we will connect you with the partner for your area.
      </p>
    </Layout>
  );
}

function DirectoryCard({ partner }: { partner: Partner }) {
  const titleId = `partner-${partner.id}`;
  return (
    <li>
      <article class="card partner-card" aria-labelledby={titleId}>
        <h2 id={titleId}>{partner.name}</h2>
        <dl class="details">
          {partner.organizations.length > 1 && (
            <>
              <dt>Member organizations</dt>
              <dd>{partner.organizations.map((o) => `${o.name} (${o.role})`).join('; ')}</dd>
            </>
          )}
          <dt>Serves</dt>
          <dd>
            {partner.regions.length > 0
              ? sortUnits(partner.regions).map(describeUnit).join('; ')
              : 'No region yet'}
          </dd>
          <PartnerContact partner={partner} />
          {partner.contactPhone && (
            <>
              <dt>Phone</dt>
              <dd>{partner.contactPhone}</dd>
            </>
          )}
          {partner.address && (
            <>
              <dt>Address</dt>
              <dd>{partner.address}</dd>
            </>
          )}
        </dl>
      </article>
    </li>
  );
}

export function DirectoryPage(props: { ctx: PageContext; year: ProgramYear; partners: Partner[] }) {
  const { ctx, year, partners } = props;
  const title = `Regional Partners, ${year.name}`;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">
        The organizations that run the program in their region. To find the one for your school,{' '}
        <a href={`/find${yearQuery(year)}`}>search by ZIP code or state</a>.
      </p>
      {partners.length === 0 ? (
        <EmptyState title={`No Regional Partners are listed for ${year.name} yet.`}>
          <NoPartnerLinks />
        </EmptyState>
      ) : (
        <ul class="partner-directory">
          {partners.map((partner) => (
            <DirectoryCard key={partner.id} partner={partner} />
          ))}
        </ul>
      )}
    </Layout>
  );
}
