import { Connection } from '@temporalio/client';
import { openTestDatabase } from '../../support/mongo';

describe('embedded stack', () => {
  it('serves a MongoDB-wire database that stores and reads documents', async () => {
    const { db, close } = await openTestDatabase();
    try {
      await db.collection('probe').insertOne({ _id: 'a' as never, value: 42 });
      expect(await db.collection('probe').findOne({ _id: 'a' as never })).toEqual({ _id: 'a', value: 42 });
      const build = await db.admin().command({ buildInfo: 1 });
      expect(String(build.version)).toMatch(/^\d+\.\d+/);
    } finally {
      await close();
    }
  });

  it('serves a Temporal dev server with the claim search attributes registered', async () => {
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    try {
      const response = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      expect(Object.keys(response.customAttributes ?? {})).toEqual(expect.arrayContaining(['ClaimStatus', 'DeviceMac', 'Extension']));
    } finally {
      await connection.close();
    }
  });
});
