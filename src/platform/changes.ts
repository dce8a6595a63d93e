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

export async function openChangeFeed(
  db: Db,
  databaseUrl: string,
  onConnectionLost: (error: Error) => void = () => {},
): Promise<ChangeFeed> {
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

  const listen = new Listener(
    databaseUrl,
    notifyLocal,
    () => {
      // Notifications sent while the connection was down are lost: drop every cache, as if each had changed.
      for (const topic of listeners.keys()) notifyLocal(topic);
    },
    onConnectionLost,
  );
  await listen.start();
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
    close: () => listen.stop(),
  };
}

/**
 * The one connection that LISTENs. When it dies (the server restarted, an administrator ended it), it is opened
 * again with a growing delay, up to `MAX_RETRY_MS`, for as long as the portal runs.
 */
class Listener {
  private client: pg.Client | undefined;
  private retryMs = FIRST_RETRY_MS;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly onNotification: (topic: string) => void,
    private readonly onReconnect: () => void,
    private readonly onConnectionLost: (error: Error) => void,
  ) {}

  /** The first connection must succeed: a portal that cannot reach its database does not start. */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('error', (error) => {
      this.onConnectionLost(error);
      this.reconnectLater(client);
    });
    client.on('end', () => {
      this.reconnectLater(client);
    });
    client.on('notification', (message) => {
      if (message.payload) this.onNotification(message.payload);
    });
    this.client = client;
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.retryMs = FIRST_RETRY_MS;
  }

  private reconnectLater(client: pg.Client): void {
    if (this.stopped || client !== this.client || this.retry) return;
    this.client = undefined;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.connect().then(this.onReconnect, (error: unknown) => {
        this.onConnectionLost(error as Error);
        if (this.client) this.reconnectLater(this.client);
      });
    }, delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.client?.end();
  }
}

const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 10_000;
