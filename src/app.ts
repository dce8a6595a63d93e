import type { FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import type { AppDeps } from './app-deps.js';
import type { Config } from './config.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { createAuth } from './modules/accounts/auth.js';
import { FaqCache } from './modules/faq/faq.service.js';
import { RegionIndex } from './modules/regions/regions.service.js';
import { ReminderScheduler } from './modules/workshops/workshops.reminders.worker.js';
import { openChangeFeed } from './platform/changes.js';
import { MailWorker } from './platform/mail/mail-worker.js';
import { Outbox } from './platform/mail/outbox.js';
import { buildServer } from './server.js';

export interface Portal {
  app: FastifyInstance;
  deps: AppDeps;
  /** Stops taking work, lets requests and mail in flight finish, and closes the database. */
  close(): Promise<void>;
}

export interface PortalOptions {
  /** Delay before the first mail retry (tests shorten it). */
  mailRetryBaseMs?: number;
  /** How long close() lets requests in flight finish before it cuts the remaining connections. */
  shutdownGraceMs?: number;
}

/** Opens the database (migrated), wires the modules together and builds the HTTP app; `listen` is the caller's. */
export async function createPortal(config: Config, options: PortalOptions = {}): Promise<Portal> {
  // In production, log lines are buffered (up to 4 KB) rather than written one syscall each; close() flushes.
  const logger = pino(
    { level: config.logLevel, redact: ['req.headers.cookie', 'req.headers.authorization'] },
    pino.destination({ dest: 1, sync: false, minLength: config.env === 'production' ? 4096 : 0 }),
  );
  const deps = await openDeps(config, logger);
  const app = await buildServer(deps, logger);
  const worker = config.smtpUrl
    ? new MailWorker({
        db: deps.db.kysely,
        outbox: deps.outbox,
        smtpUrl: config.smtpUrl,
        from: config.mailFrom,
        pollMs: config.mailPollMs,
        retryBaseMs: options.mailRetryBaseMs,
        logError: (message) => {
          logger.error(message);
        },
      })
    : undefined;
  worker?.start();
  // Without SMTP too: reminders are then held in the outbox like any mail.
  const reminders = new ReminderScheduler(deps, {
    pollMs: config.reminderPollMs,
    logError: (message) => {
      logger.error(message);
    },
  });
  reminders.start();
  return {
    app,
    deps,
    close: async () => {
      // A client that never reads its response keeps its connection busy, and would hold the shutdown forever.
      const cutConnections = setTimeout(() => {
        app.server.closeAllConnections();
      }, options.shutdownGraceMs ?? 10_000);
      await app.close();
      clearTimeout(cutConnections);
      await reminders.stop();
      await worker?.stop();
      await deps.changes.close();
      await deps.db.close();
      logger.flush();
    },
  };
}

/** The parts without the HTTP server: for the CLI and the demo data. */
export async function openDeps(config: Config, logger?: Logger): Promise<AppDeps> {
  const connectionLost = (error: Error) => {
    logger?.warn({ err: error }, 'a database connection was lost; the next query opens another');
  };
  const db = openDatabase(config.databaseUrl, connectionLost);
  await migrateToLatest(db.raw);
  const changes = await openChangeFeed(db, config.databaseUrl, connectionLost);
  const outbox = new Outbox(db.kysely, config.smtpUrl !== undefined, changes);
  const auth = createAuth({
    config,
    raw: db.raw,
    db: db.kysely,
    dialect: db.dialect,
    outbox,
    log: (level, message) => {
      logger?.[level === 'error' ? 'error' : level === 'warn' ? 'warn' : 'debug'](
        { source: 'better-auth' },
        message,
      );
    },
  });
  return {
    config,
    db,
    outbox,
    auth,
    changes,
    faqCache: new FaqCache(db.kysely, changes),
    regionIndex: new RegionIndex(db.kysely, changes),
  };
}
