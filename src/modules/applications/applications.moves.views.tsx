import type { z } from 'zod';
import { US_TIME_ZONES } from '../../platform/zoned-time.js';
import {
  Form,
  Layout,
  SelectField,
  TextArea,
  TextField,
  formState,
  type Confirmation,
  type FormState,
  type PageContext,
} from '../../platform/ui/index.js';
import type { DraftEmail } from './applications.mail.js';
import { acceptanceSummary } from './applications.onboarding.js';
import type { transitionInputSchema } from './applications.review.schemas.js';
import type { Application } from './applications.schemas.js';
import { ApplicationStatus, nameOf, plural } from './applications.views.js';

/* The moves that send an email, each on a page of its own: the interview, accepting, declining. */

export type MoveForm = FormState<z.input<typeof transitionInputSchema>>;

/** The moves with a page of their own (they send an email staff may edit), by the last part of its address. */
export const MOVE_PAGES = { interview: 'interview', accept: 'accepted', decline: 'declined' } as const;
export type MovePage = keyof typeof MOVE_PAGES;

/** Asked before accepting: what it creates and whom it emails. */
export function acceptConfirmation(application: Application): Confirmation {
  const { partnerName, regions, invitations } = acceptanceSummary(application);
  const where = regions.length > 0 ? ` with ${regions.join(', ')}` : '';
  return {
    title: `Accept ${nameOf(application)}?`,
    message: `Accepting creates the partner ${partnerName ?? nameOf(application)}${where} and emails ${plural(invitations, 'invitation')} and the decision. This cannot be undone.`,
    confirmLabel: 'Accept the application',
  };
}

/** Asked before declining: the decision is emailed and final. */
export function declineConfirmation(application: Application): Confirmation {
  return {
    title: `Decline ${nameOf(application)}?`,
    message: `Declining emails the decision to ${application.contactEmail ?? application.applicantEmail}. A declined application cannot be reopened.`,
    confirmLabel: 'Decline the application',
  };
}

type MoveInput = z.input<typeof transitionInputSchema>;
type MoveInputTo<To extends MoveInput['to']> = Extract<MoveInput, { to: To }>;

/** What a move's form shows before anything is typed: the default email, and the listing from the application. */
export function moveFormFor(application: Application, move: MovePage, email: DraftEmail): MoveForm {
  const emailFields = { emailSubject: email.subject, emailBody: email.body };
  switch (move) {
    case 'interview':
      return formState<MoveInputTo<'interview'>>({
        to: 'interview',
        interview: { timeZone: 'America/New_York' },
        ...emailFields,
      });
    case 'accept':
      return formState<MoveInputTo<'accepted'>>({
        to: 'accepted',
        listing: { contactName: application.contactName ?? '', contactEmail: application.contactEmail ?? '' },
        ...emailFields,
      });
    case 'decline':
      return formState<MoveInputTo<'declined'>>({ to: 'declined', ...emailFields });
  }
}

const MOVE_TITLES: Record<MovePage, string> = {
  interview: 'Invite to an interview',
  accept: 'Accept the application',
  decline: 'Decline the application',
};

function EmailFields({ form }: { form: MoveForm }) {
  return (
    <fieldset class="stack">
      <legend>The email to the applicant</legend>
      <TextField form={form} name="emailSubject" label="Subject" maxLength={200} />
      <TextArea form={form} name="emailBody" label="Message" rows={8} maxLength={10_000} />
    </fieldset>
  );
}

/** A move that sends an email: its form on a page of its own, so that accepting and declining stand apart. */
export function MovePage(props: {
  ctx: PageContext;
  application: Application;
  move: MovePage;
  form: MoveForm;
  confirm?: Confirmation | undefined;
}) {
  const { ctx, application, move, form } = props;
  const base = `/staff/applications/${application.id}`;
  const to = application.contactEmail ?? application.applicantEmail;
  return (
    <Layout ctx={ctx} title={`${MOVE_TITLES[move]} · ${nameOf(application)}`}>
      <p>
        <a href={base}>Back to {nameOf(application)}</a>
      </p>
      <h1 id="move-title">{MOVE_TITLES[move]}</h1>
      <p>
        {nameOf(application)}, {application.programYear} · <ApplicationStatus application={application} />
      </p>
      <Form
        ctx={ctx}
        action={`${base}/${move}`}
        form={form}
        labelledBy="move-title"
        confirm={props.confirm}
        submit={
          move === 'interview'
            ? 'Move to interview and send'
            : move === 'accept'
              ? 'Accept and send'
              : 'Decline and send'
        }
        variant={move === 'decline' ? 'warning' : 'primary'}
      >
        <input type="hidden" name="to" value={MOVE_PAGES[move]} />
        {move === 'interview' && (
          <fieldset class="stack">
            <legend>The interview</legend>
            <p class="hint">All optional: the date and time are added to the email.</p>
            <TextField
              form={form}
              name="interview.date"
              label="Date"
              type="date"
              hint="Like 2027-01-15."
              short
            />
            <TextField form={form} name="interview.time" label="Time" type="time" hint="Like 14:30." short />
            <SelectField form={form} name="interview.timeZone" label="Time zone" options={US_TIME_ZONES} />
            <TextArea
              form={form}
              name="interview.notes"
              label="Notes for reviewers"
              hint="Where, who takes part, what to ask. Not sent to the applicant."
              rows={4}
              maxLength={5000}
            />
          </fieldset>
        )}
        {move === 'accept' && (
          <fieldset class="stack">
            <legend>The partner’s public listing</legend>
            <p class="hint">
              The finder shows this to the public. It starts as the application’s contact person; change it to
              the address the partner wants people to write to.
            </p>
            <TextField form={form} name="listing.contactName" label="Contact name" autoComplete="off" />
            <TextField
              form={form}
              name="listing.contactEmail"
              label="Contact email"
              type="email"
              autoComplete="off"
            />
            <TextField
              form={form}
              name="listing.contactPhone"
              label="Phone (optional)"
              type="tel"
              autoComplete="off"
            />
            <TextField
              form={form}
              name="listing.website"
              label="Website (optional)"
              type="url"
              autoComplete="off"
            />
            <TextArea
              form={form}
              name="listing.coursesOffered"
              label="Courses offered (optional)"
              hint="One per line, e.g. CS Discoveries."
              rows={3}
            />
          </fieldset>
        )}
        <p class="hint">Sent to {to}.</p>
        <EmailFields form={form} />
      </Form>
    </Layout>
  );
}
