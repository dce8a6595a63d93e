import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CoreDeps } from '../../platform/deps.js';
import { submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { problemResponses } from '../../platform/problem.js';
import {
  partnerCalendarParamsSchema,
  personalCalendarParamsSchema,
  personalFeedSchema,
  workshopCalendarParamsSchema,
  workshopCalendarQuerySchema,
} from './calendars.schemas.js';
import {
  partnerCalendar,
  personalFeed,
  personalFeedUrl,
  resetPersonalFeed,
  workshopCalendar,
  type CalendarFile,
} from './calendars.service.js';
import { PersonalFeedPage, RESET_FEED } from './calendars.views.js';

const notices = defineNotices({
  'calendar-feed-reset':
    'Your calendar address is reset. The old one no longer works: subscribe again with the new one.',
});

/** What the documentation says a feed route answers (its 404 is the portal's error page, not problem+json). */
const CALENDAR_RESPONSES = {
  200: z.string().describe('An iCalendar (RFC 5545) document, text/calendar'),
  404: z.string().describe('Not found (an HTML page)'),
};

/**
 * A calendar file, shown in the browser or handed to a calendar app (`inline`); personal feeds are never kept by
 * a cache on the way, since their address is their only key.
 */
function sendCalendar(reply: FastifyReply, file: CalendarFile, options: { personal: boolean }) {
  if (options.personal) void reply.header('cache-control', 'private, no-store');
  return reply
    .type('text/calendar; charset=utf-8')
    .header('content-disposition', `inline; filename="${file.filename}"`)
    .send(file.ics);
}

export function calendarRoutes(deps: CoreDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/workshops/:id.ics',
      {
        config: { access: ['anyone'] },
        schema: {
          tags: ['Calendars'],
          summary: "A workshop's sessions as a calendar file",
          description:
            'One event per session, each with a UID that stays the same and a SEQUENCE raised by every change; ' +
            'a cancelled workshop has STATUS:CANCELLED. An invitation-only workshop needs its private link’s `invite`.',
          params: workshopCalendarParamsSchema,
          querystring: workshopCalendarQuerySchema,
          produces: ['text/calendar'],
          response: CALENDAR_RESPONSES,
        },
      },
      async (request, reply) => {
        const { invite } = request.query;
        const file = await workshopCalendar(deps, {
          id: request.params.id,
          ...(invite === undefined ? {} : { invite }),
        });
        return sendCalendar(reply, file, { personal: false });
      },
    );

    app.get(
      '/partners/:id/workshops.ics',
      {
        config: { access: ['anyone'] },
        schema: {
          tags: ['Calendars'],
          summary: "A partner's public workshops as a calendar feed",
          description:
            'Published workshops, and cancelled ones (marked cancelled) so that subscribers see them go.',
          params: partnerCalendarParamsSchema,
          produces: ['text/calendar'],
          response: CALENDAR_RESPONSES,
        },
      },
      async (request, reply) =>
        sendCalendar(reply, await partnerCalendar(deps, { partnerId: request.params.id }), {
          personal: false,
        }),
    );

    app.get(
      '/calendars/:token.ics',
      {
        config: { access: ['anyone'] },
        schema: {
          tags: ['Calendars'],
          summary: "A person's own calendar feed, at its secret address",
          description:
            'The address is the key: get it from `GET /api/v1/me/calendar-feed`. After a reset the old address is a 404.',
          params: personalCalendarParamsSchema,
          produces: ['text/calendar'],
          response: CALENDAR_RESPONSES,
        },
      },
      async (request, reply) =>
        sendCalendar(reply, await personalFeed(deps, { token: request.params.token }), { personal: true }),
    );

    app.get(
      '/api/v1/me/calendar-feed',
      {
        config: { access: ['signed-in'] },
        schema: {
          tags: ['Calendars'],
          summary: 'The secret address of your calendar feed',
          response: { 200: personalFeedSchema, ...problemResponses(401) },
        },
      },
      async (request, reply) => {
        const url = await personalFeedUrl(deps, { actor: request.actor });
        return reply.header('cache-control', 'private, no-store').send({ url });
      },
    );

    app.post(
      '/api/v1/me/calendar-feed/reset',
      {
        config: { access: ['signed-in'] },
        schema: {
          tags: ['Calendars'],
          summary: 'A new address for your calendar feed; the old one stops working',
          response: { 200: personalFeedSchema, ...problemResponses(401) },
        },
      },
      async (request, reply) => {
        const url = await resetPersonalFeed(deps, { actor: request.actor });
        return reply.header('cache-control', 'private, no-store').send({ url });
      },
    );

    app.get(
      '/calendar',
      { config: { access: ['signed-in'] }, schema: { hide: true } },
      async (request, reply) => {
        const url = await personalFeedUrl(deps, { actor: request.actor });
        void reply.header('cache-control', 'private, no-store');
        return reply.page((ctx) => <PersonalFeedPage ctx={ctx} url={url} />);
      },
    );

    app.post(
      '/calendar/reset',
      { config: { access: ['signed-in'] }, schema: { hide: true } },
      (request, reply) =>
        submitForm(request, reply, {
          confirm: { confirmation: RESET_FEED, cancelHref: '/calendar' },
          run: () => resetPersonalFeed(deps, { actor: request.actor }),
          done: () => notices.redirect(reply, '/calendar', 'calendar-feed-reset'),
          // Nothing is typed, so nothing can be refused as input; the page is shown again if it ever is.
          again: async (_form, ctx) => (
            <PersonalFeedPage ctx={ctx} url={await personalFeedUrl(deps, { actor: request.actor })} />
          ),
          page: '/calendar',
        }),
    );
  };
}
