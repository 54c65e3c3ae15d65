/**
 * Imports devices, lease contracts, device models or refurbished inventory from CSV, JSON or JSON Lines.
 * Usage: npx tsx scripts/import.ts <devices|leases|models|inventory> <file.csv|file.json|file.jsonl> [--json]
 * Connects with the product's own settings (config/env.ts: MONGODB_URI, MONGODB_DB, defaults those of the embedded
 * stack). An inventory import then wakes the back-ordered claims its new grade-A units serve, oldest first (Temporal
 * from TEMPORAL_ADDRESS…; if it cannot be reached the units stay reserved and the claims' retry timer picks them up).
 * Exit code: 0 all rows accepted, 2 some rows rejected, 1 usage, configuration, file or database error.
 */
import { existsSync, statSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { connectTemporal } from '../client/connection';
import { wakeBackorderedClaims, type WokenClaim } from '../client/restock';
import { ConfigError, loadConfig, type AppConfig } from '../config/env';
import { migrate } from '../activities/database';
import { formatReportJson, formatReportText } from '../data/import/report';
import { ImportFileError } from '../data/import/read';
import { importKinds, type AcceptedRow, type ImportKind } from '../data/import/rows';
import { importFile } from '../data/import/run';

const usage = `usage: npx tsx scripts/import.ts <${importKinds.join('|')}> <file.csv|file.json|file.jsonl> [--json]
  CSV columns (header line, camelCase):
    devices:   mac, extension?, accountId, model, channel, purchasedOn, leaseContractId?
    leases:    contractId, accountId, startsOn, endsOn
    models:    model, manufacturer, name, similarModels (ordered, separated by |)
    inventory: unitId, model, grade? (A|B|C, default A), serial?
  Environment: the product's settings (.env.example): MONGODB_URI (default mongodb://127.0.0.1:27017/), MONGODB_DB
    (default replacement_fulfilment); inventory imports also use TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE (to wake claims)`;

/** A usage, file or connection problem: printed as one message (with the usage text when it helps), exit code 1. */
class UsageError extends Error {
  constructor(message: string, readonly showUsage = true) {
    super(message);
  }
}

function parseArgs(argv: string[]): { kind: ImportKind; file: string; json: boolean } {
  const json = argv.includes('--json');
  const positional = argv.filter((a) => a !== '--json');
  const unknownFlag = positional.find((a) => a.startsWith('--'));
  if (unknownFlag) throw new UsageError(`unknown option ${unknownFlag}`);
  const [kind, file, extra] = positional;
  if (!kind || !file || extra) throw new UsageError('expected a kind and a file');
  if (!(importKinds as readonly string[]).includes(kind)) throw new UsageError(`unknown kind "${kind}": use one of ${importKinds.join(', ')}`);
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`file not found: ${file}`);
  return { kind: kind as ImportKind, file, json };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    throw new UsageError(error instanceof ConfigError ? error.message : String(error), false);
  }
  const uri = config.MONGODB_URI;
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 5_000 }).catch((error: Error) => {
    throw new UsageError(`cannot connect to MongoDB at ${uri.replace(/\/\/[^@/]*@/, '//[redacted]@')}: ${error.message}`, false);
  });
  try {
    const db = client.db(config.MONGODB_DB);
    await migrate(db);
    const arrived: AcceptedRow[] = [];
    const report = await importFile(db, args.kind, args.file, {
      onProgress: (p) => process.stderr.write(`progress: ${p.rowsRead} rows read, ${p.accepted} accepted, ${p.rejectedRows} rejected${p.done ? ' (done)' : ''}\n`),
      ...(args.kind === 'inventory' ? { onInserted: (rows: AcceptedRow[]) => arrived.push(...rows) } : {}),
    });
    const woken = arrived.length > 0 ? await wake(db, config, arrived) : [];
    if (args.json) process.stdout.write(`${formatReportJson(args.kind === 'inventory' ? { ...report, woken } : report)}\n`);
    else process.stdout.write(`${formatReportText(report)}${args.kind === 'inventory' ? `\n${formatWoken(woken)}` : ''}\n`);
    return report.rejectedRows > 0 ? 2 : 0;
  } finally {
    await client.close();
  }
}

/** Serves the waiting list with the new units and signals the claims (a Temporal outage leaves them to their retry timer). */
async function wake(db: ReturnType<MongoClient['db']>, config: AppConfig, arrived: AcceptedRow[]): Promise<WokenClaim[]> {
  const temporal = await connectTemporal(config).catch((error: Error) => {
    process.stderr.write(`warning: Temporal at ${config.TEMPORAL_ADDRESS} not reachable (${error.message}); reserved claims wake on their retry timer\n`);
    return null;
  });
  try {
    const units = arrived.map((row) => ({ unitId: String(row.unitId), model: String(row.model), grade: String(row.grade ?? 'A') }));
    return await wakeBackorderedClaims({ db, temporal }, units, new Date());
  } finally {
    await temporal?.connection.close();
  }
}

function formatWoken(woken: WokenClaim[]): string {
  if (woken.length === 0) return '  woken:     0 back-ordered claims (none waiting for these models)';
  const lines = [`  woken:     ${woken.length} back-ordered claim${woken.length === 1 ? '' : 's'}, oldest first`];
  for (const claim of woken) lines.push(`    ${claim.claimId}  ${claim.unitId} (${claim.unitModel})${claim.signalled ? '' : `  not signalled (${claim.error}); wakes on its retry timer`}`);
  return lines.join('\n');
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`✖ ${error.message}\n${error.showUsage ? `\n${usage}\n` : ''}`);
    else if (error instanceof ImportFileError) process.stderr.write(`✖ ${error.message}\n`);
    else process.stderr.write(`✖ import failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
