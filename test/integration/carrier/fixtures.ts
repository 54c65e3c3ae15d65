/** Shared fixtures of the carrier integration tests: addresses, a sandbox-backed carrier, and index set-up. */
import type { Db } from 'mongodb';
import { carrierIndexes } from '../../../carrier/indexes';
import { createShippoCarrier } from '../../../carrier/shippo-adapter';
import type { CarrierPort } from '../../../carrier/port';
import type { PostalAddress } from '../../../domain/types';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { SANDBOX_API_TOKEN, startShippoSandbox, type ShippoSandbox, type ShippoSandboxOptions } from '../../../sandbox/shippo/server';

/** The warehouse replacements ship from. */
export const warehouse: PostalAddress = {
  name: 'Replacement Depot', company: 'VoIP Co', street1: '400 Logistics Way', city: 'Austin', state: 'TX', postalCode: '78744', country: 'US', phone: '5125550100',
};

/** A deliverable customer address. */
export const customer: PostalAddress = {
  name: 'Ada Customer', street1: '12 Main St', city: 'Chicago', state: 'IL', postalCode: '60601', country: 'US', email: 'ada@example.com',
};

/** A sandbox plus the real-SDK carrier pointed at it. */
export interface SandboxCarrier {
  sandbox: ShippoSandbox;
  carrier: CarrierPort;
}

/** Starts a sandbox and a carrier over it (SDK timeout `timeoutMs`, default 5 s). */
export async function startSandboxCarrier(options: ShippoSandboxOptions & { timeoutMs?: number } = {}): Promise<SandboxCarrier> {
  const sandbox = await startShippoSandbox(options);
  const carrier = createShippoCarrier({ apiToken: SANDBOX_API_TOKEN, serverURL: sandbox.url, warehouse, timeoutMs: options.timeoutMs ?? 5_000 });
  return { sandbox, carrier };
}

/** Creates the carrier's indexes, as the data migration does. */
export async function applyCarrierIndexes(db: Db): Promise<void> {
  for (const index of carrierIndexes) {
    await db.collection(index.collection).createIndex(index.key, { name: index.name, unique: index.unique ?? false });
  }
}

/**
 * A test database with the carrier's indexes and a sandbox carrier, opened before the file's tests and closed after
 * them; read its fields inside tests (they are set by `beforeAll`).
 */
export function carrierTestWorld(): { database: TestDatabase; env: SandboxCarrier } {
  const world = {} as { database: TestDatabase; env: SandboxCarrier };
  beforeAll(async () => {
    world.database = await openTestDatabase();
    await applyCarrierIndexes(world.database.db);
    world.env = await startSandboxCarrier();
  });
  afterAll(async () => {
    await world.env?.sandbox.close();
    await world.database?.close();
  });
  return world;
}
