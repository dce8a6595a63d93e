import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';

export type ChangeTopic = 'faq' | 'regions' | 'mail';

/**
 * Tells every app process that some cached content changed, so that caches can be dropped at once.
 * On SQLite the portal is one process and an in-process signal suffices; on PostgreSQL several processes share
 * the database, so the signal also travels through LISTEN/NOTIFY.
 */
export interface ChangeFeed {
  publish(topic: ChangeTopic): Promise<void>;
  /**
   * Publishes through `db`, which may be a transaction: on PostgreSQL the signal then arrives when it commits
   * (and never, if it rolls back), in this process too. On SQLite it is immediate, and a listener's next query
   * waits for the transaction anyway, since there is one connection.
   */
  publishWithin(db: Kysely<Database>, topic: ChangeTopic): Promise<void>;
  /** Returns a function that ends the subscription. */
  subscribe(topic: ChangeTopic, listener: () => void): () => void;
  close(): Promise<void>;
}

const CHANNEL = 'portal_changes';

export async function openChangeFeed(db: Db, databaseUrl: string): Promise<ChangeFeed> {
  const listeners = new Map<ChangeTopic, Set<() => void>>();
  const notifyLocal = (topic: string) => {
    for (const listener of listeners.get(topic as ChangeTopic) ?? []) listener();
  };
  const subscribe = (topic: ChangeTopic, listener: () => void) => {
    const set = listeners.get(topic) ?? new Set();
    set.add(listener);
    listeners.set(topic, set);
    return () => {
      set.delete(listener);
    };
  };

  if (db.dialect === 'sqlite') {
    return {
      publish: (topic) => {
        notifyLocal(topic);
        return Promise.resolve();
      },
      publishWithin: (_db, topic) => {
        notifyLocal(topic);
        return Promise.resolve();
      },
      subscribe,
      close: () => Promise.resolve(),
    };
  }

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  client.on('notification', (message) => {
    if (message.payload) notifyLocal(message.payload);
  });
  await client.query(`LISTEN ${CHANNEL}`);
  return {
    publish: async (topic) => {
      // Drop this process's cache before answering, so that its next request already sees the change.
      notifyLocal(topic);
      await sql`select pg_notify(${CHANNEL}, ${topic})`.execute(db.raw);
    },
    publishWithin: async (executor, topic) => {
      await sql`select pg_notify(${CHANNEL}, ${topic})`.execute(executor);
    },
    subscribe,
    close: () => client.end(),
  };
}
