import type { CoreDeps } from '../../platform/deps.js';
import { requireSignedIn, type Actor } from '../../platform/actor.js';
import { isSameCode, secretCode } from '../../platform/secret-codes.js';
import {
  findCalendarWorkshop,
  listPartnerCalendarWorkshops,
  listPersonalCalendarWorkshops,
} from '../workshops/workshops.service.js';
import { calendarError } from './calendars.errors.js';
import { workshopsCalendar } from './calendars.ical.js';
import * as repo from './calendars.repository.js';
import type { CalendarWorkshop } from './calendars.schemas.js';

type Deps = Pick<CoreDeps, 'db' | 'config'>;

/** A calendar file as the routes send it. */
export interface CalendarFile {
  /** The name a saved file gets (`Content-Disposition`). */
  filename: string;
  /** The iCalendar text. */
  ics: string;
}

/** One workshop's sessions, for "Add to calendar" on its page; an invitation-only one needs its private link's token. */
export async function workshopCalendar(
  deps: Deps,
  options: { id: string; invite?: string },
): Promise<CalendarFile> {
  const workshop = await findCalendarWorkshop(deps, options);
  return {
    filename: `workshop-${safeName(workshop.id)}.ics`,
    ics: build(deps, workshop.title, [workshop]),
  };
}

/** A partner's public workshops, as a feed anyone may subscribe to (cancelled ones stay, marked cancelled). */
export async function partnerCalendar(deps: Deps, options: { partnerId: string }): Promise<CalendarFile> {
  const { partnerName, workshops } = await listPartnerCalendarWorkshops(deps, options);
  return {
    filename: `partner-${safeName(options.partnerId)}-workshops.ics`,
    ics: build(deps, `${partnerName}: workshops`, workshops),
  };
}

/**
 * The address of the signed-in person's own feed (the workshops they lead, later those they attend). Its
 * secret is made from their id and the feed's version, so nothing secret is stored; the first request makes
 * the feed, at version 1.
 */
export async function personalFeedUrl(deps: Deps, options: { actor: Actor | null }): Promise<string> {
  const actor = requireSignedIn(options.actor);
  const version = await repo.ensureFeed(deps.db.kysely, actor.id);
  return feedUrl(deps, actor.id, version);
}

/**
 * A new address for the signed-in person's feed; the old one answers 404 from now on (for a link that was
 * shared or leaked). Every calendar subscribed to the old address stops updating.
 */
export async function resetPersonalFeed(deps: Deps, options: { actor: Actor | null }): Promise<string> {
  const actor = requireSignedIn(options.actor);
  const version = await repo.raiseFeedVersion(deps.db.kysely, actor.id);
  return feedUrl(deps, actor.id, version);
}

/**
 * The feed behind a secret address, for a calendar app (which signs in as nobody: the address is the key).
 * A malformed, forged or reset token is a 404, the same for each.
 */
export async function personalFeed(deps: Deps, options: { token: string }): Promise<CalendarFile> {
  const userId = await verifyFeedToken(deps, options.token);
  const workshops = await listPersonalCalendarWorkshops(deps, { userId });
  return {
    filename: 'my-workshops.ics',
    ics: build(deps, `${deps.config.programName}: my workshops`, workshops),
  };
}

/** A feed's code: its owner and the feed's version (raised by a reset), as the whole HMAC in base64url. */
function feedCode(deps: Deps, userId: string, version: number): string {
  return secretCode(deps.config.authSecret, 'calendar-feed', `${userId}:${version}`, 43);
}

const TOKEN = /^(?<userId>[A-Za-z0-9_-]{1,100})\.(?<mac>[A-Za-z0-9_-]{43})$/;

async function verifyFeedToken(deps: Deps, token: string): Promise<string> {
  const notFound = () => calendarError('CALENDAR_FEED_NOT_FOUND', 'There is no calendar at this address.');
  const parts = TOKEN.exec(token)?.groups;
  if (!parts?.userId || !parts.mac) throw notFound();
  const version = await repo.findFeedVersion(deps.db.kysely, parts.userId);
  if (version === undefined) throw notFound();
  if (!isSameCode(feedCode(deps, parts.userId, version), parts.mac)) throw notFound();
  return parts.userId;
}

function feedUrl(deps: Deps, userId: string, version: number): string {
  return `${deps.config.baseUrl}/calendars/${userId}.${feedCode(deps, userId, version)}.ics`;
}

function build(deps: Deps, name: string, workshops: readonly CalendarWorkshop[]): string {
  return workshopsCalendar({
    name,
    workshops,
    prodId: { company: deps.config.programName, product: 'Workshops' },
    host: new URL(deps.config.baseUrl).host,
  });
}

/** Ids are UUIDs; this only keeps anything else out of a header. */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9-]/g, '_');
}
