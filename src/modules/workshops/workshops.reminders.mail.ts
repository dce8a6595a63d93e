import type { Config } from '../../config.js';
import type { MailAttachment, OutgoingMail } from '../../platform/mail/outbox.js';
import { formatDateTime } from '../../platform/ui/date.js';
import type { SessionTimes, WorkshopRow } from './workshops.repository.js';

type MailConfig = Pick<Config, 'programName'>;

interface Workshop {
  title: string;
  timeZone: string;
  /** "Venue, street, ZIP", or "Online". */
  location: string;
  sessions: readonly SessionTimes[];
}

/** What these mails say of a workshop, from its row and its sessions. */
export function aboutWorkshop(
  row: Pick<WorkshopRow, 'title' | 'timeZone' | 'locationMode' | 'venue' | 'address' | 'zip'>,
  sessions: readonly SessionTimes[],
): Workshop {
  return {
    title: row.title,
    timeZone: row.timeZone,
    location:
      row.locationMode === 'in_person'
        ? [row.venue, row.address, row.zip].filter(Boolean).join(', ')
        : 'Online',
    sessions,
  };
}

/** "Mar 14, 2027, 9:00 AM PDT – 4:00 PM PDT", one line per session, in the workshop's zone. */
function sessionLines(workshop: Workshop): string[] {
  return workshop.sessions.map((session, index) => {
    const end = formatDateTime(session.endsAt, workshop.timeZone).split(', ').at(-1) ?? '';
    return `${workshop.sessions.length > 1 ? `Session ${index + 1}: ` : ''}${formatDateTime(session.startsAt, workshop.timeZone)} – ${end}`;
  });
}

/** A reminder of a rule, to each person with a seat who enrolled before the rule's time. */
export function reminderMail(
  config: MailConfig,
  about: { to: string; name: string; workshop: Workshop; daysBefore: number; manageUrl: string },
): OutgoingMail {
  const when =
    about.daysBefore === 0 ? 'today' : about.daysBefore === 1 ? 'tomorrow' : `in ${about.daysBefore} days`;
  return {
    to: about.to,
    subject: `Reminder: ${about.workshop.title} starts ${when}`,
    text: [
      `Hello ${about.name},`,
      '',
      `“${about.workshop.title}” starts ${when}, and you have a seat.`,
      '',
      ...sessionLines(about.workshop),
      `Where: ${about.workshop.location}`,
      '',
      'If you can no longer come, cancel so that the next person waiting gets your seat:',
      about.manageUrl,
      '',
      `— ${config.programName}`,
    ].join('\n'),
    privateLinks: [about.manageUrl],
  };
}

/** The day after the last session, to the partner's program managers. */
export function attendanceReminderMail(
  config: MailConfig,
  about: { to: string; name: string; workshop: Workshop; rosterUrl: string },
): OutgoingMail {
  return {
    to: about.to,
    subject: `Complete the attendance: ${about.workshop.title}`,
    text: [
      `Hello ${about.name},`,
      '',
      `“${about.workshop.title}” has ended. Please complete its attendance for every session, so that each participant’s certificate shows the hours they attended:`,
      about.rosterUrl,
      '',
      ...sessionLines(about.workshop),
      '',
      `— ${config.programName}`,
    ].join('\n'),
  };
}

/** To everyone enrolled or waiting, when the sessions of a published workshop move, with the new calendar file. */
export function sessionsChangedMail(
  config: MailConfig,
  about: { to: string; name: string; workshop: Workshop; manageUrl: string; calendar: MailAttachment },
): OutgoingMail {
  return {
    to: about.to,
    subject: `New times: ${about.workshop.title}`,
    text: [
      `Hello ${about.name},`,
      '',
      `The sessions of “${about.workshop.title}” have changed. They are now:`,
      '',
      ...sessionLines(about.workshop),
      `Where: ${about.workshop.location}`,
      '',
      'The attached calendar file updates the events in your calendar. If the new times do not suit you, cancel so that the next person waiting gets your place:',
      about.manageUrl,
      '',
      `— ${config.programName}`,
    ].join('\n'),
    attachments: [about.calendar],
    privateLinks: [about.manageUrl],
  };
}
