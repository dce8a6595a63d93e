import type { ComponentChildren } from 'preact';

/**
 * What a list says when it has nothing to show, and what to do about it.
 *
 * @example <EmptyState title="No inquiries match">Choose another status, or <a href="/inbox">show the open ones</a>.</EmptyState>
 */
export function EmptyState({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty-state">
      <p class="empty-state-title">{title}</p>
      {children && <p>{children}</p>}
    </div>
  );
}
