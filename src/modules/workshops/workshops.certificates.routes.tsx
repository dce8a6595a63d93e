import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CoreDeps } from '../../platform/deps.js';
import { problemResponses } from '../../platform/problem.js';
import { certificatesPdf } from './workshops.certificates.pdf.js';
import {
  certificateParamsSchema,
  certificateSchema,
  enrollmentCertificateQuerySchema,
} from './workshops.certificates.schemas.js';
import {
  getCertificate,
  issueEnrollmentCertificate,
  issueWorkshopCertificates,
} from './workshops.certificates.service.js';
import { CertificatePage } from './workshops.certificates.views.js';

/** What the documentation says a PDF route answers (its errors are the portal's pages, not problem+json). */
const PDF_RESPONSES = {
  200: z.string().describe('A PDF document, application/pdf'),
  404: z.string().describe('Not found, or no certificate (yet), with the reason (an HTML page)'),
};

/** A PDF that is someone's own: never kept by a cache on the way. */
function sendPdf(reply: FastifyReply, pdf: Buffer, disposition: string) {
  return reply
    .type('application/pdf')
    .header('cache-control', 'private, no-store')
    .header('content-disposition', disposition)
    .send(pdf);
}

export function certificateRoutes(deps: Pick<CoreDeps, 'db' | 'config'>): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/enrollments/:id/certificate.pdf',
      {
        config: { access: ['owner', 'partner', 'staff'] },
        schema: {
          tags: ['Certificates'],
          summary: 'An enrollment’s certificate, issued on the first request once the workshop has ended',
          description:
            'For its person (signed in, or with the private link’s `token`), the workshop’s organizers and staff. Only for someone who attended at least one session; the hours are those of the sessions attended.',
          params: certificateParamsSchema,
          querystring: enrollmentCertificateQuerySchema,
          produces: ['application/pdf'],
          response: PDF_RESPONSES,
        },
      },
      async (request, reply) => {
        const certificate = await issueEnrollmentCertificate(deps, {
          actor: request.actor,
          enrollmentId: request.params.id,
          token: request.query.token,
        });
        const pdf = await certificatesPdf([certificate], {
          programName: deps.config.programName,
          title: `Certificate of attendance: ${certificate.participantName}, ${certificate.workshopTitle}`,
        });
        return sendPdf(reply, pdf, `inline; filename="certificate-${certificate.id}.pdf"`);
      },
    );

    app.get(
      '/workshops/:id/certificates.pdf',
      {
        config: { access: ['partner', 'staff'] },
        schema: {
          tags: ['Certificates'],
          summary: 'All certificates of an ended workshop, one page each (its organizers and staff)',
          description: 'Issues the certificates not yet asked for. Everyone who attended a session has one.',
          params: certificateParamsSchema,
          produces: ['application/pdf'],
          response: PDF_RESPONSES,
        },
      },
      async (request, reply) => {
        const { workshopTitle, certificates } = await issueWorkshopCertificates(deps, {
          actor: request.actor,
          workshopId: request.params.id,
        });
        const pdf = await certificatesPdf(certificates, {
          programName: deps.config.programName,
          title: `Certificates of attendance: ${workshopTitle}`,
        });
        return sendPdf(reply, pdf, `attachment; filename="certificates-${request.params.id}.pdf"`);
      },
    );

    app.get(
      '/api/v1/certificates/:id',
      {
        config: { access: ['anyone'] },
        schema: {
          tags: ['Certificates'],
          summary: 'Verify a certificate: the facts it states (public)',
          params: certificateParamsSchema,
          response: { 200: certificateSchema, ...problemResponses(404) },
        },
      },
      (request) => getCertificate(deps, { id: request.params.id }),
    );

    app.get(
      '/certificates/:id',
      { config: { access: ['anyone'] }, schema: { hide: true, params: certificateParamsSchema } },
      async (request, reply) => {
        const certificate = await getCertificate(deps, { id: request.params.id });
        // Whoever holds the certificate may show it; a search engine that finds the address need not list the name.
        void reply.header('x-robots-tag', 'noindex');
        return reply.page((ctx) => <CertificatePage ctx={ctx} certificate={certificate} />);
      },
    );
  };
}
