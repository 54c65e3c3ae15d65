import { Connection } from '@temporalio/client';
import { CLAIM_SEARCH_ATTRIBUTES } from '../../../workflows/search-attributes';

describe('embedded stack', () => {
  it('serves a Temporal dev server with every search attribute the claim workflow upserts registered', async () => {
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    try {
      const response = await connection.operatorService.listSearchAttributes({ namespace: 'default' });
      expect(Object.keys(response.customAttributes ?? {})).toEqual(expect.arrayContaining(CLAIM_SEARCH_ATTRIBUTES.map((key) => key.name)));
    } finally {
      await connection.close();
    }
  });
});
