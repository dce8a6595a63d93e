import type { Config } from '../../config.js';
import type { OutgoingMail } from '../../platform/mail/outbox.js';
import type { EnrollmentStatus } from './workshops.enrollments.schemas.js';

type MailConfig = Pick<Config, 'programName'>;

interface About {
  to: string;
  name: string;
  workshopTitle: string;
  /** The private link that manages the enrollment. */
  manageUrl: string;
}

function footer(about: About): string[] {
  return ['', 'See where you stand, or cancel, at:', about.manageUrl];
}

/** The confirmation of a sign-up: a seat, or a place on the waitlist with its number. */
export function signUpMail(
  config: MailConfig,
  about: About & { status: EnrollmentStatus; waitlistPosition?: number | undefined },
): OutgoingMail {
  const seated = about.status === 'enrolled';
  return {
    to: about.to,
    subject: seated
      ? `You are enrolled: ${about.workshopTitle}`
      : `You are on the waitlist: ${about.workshopTitle}`,
    text: [
      `Hello ${about.name},`,
      '',
      seated
        ? `You have a seat in “${about.workshopTitle}”.`
        : `“${about.workshopTitle}” is full, so you are on its waitlist, number ${about.waitlistPosition ?? '?'}. When a seat frees up it goes to the first person waiting, and we email you if it is yours.`,
      ...footer(about),
      '',
      `— ${config.programName}`,
    ].join('\n'),
    privateLinks: [about.manageUrl],
  };
}

export function promotedMail(config: MailConfig, about: About): OutgoingMail {
  return {
    to: about.to,
    subject: `A seat is yours: ${about.workshopTitle}`,
    text: [
      `Hello ${about.name},`,
      '',
      `A seat freed up in “${about.workshopTitle}” and it is yours: you are enrolled. If you can no longer come, cancel so that the next person waiting gets it.`,
      ...footer(about),
      '',
      `— ${config.programName}`,
    ].join('\n'),
    privateLinks: [about.manageUrl],
  };
}

export function cancelledMail(config: MailConfig, about: About): OutgoingMail {
  return {
    to: about.to,
    subject: `Your place is cancelled: ${about.workshopTitle}`,
    text: [
      `Hello ${about.name},`,
      '',
      `Your place in “${about.workshopTitle}” is cancelled.`,
      '',
      `— ${config.programName}`,
    ].join('\n'),
  };
}

/** A workshop's cancellation, to everyone enrolled or waiting, with the organizer's reason. */
export function workshopCancelledMail(config: MailConfig, about: About & { reason: string }): OutgoingMail {
  return {
    to: about.to,
    subject: `Cancelled: ${about.workshopTitle}`,
    text: [
      `Hello ${about.name},`,
      '',
      `“${about.workshopTitle}” is cancelled. The organizer says:`,
      '',
      about.reason,
      '',
      'Your place in it is released; there is nothing you need to do.',
      '',
      `— ${config.programName}`,
    ].join('\n'),
  };
}
