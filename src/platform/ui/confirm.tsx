import type { FormValues } from '../form-values.js';
import { Button } from './form.js';
import { Layout, type PageContext } from './layout.js';

/**
 * What an irreversible or destructive action asks before it happens. Defined once per action, beside its
 * views, and given both to the button (so the enhancing script can ask in a dialog) and to the route (which
 * asks on a page of its own when the form arrives unconfirmed, as it does without JavaScript).
 */
export interface Confirmation {
  /** The question, e.g. "Withdraw this application?" */
  title: string;
  /** What will happen, and what cannot be undone. */
  message: string;
  /** The button that goes ahead, e.g. "Withdraw the application". */
  confirmLabel: string;
}

/**
 * The question on a page of its own: the same form again, with everything it carried and `confirmed=yes`, or
 * the way back. Nothing has changed yet.
 */
export function ConfirmPage(props: {
  ctx: PageContext;
  confirmation: Confirmation;
  action: string;
  values: FormValues;
  cancelHref: string;
}) {
  const { ctx, confirmation } = props;
  return (
    <Layout ctx={ctx} title={confirmation.title}>
      <h1>{confirmation.title}</h1>
      <p class="confirm-message">{confirmation.message}</p>
      <form method="post" action={props.action} class="button-row">
        <input type="hidden" name="_csrf" value={ctx.csrf()} />
        {Object.entries(props.values).flatMap(([name, value]) =>
          [value]
            .flat()
            .map((one, index) => <input key={`${name}-${index}`} type="hidden" name={name} value={one} />),
        )}
        <input type="hidden" name="confirmed" value="yes" />
        <Button variant="warning">{confirmation.confirmLabel}</Button>
        <a href={props.cancelHref}>No, go back</a>
      </form>
    </Layout>
  );
}
