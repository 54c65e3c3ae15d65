/**
 * `npm run seed:history -- --claims 50000 [--days 365] [--mongodb-uri URI] [--db NAME] [--seed N] [--json]`: fills a
 * database whose claims history is empty with N finished claims closing over the last `--days` days, with their
 * tasks, emails, devices, refurbished units, lookups, list entries and rollups (scripts/lib/history/seed-history.ts).
 * Defaults: MONGODB_URI and MONGODB_DB as the product reads them. Progress goes to stderr, the summary to stdout.
 */
import { MongoClient } from 'mongodb';
import { ConfigError, loadConfig } from '../config/env';
import { domainOf } from '../notifications/config';
import { runMain, UserFacingError } from '../entry/errors';
import { formatHistoryReport, storedSize } from './lib/history/report';
import { MAX_HISTORY_CLAIMS, seedHistory } from './lib/history/seed-history';

const usage = 'usage: npm run seed:history -- --claims N [--days 365] [--mongodb-uri URI] [--db NAME] [--seed N] [--json]';

interface Arguments {
  claims: number;
  days: number;
  seed: number;
  uri: string;
  db: string;
  messageIdDomain: string;
  json: boolean;
}

/** The product's settings this command shares (MONGODB_URI, MONGODB_DB, MAIL_FROM), with their defaults. */
function productSettings() {
  try {
    return loadConfig({ MONGODB_URI: process.env.MONGODB_URI, MONGODB_DB: process.env.MONGODB_DB, MAIL_FROM: process.env.MAIL_FROM });
  } catch (error) {
    if (error instanceof ConfigError) throw new UserFacingError(error.message);
    throw error;
  }
}

function parseArguments(argv: string[]): Arguments {
  const config = productSettings();
  const values = new Map<string, string>();
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!;
    if (name === '--json') json = true;
    else if (['--claims', '--days', '--mongodb-uri', '--db', '--seed'].includes(name) && argv[i + 1] !== undefined) values.set(name, argv[++i]!);
    else throw new UserFacingError(`${name.startsWith('--') ? `${name} needs a value or is not an option` : `unexpected argument ${name}`}\n${usage}`);
  }
  const whole = (name: string, fallback: number | undefined, min: number, max: number) => {
    const raw = values.get(name);
    if (raw === undefined && fallback !== undefined) return fallback;
    const value = Number(raw);
    if (raw === undefined || !Number.isInteger(value) || value < min || value > max) throw new UserFacingError(`${name}: must be a whole number from ${min} to ${max}\n${usage}`);
    return value;
  };
  return {
    claims: whole('--claims', undefined, 1, MAX_HISTORY_CLAIMS), days: whole('--days', 365, 1, 3_660), seed: whole('--seed', 1, 0, 2 ** 31),
    uri: values.get('--mongodb-uri') ?? config.MONGODB_URI, db: values.get('--db') ?? config.MONGODB_DB, messageIdDomain: domainOf(config.MAIL_FROM), json,
  };
}

runMain(async () => {
  const args = parseArguments(process.argv.slice(2));
  const client = await MongoClient.connect(args.uri, { serverSelectionTimeoutMS: 5_000 }).catch((error: Error) => {
    throw new UserFacingError(`cannot connect to MongoDB at ${args.uri}: ${error.message}`);
  });
  try {
    const db = client.db(args.db);
    process.stderr.write(`▶ seeding ${args.claims.toLocaleString('en-US')} finished claims over ${args.days} days into ${args.db}\n`);
    let lastLine = 0;
    const report = await seedHistory(db, { claims: args.claims, days: args.days, seed: args.seed, messageIdDomain: args.messageIdDomain }, (at) => {
      if (at.done < at.total && Date.now() - lastLine < 2_000) return;
      lastLine = Date.now();
      process.stderr.write(`  ${at.step}: ${at.done.toLocaleString('en-US')}/${at.total.toLocaleString('en-US')}\n`);
    });
    const size = await storedSize(db);
    process.stdout.write(`${args.json ? JSON.stringify({ database: args.db, ...report, ...(size ? { size } : {}) }, null, 2) : formatHistoryReport(args.db, report, size)}\n`);
  } finally {
    await client.close();
  }
});
