import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CoreDeps } from '../../platform/deps.js';
import { requireStaff } from '../../platform/actor.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { formBody, formRows, pageContext, redirectWithNotice, sendHtml } from '../../platform/http.js';
import { renderPage } from '../../platform/page.js';
import { problemResponses } from '../../platform/problem.js';
import { listProgramYears } from '../program-years/program-years.service.js';
import { assignRegion, removeRegion } from '../regions/regions.service.js';
import {
  invitationInputSchema,
  partnerIdParamsSchema,
  partnerInputSchema,
  partnerSchema,
} from './partners.schemas.js';
import {
  acceptInvitation,
  createPartner,
  findOpenInvitation,
  getPartner,
  invitePartnerManager,
  listPartnerPeople,
  listPartners,
  updatePartner,
} from './partners.service.js';
import {
  InvitationAcceptedPage,
  InvitationPage,
  PartnerDetailPage,
  PartnerFormPage,
  PartnerListPage,
  RemoveRegionPage,
  partnerFormValues,
  type PartnerFormValues,
} from './partners.views.js';
import { regionError } from '../regions/regions.errors.js';

const unitParams = z.object({ id: z.string().max(100), unit: z.string().max(120) });
const tokenParams = z.object({ token: z.string().max(200) });

export function partnerRoutes(deps: CoreDeps): FastifyPluginAsyncZod {
  const db = deps.db.kysely;
  return async (app) => {
    app.get(
      '/api/v1/partners',
      {
        schema: {
          tags: ['Partners'],
          summary: "A year's partners (staff)",
          querystring: z.object({ year: z.string().max(20).optional() }),
          response: {
            200: z.object({ programYear: z.string(), partners: z.array(partnerSchema) }),
            ...problemResponses(400, 401, 403, 404),
          },
        },
      },
      async (request) => {
        const { year, partners } = await listPartners(db, { actor: request.actor, year: request.query.year });
        return { programYear: year.name, partners };
      },
    );

    app.post(
      '/api/v1/partners',
      {
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

    app.post(
      '/api/v1/partners/:id/invitations',
      {
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

    // Staff screens; each calls the same domain function as the API above, which checks the actor.

    app.get(
      '/staff/partners',
      { schema: { hide: true, querystring: z.object({ year: z.string().max(20).optional() }) } },
      async (request, reply) => {
        const { year, partners } = await listPartners(db, { actor: request.actor, year: request.query.year });
        const years = await listProgramYears(db);
        const ctx = pageContext(deps.config, request, reply);
        return sendHtml(
          reply,
          renderPage(<PartnerListPage ctx={ctx} year={year} years={years} partners={partners} />),
        );
      },
    );

    app.get(
      '/staff/partners/new',
      { schema: { hide: true, querystring: z.object({ year: z.string().max(20).optional() }) } },
      async (request, reply) => {
        requireStaff(request.actor);
        const years = await listProgramYears(db);
        const values: PartnerFormValues = {
          programYear: request.query.year ?? years.find((y) => y.isCurrent)?.name ?? years[0]?.name ?? '',
          name: '',
          contactName: '',
          contactEmail: '',
          contactPhone: '',
          website: '',
          address: '',
          coursesOffered: '',
          active: true,
          organizations: [],
        };
        const ctx = pageContext(deps.config, request, reply);
        return sendHtml(
          reply,
          renderPage(<PartnerFormPage ctx={ctx} mode="new" years={years} values={values} />),
        );
      },
    );

    app.post('/staff/partners/new', { schema: { hide: true } }, async (request, reply) => {
      const values = partnerFormInput(formBody(request));
      try {
        const partner = await createPartner(deps, { actor: request.actor, input: values });
        return redirectWithNotice(reply, `/staff/partners/${partner.id}`, 'partner-saved');
      } catch (error) {
        if (!isFormError(error)) throw error;
        const years = await listProgramYears(db);
        const ctx = pageContext(deps.config, request, reply);
        return sendHtml(
          reply,
          renderPage(
            <PartnerFormPage ctx={ctx} mode="new" years={years} values={values} errors={error.fieldErrors} />,
          ),
          error.status,
        );
      }
    });

    app.get(
      '/staff/partners/:id',
      { schema: { hide: true, params: partnerIdParamsSchema } },
      async (request, reply) => {
        requireStaff(request.actor);
        return renderDetail(request, reply, request.params.id, {});
      },
    );

    app.get(
      '/staff/partners/:id/edit',
      { schema: { hide: true, params: partnerIdParamsSchema } },
      async (request, reply) => {
        requireStaff(request.actor);
        const partner = await getPartner(db, { actor: request.actor, id: request.params.id });
        const ctx = pageContext(deps.config, request, reply);
        return sendHtml(
          reply,
          renderPage(
            <PartnerFormPage
              ctx={ctx}
              mode="edit"
              partnerId={partner.id}
              years={[]}
              values={partnerFormValues(partner)}
            />,
          ),
        );
      },
    );

    app.post(
      '/staff/partners/:id/edit',
      { schema: { hide: true, params: partnerIdParamsSchema } },
      async (request, reply) => {
        const values = partnerFormInput(formBody(request));
        try {
          await updatePartner(deps, { actor: request.actor, id: request.params.id, input: values });
          return redirectWithNotice(reply, `/staff/partners/${request.params.id}`, 'partner-saved');
        } catch (error) {
          if (!isFormError(error)) throw error;
          const ctx = pageContext(deps.config, request, reply);
          return sendHtml(
            reply,
            renderPage(
              <PartnerFormPage
                ctx={ctx}
                mode="edit"
                partnerId={request.params.id}
                years={[]}
                values={values}
                errors={error.fieldErrors}
              />,
            ),
            error.status,
          );
        }
      },
    );

    app.post(
      '/staff/partners/:id/regions',
      { schema: { hide: true, params: partnerIdParamsSchema } },
      async (request, reply) => {
        const form = formBody(request);
        try {
          await assignRegion(deps, { actor: request.actor, partnerId: request.params.id, input: form });
          return redirectWithNotice(reply, `/staff/partners/${request.params.id}`, 'region-added');
        } catch (error) {
          if (!(
            error instanceof AppError &&
            (error.code === 'INVALID_INPUT' || error.code === 'REGION_ALREADY_ASSIGNED')
          ))
            throw error;
          return renderDetail(
            request,
            reply,
            request.params.id,
            { regionErrors: error.fieldErrors, regionValue: form.region },
            error.status,
          );
        }
      },
    );

    app.get(
      '/staff/partners/:id/regions/:unit/remove',
      { schema: { hide: true, params: unitParams } },
      async (request, reply) => {
        requireStaff(request.actor);
        const partner = await getPartner(db, { actor: request.actor, id: request.params.id });
        if (!partner.regions.includes(request.params.unit))
          throw regionError('REGION_NOT_FOUND', 'This partner does not hold that region.');
        const ctx = pageContext(deps.config, request, reply);
        return sendHtml(
          reply,
          renderPage(<RemoveRegionPage ctx={ctx} partner={partner} unit={request.params.unit} />),
        );
      },
    );

    app.post(
      '/staff/partners/:id/regions/:unit/remove',
      { schema: { hide: true, params: unitParams } },
      async (request, reply) => {
        await removeRegion(deps, {
          actor: request.actor,
          partnerId: request.params.id,
          unit: request.params.unit,
        });
        return redirectWithNotice(reply, `/staff/partners/${request.params.id}`, 'region-removed');
      },
    );

    app.post(
      '/staff/partners/:id/invitations',
      { schema: { hide: true, params: partnerIdParamsSchema } },
      async (request, reply) => {
        const form = formBody(request);
        try {
          await invitePartnerManager(deps, {
            actor: request.actor,
            partnerId: request.params.id,
            input: form,
          });
          return redirectWithNotice(reply, `/staff/partners/${request.params.id}`, 'invitation-sent');
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'INVALID_INPUT')) throw error;
          return renderDetail(
            request,
            reply,
            request.params.id,
            { inviteErrors: error.fieldErrors, inviteValue: form.email },
            400,
          );
        }
      },
    );

    app.get(
      '/invitations/:token',
      { schema: { hide: true, params: tokenParams } },
      async (request, reply) => {
        const invitation = await findOpenInvitation(db, request.params.token);
        const ctx = pageContext(deps.config, request, reply);
        return sendHtml(
          reply,
          renderPage(
            <InvitationPage
              ctx={ctx}
              token={request.params.token}
              partnerName={invitation.partnerName}
              email={invitation.email}
            />,
          ),
        );
      },
    );

    app.post(
      '/invitations/:token',
      { schema: { hide: true, params: tokenParams } },
      async (request, reply) => {
        const accepted = await acceptInvitation(db, { actor: request.actor, token: request.params.token });
        // Redirected, so that the welcome page is read with the new role (its menu shows the partner's places)
        // and a reload does not post the used invitation again.
        return reply.redirect(`/invitations/accepted/${encodeURIComponent(accepted.partnerId)}`, 303);
      },
    );

    app.get(
      '/invitations/accepted/:id',
      { schema: { hide: true, params: partnerIdParamsSchema } },
      async (request, reply) => {
        const partner = await getPartner(db, { actor: request.actor, id: request.params.id });
        const ctx = pageContext(deps.config, request, reply);
        return sendHtml(reply, renderPage(<InvitationAcceptedPage ctx={ctx} partnerName={partner.name} />));
      },
    );

    async function renderDetail(
      request: FastifyRequest,
      reply: FastifyReply,
      partnerId: string,
      extra: {
        regionErrors?: FieldError[];
        regionValue?: string | undefined;
        inviteErrors?: FieldError[];
        inviteValue?: string | undefined;
      },
      status = 200,
    ) {
      const partner = await getPartner(db, { actor: request.actor, id: partnerId });
      const people = await listPartnerPeople(db, { actor: request.actor, partnerId });
      const ctx = pageContext(deps.config, request, reply);
      return sendHtml(
        reply,
        renderPage(<PartnerDetailPage ctx={ctx} partner={partner} {...people} {...extra} />),
        status,
      );
    }
  };
}

/** The partner form's fields in the shape of the partner input schema. */
function partnerFormInput(form: Record<string, string>): PartnerFormValues {
  return {
    programYear: form.programYear ?? '',
    name: form.name ?? '',
    contactName: form.contactName ?? '',
    contactEmail: form.contactEmail ?? '',
    contactPhone: form.contactPhone ?? '',
    website: form.website ?? '',
    address: form.address ?? '',
    coursesOffered: form.coursesOffered ?? '',
    // The checkbox follows a hidden "false": the last value wins when it is ticked.
    active: form.active === 'true',
    organizations: formRows(form, 'organizations').map((row) => ({
      name: row.name ?? '',
      role: row.role ?? '',
    })),
  };
}

function isFormError(error: unknown): error is AppError {
  return error instanceof AppError && (error.code === 'INVALID_INPUT' || error.code === 'CONFLICT');
}
