import { randomUUID } from 'node:crypto';

/** Text ids on both databases: no dialect-specific sequences, and safe to make in any app process. */
export function newId(): string {
  return randomUUID();
}

export function nowIso(): string {
  return new Date().toISOString();
}
