/** Extension provisioning records (the registry's `extensions`): read by `_id`, validated on the way out. */
import type { Db } from 'mongodb';
import { collection, collectionNames as c } from './collections';
import { extensionQueries } from './queries';
import { extensionDocSchema, extensionKeyOf, type ExtensionDoc } from './schemas/registry';
import { parseOrThrow } from './validation';

/** The provisioning record of an account's extension, or null when the registry has none. */
export async function findExtension(db: Db, accountId: string, extension: string): Promise<ExtensionDoc | null> {
  const key = extensionKeyOf(accountId, extension);
  const doc = await collection(db, c.extensions).findOne(extensionQueries.byKeyId(key));
  return doc ? parseOrThrow(extensionDocSchema, doc, `extension ${key}`) : null;
}
