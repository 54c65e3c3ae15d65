/**
 * The page sessions' store for @fastify/session, in MongoDB: one document per session keyed by the session id as
 * `_id` (every read, write and delete is by `_id`, the only filter FerretDB v1 serves from an index), holding the
 * session as JSON and its `expiresAt`, checked on every read because FerretDB v1 has no TTL indexes: an expired
 * session is deleted when it is next presented, and logins sweep the expired ones (the collection holds only logins).
 */
import type { Session } from 'fastify';
import type { SessionStore } from '@fastify/session';
import type { Db } from 'mongodb';

/** The collection holding page sessions. */
export const PAGE_SESSIONS = 'page_sessions';

interface SessionDocument {
  _id: string;
  json: string;
  expiresAt: Date;
}

/** What the store needs: `lifetimeMs` bounds a session without a cookie expiry; `onError` hears a callback that threw. */
export interface SessionStoreOptions {
  db: Db;
  lifetimeMs: number;
  clock: () => Date;
  onError: (error: unknown) => void;
}

/** A MongoDB-backed session store for @fastify/session. */
export function createMongoSessionStore({ db, lifetimeMs, clock, onError }: SessionStoreOptions): SessionStore {
  const sessions = db.collection<SessionDocument>(PAGE_SESSIONS);
  const settle = <T>(work: Promise<T>, callback: (error: unknown, value?: T) => void) => {
    work.then((value) => callback(null, value), (error: unknown) => callback(error)).catch(onError);
  };
  return {
    set(sessionId, session, callback) {
      const expires = session.cookie?.expires ? new Date(session.cookie.expires) : null;
      const expiresAt = expires && !Number.isNaN(expires.getTime()) ? expires : new Date(clock().getTime() + lifetimeMs);
      settle(sessions.replaceOne({ _id: sessionId }, { json: JSON.stringify(session), expiresAt }, { upsert: true }).then(() => undefined), callback);
    },
    get(sessionId, callback) {
      settle((async () => {
        const document = await sessions.findOne({ _id: sessionId });
        if (!document) return null;
        if (!(document.expiresAt instanceof Date) || document.expiresAt.getTime() <= clock().getTime()) {
          await sessions.deleteOne({ _id: sessionId });
          return null;
        }
        try {
          return JSON.parse(document.json) as Session;
        } catch {
          return null;
        }
      })(), callback);
    },
    destroy(sessionId, callback) {
      settle(sessions.deleteOne({ _id: sessionId }).then(() => undefined), callback);
    },
  };
}

/** Deletes the sessions past their expiry (run at login; the collection holds one document per login). */
export async function sweepExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.collection<SessionDocument>(PAGE_SESSIONS).deleteMany({ expiresAt: { $lte: now } });
}
