/**
 * Status badges. Each lifecycle in the product (application, press release, inquiry, mail, invitation…) is
 * defined once with `defineLifecycle`, beside the module's schemas, and both the service and the views read it.
 */
export type Tone = 'neutral' | 'info' | 'progress' | 'success' | 'warning' | 'danger';

export interface StatusStyle {
  /** What people read: "In review", not `in_review`. */
  label: string;
  tone: Tone;
}

export type Lifecycle<Status extends string> = Readonly<Record<Status, StatusStyle>>;

/**
 * @example
 * export const INQUIRY_LIFECYCLE = defineLifecycle({
 *   open: { label: 'Open', tone: 'warning' },
 *   answered: { label: 'Answered', tone: 'success' },
 *   closed: { label: 'Closed', tone: 'neutral' },
 * });
 */
export function defineLifecycle<const Status extends string>(
  states: Record<Status, StatusStyle>,
): Lifecycle<Status> {
  return states;
}

/** The statuses of a lifecycle, in the order it defines them (for filters). */
export function statusesOf<Status extends string>(lifecycle: Lifecycle<Status>): Status[] {
  return Object.keys(lifecycle) as Status[];
}

/**
 * @example <StatusBadge lifecycle={INQUIRY_LIFECYCLE} status={inquiry.status} />  →  <span class="badge badge-warning">Open</span>
 */
export function StatusBadge<Status extends string>({
  lifecycle,
  status,
}: {
  lifecycle: Lifecycle<Status>;
  status: Status;
}) {
  const style = lifecycle[status];
  return <Tag tone={style.tone}>{style.label}</Tag>;
}

/** A short label that is not a status, drawn like one: "Unread", "Demo data". @example <Tag tone="info">Unread</Tag> */
export function Tag({ tone, children }: { tone: Tone; children: string }) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}
