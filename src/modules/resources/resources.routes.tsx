import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import type { CoreDeps } from '../../platform/deps.js';
import { confirmFirst, submitForm } from '../../platform/forms.js';
import { defineNotices } from '../../platform/notices.js';
import { problemResponses } from '../../platform/problem.js';
import { formState, pageInfo, type PageContext } from '../../platform/ui/index.js';
import { parseInput } from '../../platform/validation.js';
import {
  resourceIdParamsSchema,
  resourceInputDocSchema,
  resourceListSchema,
  resourceQuerySchema,
  resourceSchema,
  type ResourceQuery,
} from './resources.schemas.js';
import {
  createResource,
  deleteResource,
  getResourceFile,
  getResourceForStaff,
  listResources,
  listResourcesForStaff,
  resourcesByAudience,
} from './resources.service.js';
import { removeResource, ResourcesPage, StaffResourcesPage, type ResourceForm } from './resources.views.js';
import { acceptUploads, contentDisposition, uploadedFileOf } from './resources.upload.js';

const notices = defineNotices({
  'resource-added': 'The resource is added.',
  'resource-removed': 'The resource is removed.',
});

export function resourceRoutes(deps: CoreDeps): FastifyPluginAsyncZod {
  const db = deps.db.kysely;

  return async (app) => {
    app.get(
      '/resources',
      { config: { access: ['anyone'] }, schema: { hide: true } },
      async (request, reply) => {
        const { groups, canManage } = await resourcesByAudience(db, { actor: request.actor });
        return reply.page((ctx) => <ResourcesPage ctx={ctx} groups={groups} canManage={canManage} />);
      },
    );

    app.get(
      '/api/v1/resources',
      {
        config: { access: ['anyone'] },
        schema: {
          tags: ['Resources'],
          summary: 'Documents the caller may see (public to everyone; others by role), a page at a time',
          description:
            'In the order staff added them unless `sort` and `dir` say otherwise; `q` searches titles and ' +
            'descriptions; `audience` keeps one audience.',
          querystring: resourceQuerySchema,
          response: { 200: resourceListSchema, ...problemResponses(400) },
        },
      },
      async (request) => {
        const page = await listResources(db, { actor: request.actor, query: request.query });
        return { resources: page.rows, ...pageInfo(page) };
      },
    );

    app.delete(
      '/api/v1/resources/:id',
      {
        config: { access: ['staff'] },
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

    /** The staff page: the list as its address asks, and the form to add one as the person left it. */
    async function staffPage(actor: Actor | null, query: ResourceQuery, form: ResourceForm) {
      const page = await listResourcesForStaff(db, { actor, query });
      const filtered = query.audience !== undefined || query.table.q !== '';
      return (ctx: PageContext) => (
        <StaffResourcesPage ctx={ctx} page={page} filtered={filtered} form={form} />
      );
    }

    app.get(
      '/staff/resources',
      { config: { access: ['staff'] }, schema: { hide: true } },
      async (request, reply) => {
        const query = parseInput(resourceQuerySchema, request.query);
        return reply.page(await staffPage(request.actor, query, formState()));
      },
    );

    // The two routes that take an upload, in a scope of their own: no other route accepts multipart bodies.
    await app.register(async (uploads) => {
      await acceptUploads(uploads);

      uploads.post(
        '/api/v1/resources',
        {
          config: { access: ['staff'] },
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

      uploads.post(
        '/staff/resources',
        { config: { access: ['staff'] }, schema: { hide: true } },
        (request, reply) =>
          submitForm(request, reply, {
            // The form's text fields are read as any form's; the file is the upload's own.
            run: (input) =>
              createResource(deps, {
                actor: request.actor,
                input: { ...input, file: uploadedFileOf(request) },
              }),
            done: () => notices.redirect(reply, '/staff/resources', 'resource-added'),
            again: async (form, ctx) =>
              (await staffPage(request.actor, parseInput(resourceQuerySchema, {}), form))(ctx),
            page: '/staff/resources',
          }),
      );
    });

    app.get(
      '/resources/:id/file',
      { config: { access: ['anyone'] }, schema: { hide: true, params: resourceIdParamsSchema } },
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
      { config: { access: ['staff'] }, schema: { hide: true, params: resourceIdParamsSchema } },
      async (request, reply) => {
        const resource = await getResourceForStaff(db, { actor: request.actor, id: request.params.id });
        return confirmFirst(
          request,
          reply,
          { confirmation: removeResource(resource), cancelHref: '/staff/resources' },
          async () => {
            await deleteResource(deps, { actor: request.actor, id: resource.id });
            return notices.redirect(reply, '/staff/resources', 'resource-removed');
          },
        );
      },
    );
  };
}
