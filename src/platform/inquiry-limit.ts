import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { AppError } from './errors.js';

/** An onRequest hook, as @fastify/rate-limit makes it (an async one). */
export type InquiryLimit = ReturnType<FastifyInstance['rateLimit']>;

/**
 * The per-address budget for everything that files an inquiry: the contact form, its API and the eligibility
 * page's "connect me". It is built once because each `app.rateLimit(...)` call keeps its own counters; two calls
 * would give a client twice the allowance.
 */
export function inquirySubmissionLimit(
  app: FastifyInstance,
  config: Pick<Config, 'inquiryRateLimit' | 'programContactEmail'>,
): InquiryLimit {
  return app.rateLimit({
    groupId: 'inquiry-submission',
    max: config.inquiryRateLimit,
    timeWindow: '1 hour',
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'RATE_LIMITED',
        `Many messages have come from your network in the last hour, so we cannot take another now. ` +
          `Please try again in ${context.after}, or email ${config.programContactEmail}.`,
      ),
  });
}
