import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { confirmFirst, submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { problemResponses } from '../../platform/problem.js';
import { ConfirmPage, formState, pageInfo, type PageContext } from '../../platform/ui/index.js';
import { assignRegion, removeRegion } from '../regions/regions.service.js';
import {
  invitationIdParamsSchema,
  invitationInputSchema,
  invitationQuerySchema,
  invitationRecordSchema,
  listingInputSchema,
  listingSchema,
  partnerIdParamsSchema,
  partnerInputSchema,
  partnerSchema,
  publicPartnerSchema,
  invitationListSchema,
} from './partners.schemas.js';
import {
  acceptInvitation,
  createPartner,
  findOpenInvitation,
  getInvitation,
  getListing,
  getPartner,
  getPartnerForStaff,
  getPartnerHolding,
  invitePartnerManager,
  listInvitationPage,
  listListingPartners,
  listPartnerPage,
  listPartnerPeople,
  listPartnerYears,
  listPartnersFor,
  resendInvitation,
  revokeInvitation,
  updateListing,
  updatePartner,
} from './partners.service.js';
import {
  InvitationAcceptedPage,
  InvitationListPage,
  InvitationPage,
  ListingChoicePage,
  ListingPage,
  PartnerDetailPage,
  PartnerFormPage,
  PartnerListPage,
  listingFormState,
  newPartnerFormState,
  partnerFormState,
  removeRegionConfirmation,
  revokeInvitationConfirmation,
  type InviteForm,
  type RegionForm,
} from './partners.views.js';

const notices = defineNotices({
  'partner-saved': 'The partner is saved.',
  'region-added': 'The region is assigned.',
  'region-removed': 'The region is removed.',
  'invitation-sent': 'The invitation is sent.',
  'invitation-revoked': 'The invitation is revoked: its link no longer works.',
  'invitation-resent': 'The invitation is sent again with a new link; the old one no longer works.',
  'listing-saved': 'Your public listing is saved: the finder and the directory show it now.',
});

const unitParams = z.object({ id: z.string().max(100), unit: z.string().max(120) });
const tokenParams = z.object({ token: z.string().max(200) });
const yearQuery = z.object({ year: z.string().max(20).optional() });

export function partnerRoutes(deps: CoreDeps): FastifyPluginAsyncZod {
  const db = deps.db.kysely;
  return async (app) => {
    app.get(
      '/api/v1/partners',
      {
        config: { access: ['anyone'] },
        schema: {
          tags: ['Partners'],
          summary: "A year's partners (staff: full records; anyone else: the public directory)",
          description:
            'The current year unless `year` names another. Program staff get every partner of the year with its ' +
            'full record, regions as codes (`WA:King`). Everyone else, signed in or not, gets what the public ' +
            'directory (`/partners`) shows: the active partners, their public contact, and their regions in ' +
            'words ("King County, WA").',
          querystring: yearQuery,
          response: {
            200: z.union([
              z.object({ programYear: z.string(), partners: z.array(partnerSchema) }),
              z.object({ programYear: z.string(), partners: z.array(publicPartnerSchema) }),
            ]),
            ...problemResponses(400, 404),
          },
        },
      },
      async (request) => {
        const { year, partners } = await listPartnersFor(db, {
          actor: request.actor,
          year: request.query.year,
        });
        return { programYear: year.name, partners };
      },
    );

    app.post(
      '/api/v1/partners',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['Partners'],
          summary: 'Create a partner (staff)',
          body: partnerInputSchema,
          response: { 201: partnerSchema, ...problemResponses(400, 401, 403, 409) },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await createPartner(deps, { actor: request.actor, input: request.body })),
    );

    app.get(
      '/api/v1/partners/:id',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Partners'],
          summary: 'One partner (staff, or its program managers)',
          params: partnerIdParamsSchema,
          response: { 200: partnerSchema, ...problemResponses(401, 403, 404) },
        },
      },
      (request) => getPartner(db, { actor: request.actor, id: request.params.id }),
    );

    app.put(
      '/api/v1/partners/:id',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['Partners'],
          summary: 'Replace a partner’s details (staff)',
          params: partnerIdParamsSchema,
          body: partnerInputSchema,
          response: { 200: partnerSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      (request) => updatePartner(deps, { actor: request.actor, id: request.params.id, input: request.body }),
    );

    app.get(
      '/api/v1/partners/:id/listing',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Partners'],
          summary: 'A partner’s public listing (its program managers, and staff)',
          params: partnerIdParamsSchema,
          response: { 200: listingSchema, ...problemResponses(401, 403, 404) },
        },
      },
      (request) => getListing(db, { actor: request.actor, partnerId: request.params.id }),
    );

    app.put(
      '/api/v1/partners/:id/listing',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Partners'],
          summary: 'Replace a partner’s public listing (its program managers, and staff)',
          description: 'The contact, phone, website and courses the finder and the directory show.',
          params: partnerIdParamsSchema,
          body: listingInputSchema,
          response: { 200: listingSchema, ...problemResponses(400, 401, 403, 404) },
        },
      },
      (request) =>
        updateListing(deps, { actor: request.actor, partnerId: request.params.id, input: request.body }),
    );

    app.post(
      '/api/v1/partners/:id/invitations',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['Partners'],
          summary: 'Invite a program manager by email (staff)',
          params: partnerIdParamsSchema,
          body: invitationInputSchema,
          response: { 201: z.object({ email: z.string() }), ...problemResponses(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const invitation = await invitePartnerManager(deps, {
          actor: request.actor,
          partnerId: request.params.id,
          input: request.body,
        });
        return reply.status(201).send({ email: invitation.email });
      },
    );

    app.get(
      '/api/v1/invitations',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['Partners'],
          summary: 'Program manager invitations, a page at a time (staff)',
          description: 'Pending ones unless `status` says otherwise; `q` searches partner names and emails.',
          querystring: invitationQuerySchema,
          response: {
            200: invitationListSchema,
            ...problemResponses(400, 401, 403),
          },
        },
      },
      async (request) => {
        const page = await listInvitationPage(db, { actor: request.actor, query: request.query });
        return { invitations: page.rows, ...pageInfo(page) };
      },
    );

    app.post(
      '/api/v1/invitations/:id/revoke',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['Partners'],
          summary: 'Revoke an unused invitation: its link stops working (staff)',
          params: invitationIdParamsSchema,
          response: { 200: invitationRecordSchema, ...problemResponses(401, 403, 404, 409) },
        },
      },
      (request) => revokeInvitation(db, { actor: request.actor, id: request.params.id }),
    );

    app.post(
      '/api/v1/invitations/:id/resend',
      {
        config: { access: ['staff'] },
        schema: {
          tags: ['Partners'],
          summary:
            'Send an unused invitation again with a new link and expiry; the old link stops working (staff)',
          params: invitationIdParamsSchema,
          response: { 200: invitationRecordSchema, ...problemResponses(401, 403, 404, 409) },
        },
      },
      (request) => resendInvitation(deps, { actor: request.actor, id: request.params.id }),
    );

    // Staff screens; each calls the same domain function as the API above, which checks the actor.

    app.get(
      '/staff/partners',
      { config: { access: ['staff'] }, schema: { hide: true } },
      async (request, reply) => {
        const { year, page } = await listPartnerPage(db, { actor: request.actor, query: request.query });
        const years = await listPartnerYears(db, { actor: request.actor });
        return reply.page((ctx) => <PartnerListPage ctx={ctx} year={year} years={years} page={page} />);
      },
    );

    app.get(
      '/staff/partners/new',
      { config: { access: ['staff'] }, schema: { hide: true, querystring: yearQuery } },
      async (request, reply) => {
        const years = await listPartnerYears(db, { actor: request.actor });
        const form = newPartnerFormState(
          request.query.year ?? years.find((y) => y.isCurrent)?.name ?? years[0]?.name ?? '',
        );
        return reply.page((ctx) => <PartnerFormPage ctx={ctx} mode="new" years={years} form={form} />);
      },
    );

    app.post(
      '/staff/partners/new',
      { config: { access: ['staff'] }, schema: { hide: true } },
      (request, reply) =>
        submitForm(request, reply, {
          run: (input) => createPartner(deps, { actor: request.actor, input }),
          done: (partner) => notices.redirect(reply, `/staff/partners/${partner.id}`, 'partner-saved'),
          again: async (form, ctx) => {
            const years = await listPartnerYears(db, { actor: request.actor });
            return <PartnerFormPage ctx={ctx} mode="new" years={years} form={form} />;
          },
        }),
    );

    /** The staff partner page, with its two forms as the person left them. */
    async function partnerPage(
      actor: Actor | null,
      partnerId: string,
      forms: { regionForm?: RegionForm; inviteForm?: InviteForm } = {},
    ) {
      const people = await listPartnerPeople(db, { actor, partnerId });
      const partner = await getPartner(db, { actor, id: partnerId });
      return (ctx: PageContext) => (
        <PartnerDetailPage
          ctx={ctx}
          partner={partner}
          {...people}
          regionForm={forms.regionForm ?? formState()}
          inviteForm={forms.inviteForm ?? formState()}
        />
      );
    }

    app.get(
      '/staff/partners/:id',
      { config: { access: ['staff'] }, schema: { hide: true, params: partnerIdParamsSchema } },
      async (request, reply) => reply.page(await partnerPage(request.actor, request.params.id)),
    );

    app.get(
      '/staff/partners/:id/edit',
      { config: { access: ['staff'] }, schema: { hide: true, params: partnerIdParamsSchema } },
      async (request, reply) => {
        const partner = await getPartnerForStaff(db, { actor: request.actor, id: request.params.id });
        return reply.page((ctx) => (
          <PartnerFormPage
            ctx={ctx}
            mode="edit"
            partnerId={partner.id}
            years={[]}
            form={partnerFormState(partner)}
          />
        ));
      },
    );

    app.post(
      '/staff/partners/:id/edit',
      { config: { access: ['staff'] }, schema: { hide: true, params: partnerIdParamsSchema } },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, reply, {
          run: (input) => updatePartner(deps, { actor: request.actor, id, input }),
          done: () => notices.redirect(reply, `/staff/partners/${id}`, 'partner-saved'),
          again: (form, ctx) => (
            <PartnerFormPage ctx={ctx} mode="edit" partnerId={id} years={[]} form={form} />
          ),
        });
      },
    );

    app.post(
      '/staff/partners/:id/regions',
      { config: { access: ['staff'] }, schema: { hide: true, params: partnerIdParamsSchema } },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, reply, {
          run: (input) => assignRegion(deps, { actor: request.actor, partnerId: id, input }),
          done: () => notices.redirect(reply, `/staff/partners/${id}`, 'region-added'),
          again: async (form, ctx) => (await partnerPage(request.actor, id, { regionForm: form }))(ctx),
          page: `/staff/partners/${id}`,
        });
      },
    );

    // The question as a page of its own, for a link or a bookmark; the button posts and is asked the same.
    app.get(
      '/staff/partners/:id/regions/:unit/remove',
      { config: { access: ['staff'] }, schema: { hide: true, params: unitParams } },
      async (request, reply) => {
        const { id, unit } = request.params;
        const partner = await getPartnerHolding(db, { actor: request.actor, id, unit });
        return reply.page((ctx) => (
          <ConfirmPage
            ctx={ctx}
            confirmation={removeRegionConfirmation(partner, unit)}
            action={request.url}
            values={{}}
            cancelHref={`/staff/partners/${id}`}
          />
        ));
      },
    );

    app.post(
      '/staff/partners/:id/regions/:unit/remove',
      { config: { access: ['staff'] }, schema: { hide: true, params: unitParams } },
      async (request, reply) => {
        const { id, unit } = request.params;
        const partner = await getPartnerHolding(db, { actor: request.actor, id, unit });
        return confirmFirst(
          request,
          reply,
          { confirmation: removeRegionConfirmation(partner, unit), cancelHref: `/staff/partners/${id}` },
          async () => {
            await removeRegion(deps, { actor: request.actor, partnerId: id, unit });
            return notices.redirect(reply, `/staff/partners/${id}`, 'region-removed');
          },
        );
      },
    );

    app.post(
      '/staff/partners/:id/invitations',
      { config: { access: ['staff'] }, schema: { hide: true, params: partnerIdParamsSchema } },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, reply, {
          run: (input) => invitePartnerManager(deps, { actor: request.actor, partnerId: id, input }),
          done: () => notices.redirect(reply, `/staff/partners/${id}`, 'invitation-sent'),
          again: async (form, ctx) => (await partnerPage(request.actor, id, { inviteForm: form }))(ctx),
          page: `/staff/partners/${id}`,
        });
      },
    );

    app.get(
      '/staff/invitations',
      { config: { access: ['staff'] }, schema: { hide: true } },
      async (request, reply) => {
        const page = await listInvitationPage(db, { actor: request.actor, query: request.query });
        return reply.page((ctx) => <InvitationListPage ctx={ctx} page={page} />);
      },
    );

    app.post(
      '/staff/invitations/:id/revoke',
      { config: { access: ['staff'] }, schema: { hide: true, params: invitationIdParamsSchema } },
      async (request, reply) => {
        const invitation = await getInvitation(db, { actor: request.actor, id: request.params.id });
        return confirmFirst(
          request,
          reply,
          { confirmation: revokeInvitationConfirmation(invitation), cancelHref: '/staff/invitations' },
          async () => {
            await revokeInvitation(db, { actor: request.actor, id: invitation.id });
            return notices.redirect(reply, '/staff/invitations', 'invitation-revoked');
          },
        );
      },
    );

    app.post(
      '/staff/invitations/:id/resend',
      { config: { access: ['staff'] }, schema: { hide: true, params: invitationIdParamsSchema } },
      async (request, reply) => {
        await resendInvitation(deps, { actor: request.actor, id: request.params.id });
        return notices.redirect(reply, '/staff/invitations?status=pending', 'invitation-resent');
      },
    );

    // A program manager's own partner's public listing (staff may open any).

    app.get(
      '/partner/listing',
      { config: { access: ['manager'] }, schema: { hide: true } },
      async (request, reply) => {
        const partners = await listListingPartners(db, { actor: request.actor });
        const [only] = partners;
        if (partners.length === 1 && only) return reply.redirect(`/partner/listing/${only.id}`, 303);
        return reply.page((ctx) => <ListingChoicePage ctx={ctx} partners={partners} />);
      },
    );

    app.get(
      '/partner/listing/:id',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: partnerIdParamsSchema } },
      async (request, reply) => {
        const listing = await getListing(db, { actor: request.actor, partnerId: request.params.id });
        return reply.page((ctx) => (
          <ListingPage ctx={ctx} listing={listing} form={listingFormState(listing)} />
        ));
      },
    );

    app.post(
      '/partner/listing/:id',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: partnerIdParamsSchema } },
      async (request, reply) => {
        const { id } = request.params;
        // Read first: someone who may not keep this listing is refused before the form is read.
        const listing = await getListing(db, { actor: request.actor, partnerId: id });
        return submitForm(request, reply, {
          run: (input) => updateListing(deps, { actor: request.actor, partnerId: id, input }),
          done: () => notices.redirect(reply, `/partner/listing/${id}`, 'listing-saved'),
          again: (form, ctx) => <ListingPage ctx={ctx} listing={listing} form={form} />,
        });
      },
    );

    app.get(
      '/invitations/:token',
      { config: { access: ['anyone'] }, schema: { hide: true, params: tokenParams } },
      async (request, reply) => {
        const invitation = await findOpenInvitation(db, request.params.token);
        return reply.page((ctx) => (
          <InvitationPage
            ctx={ctx}
            token={request.params.token}
            partnerName={invitation.partnerName}
            email={invitation.email}
          />
        ));
      },
    );

    app.post(
      '/invitations/:token',
      { config: { access: ['invitee'] }, schema: { hide: true, params: tokenParams } },
      async (request, reply) => {
        const accepted = await acceptInvitation(db, { actor: request.actor, token: request.params.token });
        // Redirected, so that the welcome page is read with the new role (its menu shows the partner's places)
        // and a reload does not post the used invitation again.
        return reply.redirect(`/invitations/accepted/${encodeURIComponent(accepted.partnerId)}`, 303);
      },
    );

    app.get(
      '/invitations/accepted/:id',
      { config: { access: ['partner', 'staff'] }, schema: { hide: true, params: partnerIdParamsSchema } },
      async (request, reply) => {
        const partner = await getPartner(db, { actor: request.actor, id: request.params.id });
        return reply.page((ctx) => <InvitationAcceptedPage ctx={ctx} partnerName={partner.name} />);
      },
    );
  };
}
