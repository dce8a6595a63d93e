import type { Config } from '../../config.js';
import type { InquiryRole } from '../../db/schema.js';
import type { OutgoingMail } from '../../platform/mail/outbox.js';
import { isStateCode, US_STATES } from '../regions/geography.js';
import { INQUIRY_ROLE_LABELS } from './inquiries.schemas.js';

/*
 * Subjects are built from the portal's own words only: nothing a sender types ever reaches a mail header.
 * What they typed (name, message) appears in bodies, which are plain text.
 */

type MailConfig = Pick<Config, 'programName' | 'programContactEmail' | 'baseUrl'>;

/** Who answers an inquiry: a partner, through its public contact address, or program staff. */
export type Handler = { kind: 'partner'; id: string; name: string; contactEmail: string } | { kind: 'staff' };

export interface InquiryForMail {
  id: string;
  name: string;
  email: string;
  role: InquiryRole;
  zip: string | null;
  state: string | null;
  message: string;
}

function handlerAddress(config: MailConfig, handler: Handler): string {
  return handler.kind === 'partner' ? handler.contactEmail : config.programContactEmail;
}

/** "ZIP code 98101 (WA)", "Washington", or that the sender gave no place. */
export function describePlace(inquiry: { zip: string | null; state: string | null }): string {
  if (inquiry.zip) return `ZIP code ${inquiry.zip}${inquiry.state ? ` (${inquiry.state})` : ''}`;
  if (inquiry.state) return isStateCode(inquiry.state) ? US_STATES[inquiry.state] : inquiry.state;
  return 'no ZIP code or state given';
}

function inquiryBody(config: MailConfig, inquiry: InquiryForMail): string[] {
  return [
    `From: ${inquiry.name}, ${inquiry.email}`,
    `Role: ${INQUIRY_ROLE_LABELS[inquiry.role]}`,
    `Where: ${describePlace(inquiry)}`,
    '',
    'Message:',
    inquiry.message,
    '',
    'Read it and answer in the portal (your reply is emailed to the sender):',
    `${config.baseUrl}/inbox/${inquiry.id}`,
  ];
}

/** To whoever must answer a new inquiry. */
export function newInquiryMail(config: MailConfig, inquiry: InquiryForMail, handler: Handler): OutgoingMail {
  return {
    to: handlerAddress(config, handler),
    subject: `New question from the ${config.programName} contact form`,
    text: [
      handler.kind === 'partner'
        ? `A question came in through the contact form. It is for ${handler.name}, the Regional Partner serving the sender’s area.`
        : 'A question came in through the contact form. No Regional Partner serves the sender’s area, so it is for program staff.',
      '',
      ...inquiryBody(config, inquiry),
    ].join('\n'),
  };
}

/** To the new handler when staff pass an inquiry on. */
export function reroutedInquiryMail(
  config: MailConfig,
  inquiry: InquiryForMail,
  handler: Handler,
): OutgoingMail {
  return {
    to: handlerAddress(config, handler),
    subject: `A question was passed on to you in the ${config.programName} portal`,
    text: [
      handler.kind === 'partner'
        ? `Program staff passed this question on to ${handler.name}, to answer.`
        : 'This question was passed back to program staff, to answer.',
      '',
      ...inquiryBody(config, inquiry),
    ].join('\n'),
  };
}

/**
 * The sender's confirmation. It does not repeat their message: anyone can type any address into the form,
 * and the portal must not become a way to send chosen text to strangers.
 */
export function receiptMail(
  config: MailConfig,
  inquiry: InquiryForMail & { reference: string },
  handler: Handler,
): OutgoingMail {
  return {
    to: inquiry.email,
    subject: `We received your question to the ${config.programName}`,
    text: [
      `Hello ${inquiry.name},`,
      '',
      `Thank you for writing to the ${config.programName}.`,
      handler.kind === 'partner'
        ? `${handler.name}, the Regional Partner serving your area, will answer you at this email address.`
        : 'Program staff will answer you at this email address.',
      '',
      `Your reference: ${inquiry.reference}. Quote it if you write to us about this question.`,
      '',
      'If you did not send a question, you can ignore this email.',
    ].join('\n'),
  };
}

/** The answer, to the sender, with their question quoted so that the email stands on its own. */
export function replyMail(
  config: MailConfig,
  inquiry: InquiryForMail,
  reply: { body: string; answeredBy: string; writeBackTo: string },
): OutgoingMail {
  return {
    to: inquiry.email,
    subject: `An answer to your question to the ${config.programName}`,
    text: [
      `Hello ${inquiry.name},`,
      '',
      `${reply.answeredBy} answered your question:`,
      '',
      reply.body,
      '',
      'You asked:',
      ...inquiry.message.split(/\r?\n/).map((line) => `> ${line}`),
      '',
      `To write back, email ${reply.writeBackTo}.`,
    ].join('\n'),
  };
}
