import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { requireSignedIn } from './actor.js';
import { isFormError } from './errors.js';
import { fieldValues, formInput, formValues } from './form-values.js';
import { ConfirmPage, type Confirmation } from './ui/confirm.js';
import type { FormState } from './ui/form.js';
import type { PageContext } from './ui/layout.js';

/**
 * The one path of every HTML form: read what was sent, run the domain function with it, and answer with
 * `done` (usually a redirect with a notice). When the domain refuses the input, the same form is shown again
 * with what was typed and each message beside its field, with the status of the refusal; a reload then opens
 * the form's page instead of posting again. Not signed in, not allowed and not found are not the form's to
 * show: they go to the error page like any other failure.
 *
 * @example
 * app.post('/contact', { config: { access: ['anyone'] } }, (request, reply) =>
 *   submitForm(request, reply, {
 *     run: (input) => submitInquiry(deps, { input }),
 *     done: () => notices.redirect(reply, '/contact', 'inquiry-sent'),
 *     again: (form, ctx) => <ContactPage ctx={ctx} form={form} />,
 *   }));
 */
export async function submitForm<Result, Input = Record<string, unknown>>(
  request: FastifyRequest,
  reply: FastifyReply,
  options: {
    run: (input: Record<string, unknown>) => Promise<Result>;
    done: (result: Result) => FastifyReply | Promise<FastifyReply>;
    again: (form: FormState<Input>, ctx: PageContext) => VNode | Promise<VNode>;
    /** Fields that are lists even with one value or none (groups of checkboxes). */
    lists?: readonly string[];
    /** The form's own page, which a reload opens (default: the address it posted to). */
    page?: string;
    /**
     * Asks first, for an irreversible action (see `confirmFirst`). Only signed-in people are asked (anyone else
     * gets the refusal), unless `linkHolders`: the route checked that the visitor holds the private link
     * (an enrollment's) that lets them act without an account.
     */
    confirm?: Ask & { linkHolders?: boolean };
  },
): Promise<FastifyReply> {
  if (options.confirm && !isConfirmed(request)) {
    if (!options.confirm.linkHolders) requireSignedIn(request.actor);
    await options.confirm.authorize?.();
    return askToConfirm(request, reply, options.confirm.confirmation, options.confirm.cancelHref);
  }
  const input = formInput(formValues(request), options.lists);
  try {
    return await options.done(await options.run(input));
  } catch (error) {
    if (!isFormError(error)) throw error;
    const form: FormState<Input> = {
      // The input without its blank rows, so that rows are numbered as the error paths number them.
      values: fieldValues(input),
      errors: error.fieldErrors,
      message: error.message,
    };
    return reply.page((ctx) => options.again(form, ctx), {
      status: error.status,
      reloadUrl: options.page ?? request.url,
    });
  }
}

/** The question before an irreversible action. */
interface Ask {
  confirmation: Confirmation;
  cancelHref: string;
  /**
   * The action's own permission check, run before asking, so that nobody is asked to confirm what they may not
   * do. Needed unless the route already read, as this person, what the question shows.
   */
  authorize?: () => Promise<unknown>;
}

function isConfirmed(request: FastifyRequest): boolean {
  const body = request.body as Record<string, unknown> | null | undefined;
  return typeof body === 'object' && body !== null && body.confirmed === 'yes';
}

/**
 * For an irreversible action without a form of its own (a button): runs `action` once the person confirmed,
 * and otherwise asks, changing nothing.
 */
export async function confirmFirst(
  request: FastifyRequest,
  reply: FastifyReply,
  confirm: Ask,
  action: () => Promise<FastifyReply>,
): Promise<FastifyReply> {
  if (!isConfirmed(request)) {
    requireSignedIn(request.actor);
    await confirm.authorize?.();
    return askToConfirm(request, reply, confirm.confirmation, confirm.cancelHref);
  }
  return action();
}

/**
 * Every irreversible action is a signed-in person's: nobody else is asked anything. Who among them may do it,
 * the route's read or the action's `authorize` has decided by now, and the action checks again once confirmed.
 */
function askToConfirm(
  request: FastifyRequest,
  reply: FastifyReply,
  confirmation: Confirmation,
  cancelHref: string,
): FastifyReply {
  return reply.page((ctx) => (
    <ConfirmPage
      ctx={ctx}
      confirmation={confirmation}
      action={request.url}
      values={formValues(request)}
      cancelHref={cancelHref}
    />
  ));
}
