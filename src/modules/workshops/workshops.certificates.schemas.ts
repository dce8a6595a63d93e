import { z } from 'zod';

export const certificateParamsSchema = z.object({ id: z.string().max(100) });
export const enrollmentCertificateQuerySchema = z.object({ token: z.string().max(100).optional() });

/**
 * What a certificate states, as it was when it was issued; the verification page and the API show these and
 * nothing else about the person (no email, no school).
 */
export const certificateSchema = z.object({
  id: z.string().describe('The certificate’s identifier, printed on it; unguessable.'),
  participantName: z.string(),
  workshopTitle: z.string(),
  partnerName: z.string().describe('The regional partner that ran the workshop.'),
  dates: z.string().describe('The dates of the sessions attended, in words, in the workshop’s time zone.'),
  minutesAttended: z
    .number()
    .int()
    .describe('The sum of the attended sessions’ lengths (never the scheduled total).'),
  hoursAttended: z.string().describe('The same in hours, as printed: "11.5 hours".'),
  issuedAt: z.string().describe('ISO 8601 instant.'),
  verificationUrl: z.string().describe('The public page that confirms the certificate.'),
});
export type Certificate = z.infer<typeof certificateSchema>;

const hours = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** Minutes as the certificate prints them: "11.5 hours", "1 hour", "0.75 hours". */
export function hoursInWords(minutes: number): string {
  const value = minutes / 60;
  return `${hours.format(value)} ${value === 1 ? 'hour' : 'hours'}`;
}
