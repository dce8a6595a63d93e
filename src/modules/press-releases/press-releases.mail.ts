import type { Config } from '../../config.js';
import type { OutgoingMail } from '../../platform/mail/outbox.js';
import { formatDate } from '../../platform/ui/date.js';

/*
 * Subjects use the portal's own words and the partner's name (set by staff) only: a title a partner types
 * never reaches a mail header. Titles and comments appear in the plain-text bodies.
 */

type MailConfig = Pick<Config, 'programName' | 'programContactEmail' | 'baseUrl'>;

export interface ReleaseForMail {
  id: string;
  partnerName: string;
  title: string;
}

export type ReviewStep = 'comment' | 'changes_requested' | 'approved';

/** To program staff: a version is waiting for review. */
export function submittedMail(config: MailConfig, release: ReleaseForMail, version: number): OutgoingMail {
  return {
    to: config.programContactEmail,
    subject: `A press release from ${release.partnerName} is ready for review`,
    text: [
      `${release.partnerName} submitted version ${version} of a press release for review.`,
      '',
      `Title: ${release.title}`,
      '',
      'Read it, comment, request changes or approve it in the portal:',
      `${config.baseUrl}/staff/press-releases/${release.id}`,
    ].join('\n'),
  };
}

const STEP_WORDS: Record<ReviewStep, { subject: string; lead: string }> = {
  comment: { subject: 'Program staff commented on your press release', lead: 'Program staff commented on' },
  changes_requested: {
    subject: 'Program staff asked for changes to your press release',
    lead: 'Program staff asked for changes to',
  },
  approved: { subject: 'Your press release is approved', lead: 'Program staff approved' },
};

/** To a partner's program manager or public contact, after a review step. */
export function reviewMail(
  config: MailConfig,
  to: string,
  release: ReleaseForMail,
  step: { kind: ReviewStep; version: number | null; body: string | null },
): OutgoingMail {
  const words = STEP_WORDS[step.kind];
  const what = step.version === null ? 'your press release' : `version ${step.version} of your press release`;
  return {
    to,
    subject: words.subject,
    text: [
      `${words.lead} ${what} “${release.title}” (${release.partnerName}).`,
      ...(step.body ? ['', step.body] : []),
      '',
      step.kind === 'changes_requested'
        ? 'Edit it and submit it again in the portal:'
        : step.kind === 'approved'
          ? 'Once it appears, mark it published (with the date and the web address) in the portal:'
          : 'Read it in the portal:',
      `${config.baseUrl}/partner/press-releases/${release.id}`,
    ].join('\n'),
  };
}

/** To program staff: the partner says the release is out. */
export function publishedMail(
  config: MailConfig,
  release: ReleaseForMail,
  published: { publishedAt: string; publishedUrl: string },
): OutgoingMail {
  return {
    to: config.programContactEmail,
    subject: `A press release from ${release.partnerName} is published`,
    text: [
      `${release.partnerName} marked its press release “${release.title}” published.`,
      '',
      `Date: ${formatDate(published.publishedAt)}`,
      `Where: ${published.publishedUrl}`,
      '',
      `${config.baseUrl}/staff/press-releases/${release.id}`,
    ].join('\n'),
  };
}
