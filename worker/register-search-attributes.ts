/**
 * One-shot set-up for a self-hosted Temporal cluster (the compose `temporal-setup` service): registers the claim
 * workflow's custom search attributes (ClaimStatus, DeviceMac, Extension as Keyword) on the namespace when missing.
 * Idempotent. On Temporal Cloud create them in the Cloud UI or with `tcld` instead.
 */
import { Connection } from '@temporalio/client';
import { loadConfig } from '../config/env';
import { CLAIM_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { runMain } from '../entry/errors';

/** `temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD` (@temporalio/proto is not a direct dependency). */
const INDEXED_VALUE_TYPE_KEYWORD = 2;

/** Adds the attributes missing from `namespace`; returns the names it added. */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = CLAIM_SEARCH_ATTRIBUTES.map((key) => key.name).filter((name) => !(name in (existing.customAttributes ?? {})));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: Object.fromEntries(missing.map((name) => [name, INDEXED_VALUE_TYPE_KEYWORD])) });
  return missing;
}

if (require.main === module) {
  runMain(async () => {
    const config = loadConfig(); // a ConfigError is a UserFacingError: runMain prints its problems and exits 1
    const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    try {
      const added = await registerSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
      console.log(added.length ? `registered search attributes ${added.join(', ')}` : 'search attributes already registered');
    } finally {
      await connection.close();
    }
  });
}
