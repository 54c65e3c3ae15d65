/**
 * Seeds the database with demo data (phone models, leases, devices, refurbished stock). Idempotent.
 * Usage: npx tsx scripts/seed.ts [--today YYYY-MM-DD]   (MONGODB_URI required, MONGODB_DB optional)
 */
import { MongoClient } from 'mongodb';
import { migrate } from '../activities/database';
import { seedDatabase } from '../data/seed';

async function main(): Promise<void> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set (e.g. mongodb://127.0.0.1:27017/replacement-fulfilment)');
  const todayFlag = process.argv.indexOf('--today');
  const today = todayFlag >= 0 ? process.argv[todayFlag + 1] : undefined;
  if (todayFlag >= 0 && !today) throw new Error('--today needs a date YYYY-MM-DD');
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 5_000 });
  try {
    const db = client.db(process.env.MONGODB_DB || undefined);
    await migrate(db);
    const report = await seedDatabase(db, today ?? new Date());
    for (const [kind, r] of Object.entries(report)) {
      process.stdout.write(`${kind.padEnd(9)} ${r.accepted} rows: ${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged\n`);
    }
  } finally {
    await client.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`✖ seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
