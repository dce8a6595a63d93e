import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CoreDeps } from '../../platform/deps.js';
import { AppError, type FieldError } from '../../platform/errors.js';
import { formBody, pageContext, redirectWithNotice, sendHtml } from '../../platform/http.js';
import { renderPage } from '../../platform/page.js';
import { problemResponses } from '../../platform/problem.js';
import {
  resourceIdParamsSchema,
  resourceInputDocSchema,
  resourceListSchema,
  resourceSchema,
} from './resources.schemas.js';
import {
  createResource,
  deleteResource,
  getResourceFile,
  getResourceForStaff,
  listAllResources,
  listResources,
} from './resources.service.js';
import {
  RemoveResourcePage,
  ResourcesPage,
  StaffResourcesPage,
  type ResourceFormValues,
} from './resources.views.js';
import { acceptUploads, contentDisposition, uploadedFileOf } from './resources.upload.js';

const EMPTY_FORM: ResourceFormValues = { title: '', description: '', audience: '', url: '' };

export function resourceRoutes(deps: CoreDeps): FastifyPluginAsyncZod {
  const db = deps.db.kysely;

  return async (app) => {
    app.get('/resources', { schema: { hide: true } }, async (request, reply) => {
      const resources = await listResources(db, { actor: request.actor });
      const ctx = pageContext(deps.config, request, reply);
      return sendHtml(reply, renderPage(<ResourcesPage ctx={ctx} resources={resources} />));
    });

    app.get(
      '/api/v1/resources',
      {
        schema: {
          tags: ['Resources'],
          summary: 'Documents the caller may see (public to everyone; others by role)',
          response: { 200: resourceListSchema },
        },
      },
      async (request) => ({ resources: await listResources(db, { actor: request.actor }) }),
    );

    app.delete(
      '/api/v1/resources/:id',
      {
        schema: {
          tags: ['Resources'],
          summary: 'Remove a resource (staff)',
          params: resourceIdParamsSchema,
          response: { 204: z.null(), ...problemResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await deleteResource(deps, { actor: request.actor, id: request.params.id });
        return reply.status(204).send(null);
      },
    );

    // Staff screens: each calls the same domain function as the API, which checks that the actor is staff.

    async function sendStaffPage(
      request: FastifyRequest,
      reply: FastifyReply,
      values: ResourceFormValues,
      errors: FieldError[] = [],
      status = 200,
    ) {
      const resources = await listAllResources(db, { actor: request.actor });
      const ctx = pageContext(deps.config, request, reply);
      return sendHtml(
        reply,
        renderPage(<StaffResourcesPage ctx={ctx} resources={resources} values={values} errors={errors} />),
        status,
      );
    }

    app.get('/staff/resources', { schema: { hide: true } }, (request, reply) =>
      sendStaffPage(request, reply, EMPTY_FORM),
    );

    // The two routes that take an upload, in a scope of their own: no other route accepts multipart bodies.
    await app.register(async (uploads) => {
      await acceptUploads(uploads);

      uploads.post(
        '/api/v1/resources',
        {
          schema: {
            tags: ['Resources'],
            summary:
              'Publish a document for an audience (staff): a link as JSON, or a file as multipart/form-data',
            consumes: ['application/json', 'multipart/form-data'],
            body: resourceInputDocSchema,
            response: { 201: resourceSchema, ...problemResponses(400, 401, 403, 413) },
          },
        },
        // A multipart body arrives as the same object as a JSON one, its file as an UploadedFile.
        async (request, reply) =>
          reply.status(201).send(await createResource(deps, { actor: request.actor, input: request.body })),
      );

      uploads.post('/staff/resources', { schema: { hide: true } }, async (request, reply) => {
        const form = formBody(request);
        const values: ResourceFormValues = {
          title: form.title ?? '',
          description: form.description ?? '',
          audience: form.audience ?? '',
          url: form.url ?? '',
        };
        try {
          await createResource(deps, {
            actor: request.actor,
            input: { ...values, file: uploadedFileOf(request) },
          });
          return redirectWithNotice(reply, '/staff/resources', 'resource-added');
        } catch (error) {
          if (!(error instanceof AppError && error.code === 'INVALID_INPUT')) throw error;
          return sendStaffPage(request, reply, values, error.fieldErrors, 400);
        }
      });
    });

    app.get(
      '/staff/resources/:id/remove',
      { schema: { hide: true, params: resourceIdParamsSchema } },
      async (request, reply) => {
        const resource = await getResourceForStaff(db, { actor: request.actor, id: request.params.id });
        const ctx = pageContext(deps.config, request, reply);
        return sendHtml(reply, renderPage(<RemoveResourcePage ctx={ctx} resource={resource} />));
      },
    );

    app.get(
      '/resources/:id/file',
      { schema: { hide: true, params: resourceIdParamsSchema } },
      async (request, reply) => {
        const file = await getResourceFile(db, { actor: request.actor, id: request.params.id });
        return reply
          .header('content-disposition', contentDisposition(file.filename))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .type(file.contentType)
          .send(file.content);
      },
    );

    app.post(
      '/staff/resources/:id/remove',
      { schema: { hide: true, params: resourceIdParamsSchema } },
      async (request, reply) => {
        await deleteResource(deps, { actor: request.actor, id: request.params.id });
        return redirectWithNotice(reply, '/staff/resources', 'resource-removed');
      },
    );
  };
}
