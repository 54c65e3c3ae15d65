/** Each integration test file gets its own fresh database on the run's MongoDB-wire server. */
import { randomBytes } from 'node:crypto';
import { Db, MongoClient } from 'mongodb';

/** A private database for one test file; `close()` drops it and disconnects. */
export interface TestDatabase {
  client: MongoClient;
  db: Db;
  uri: string;
  close(): Promise<void>;
}

/** Connects to `MONGODB_URI` (set by the integration globalSetup) and returns a new, empty database. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set: run integration tests through jest --selectProjects integration');
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 20_000 });
  const db = client.db(`t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`);
  return {
    client,
    db,
    uri,
    async close() {
      await db.dropDatabase().catch(() => undefined);
      await client.close();
    },
  };
}

/** The commands `work` sends, as `<command> <collection>` (e.g. `insert tracking_active`), over its own monitored client to `db`'s database. */
export async function commandsSent(db: Db, uri: string, work: (monitoredDb: Db) => Promise<unknown>): Promise<string[]> {
  const monitored = await MongoClient.connect(uri, { monitorCommands: true });
  const sent: string[] = [];
  const record = (event: { commandName: string; command: Record<string, unknown> }) => sent.push(`${event.commandName} ${String(event.command[event.commandName])}`);
  monitored.on('commandStarted', record);
  try {
    await work(monitored.db(db.databaseName));
  } finally {
    monitored.off('commandStarted', record);
    await monitored.close();
  }
  return sent;
}
