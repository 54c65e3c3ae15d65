/**
 * Imports devices, lease contracts, device models or refurbished inventory from CSV, JSON or JSON Lines.
 * Usage: npx tsx scripts/import.ts <devices|leases|models|inventory> <file.csv|file.json|file.jsonl> [--json]
 * Connects to MONGODB_URI (database from the URI path, or MONGODB_DB). Exit code: 0 all rows accepted,
 * 2 some rows rejected, 1 usage, file or database error.
 */
import { existsSync, statSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import { migrate } from '../data/migrate';
import { formatReportJson, formatReportText } from '../data/import/report';
import { ImportFileError } from '../data/import/read';
import { importKinds, type ImportKind } from '../data/import/rows';
import { importFile } from '../data/import/run';

const usage = `usage: npx tsx scripts/import.ts <${importKinds.join('|')}> <file.csv|file.json|file.jsonl> [--json]
  CSV columns (header line, camelCase):
    devices:   mac, extension?, accountId, model, channel, purchasedOn, leaseContractId?
    leases:    contractId, accountId, startsOn, endsOn
    models:    model, manufacturer, name, similarModels (ordered, separated by |)
    inventory: unitId, model, grade? (A|B|C, default A), serial?
  Environment: MONGODB_URI (required), MONGODB_DB (optional database name)`;

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
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new UsageError('MONGODB_URI is not set (e.g. mongodb://127.0.0.1:27017/replacement-fulfilment)');
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 5_000 }).catch((error: Error) => {
    throw new UsageError(`cannot connect to MongoDB at ${uri}: ${error.message}`, false);
  });
  try {
    const db = client.db(process.env.MONGODB_DB || undefined);
    await migrate(db);
    const report = await importFile(db, args.kind, args.file, {
      onProgress: (p) => process.stderr.write(`progress: ${p.rowsRead} rows read, ${p.accepted} accepted, ${p.rejectedRows} rejected${p.done ? ' (done)' : ''}\n`),
    });
    process.stdout.write(`${args.json ? formatReportJson(report) : formatReportText(report)}\n`);
    return report.rejectedRows > 0 ? 2 : 0;
  } finally {
    await client.close();
  }
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
