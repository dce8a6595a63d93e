import {
  ActionButton,
  Field,
  formState,
  Layout,
  type Confirmation,
  type PageContext,
} from '../../platform/ui/index.js';

/** Resetting breaks every existing subscription, so it asks first (a dialog, or a page without JavaScript). */
export const RESET_FEED: Confirmation = {
  title: 'Reset your calendar address?',
  message:
    'Your current calendar address stops working at once. Every calendar app subscribed to it stops showing ' +
    'updates to your workshops until you subscribe again with the new address. Do this if the address was shared ' +
    'with someone who should not have it.',
  confirmLabel: 'Reset the address',
};

/** The panel holds no form to refuse; the read-only field only borrows the field's label and hint. */
const NOTHING_TYPED = formState<{ calendarFeedUrl: string }>();

/**
 * A person's own calendar feed: a link that opens it in a calendar app, the address to copy into one, and the
 * reset button. For the facilitator's home page (and the participant's, once enrollment exists).
 *
 * @example <PersonalFeedPanel ctx={ctx} url={await personalFeedUrl(deps, { actor })} />
 */
export function PersonalFeedPanel(props: {
  ctx: PageContext;
  url: string;
  /** 3 when the panel sits inside a section of its page (default 2). */
  headingLevel?: 2 | 3;
}) {
  const { ctx, url } = props;
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';
  // webcal: asks the calendar app to subscribe (and keep checking) rather than import the file once.
  const subscribe = url.replace(/^https?:/, 'webcal:');
  return (
    <section class="card" aria-labelledby="calendar-feed-heading">
      <Heading id="calendar-feed-heading">Your workshops in your calendar</Heading>
      <p>
        Subscribe to your calendar address to see the workshops you lead in your own calendar app. It updates
        itself when a workshop changes or is cancelled.
      </p>
      <p>
        <a href={subscribe}>Subscribe in your calendar app</a> or <a href={url}>download the calendar file</a>
        .
      </p>
      <Field
        form={NOTHING_TYPED}
        name="calendarFeedUrl"
        label="Your calendar address"
        hint="To subscribe by hand, copy it into your calendar app (“add calendar from URL”). Keep it to yourself: anyone who has it can see your workshops."
      >
        {(attributes) => <input {...attributes} type="url" value={url} readOnly spellcheck={false} />}
      </Field>
      <ActionButton
        ctx={ctx}
        action="/calendar/reset"
        label="Reset the address"
        variant="warning"
        confirm={RESET_FEED}
      />
    </section>
  );
}

/** The person's calendar page: the panel alone, where a reset leads back to. */
export function PersonalFeedPage(props: { ctx: PageContext; url: string }) {
  return (
    <Layout ctx={props.ctx} title="Your calendar">
      <h1>Your calendar</h1>
      <PersonalFeedPanel ctx={props.ctx} url={props.url} />
    </Layout>
  );
}
