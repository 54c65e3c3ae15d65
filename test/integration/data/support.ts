/** Shared builders for the data-layer integration tests. */
import { restockUnits } from '../../../data/inventory';
import { MongoClient, type Db } from 'mongodb';
import type { RecordClaimOpenedInput } from '../../../activities/contract';
import { collection, collectionNames } from '../../../data/collections';

/** A valid `recordClaimOpened` input for `claimId` about `mac`. */
export function claimOpenedInput(claimId: string, mac = '00:15:65:AA:00:01'): RecordClaimOpenedInput {
  return {
    claimId,
    workflowId: `claim-${claimId}`,
    openedAt: '2026-11-29T10:00:00.000Z',
    request: {
      mac,
      extension: '1042',
      accountId: 'ACME-001',
      contact: { name: 'Dana Reyes', phone: '+1 469 555 0142', email: 'Dana.Reyes@acme.example' },
      shipTo: { name: 'Dana Reyes', street1: '1 Main St', city: 'Dallas', state: 'TX', postalCode: '75201', country: 'US' },
      fault: 'defect',
      description: 'No dial tone after power cycle',
      troubleshooting: { remoteSession: true, cablingChecked: true, photoRefs: [] },
      triggeredBy: 'agent.kim',
    },
  };
}

/** Inserts device models: `[model, similar...]` tuples. */
export async function insertModels(db: Db, models: Array<[string, ...string[]]>): Promise<void> {
  await collection(db, collectionNames.deviceModels).insertMany(
    models.map(([model, ...similarModels]) => ({ model, manufacturer: 'Test', name: model, similarModels })),
  );
}

/** Inserts `count` available units of `model` and `grade`, ids `<prefix>-<n>`. */
export async function insertUnits(db: Db, model: string, count: number, grade: 'A' | 'B' = 'A', prefix = model): Promise<void> {
  // Through the product's restock (stock and shelf), as units arrive.
  await restockUnits(db, Array.from({ length: count }, (_, i) => ({ unitId: `${prefix}-${grade}-${String(i + 1).padStart(3, '0')}`, model, grade })));
}

/** The filters of every find and update `work` sends to `collectionName` of `db` (on its own monitored client). */
export async function filtersSentTo(db: Db, uri: string, collectionName: string, work: (monitoredDb: Db) => Promise<void>): Promise<object[]> {
  const monitored = await MongoClient.connect(uri, { monitorCommands: true });
  const filters: object[] = [];
  monitored.on('commandStarted', (event) => {
    if (event.command[event.commandName] !== collectionName) return;
    if (event.commandName === 'find') filters.push(event.command.filter as object);
    if (event.commandName === 'update') filters.push(...(event.command.updates as Array<{ q: object }>).map((update) => update.q));
  });
  try {
    await work(monitored.db(db.databaseName));
  } finally {
    await monitored.close();
  }
  return filters;
}

/**
 * The filters FerretDB cannot find by `_id`: those without an `_id` equal to a value or in a list (as patched here,
 * it pushes that down whatever else the filter holds; anything else on `_id`, or no `_id`, reads every document).
 */
export const notById = (filters: object[]) => filters.filter((filter) => !findsById(filter));

function findsById(filter: object): boolean {
  const id = (filter as { _id?: unknown })._id;
  if (typeof id === 'string') return true;
  const keys = id !== null && typeof id === 'object' ? Object.keys(id) : [];
  return keys.length === 1 && keys[0] === '$in' && Array.isArray((id as { $in: unknown }).$in);
}
