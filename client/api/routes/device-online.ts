/** The provisioning server's report that a phone fetched its configuration: `POST /devices/{mac}/online?token=<secret>`. */
import type { Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { createDeviceOnlineHandler } from '../../device-online';
import { HttpError } from '../errors';
import { defineRoute, type RouteSpec } from '../route';

/** The provisioning server's route (`access: 'webhook'`: the shared secret DEVICE_ONLINE_SECRET, checked by the handler). */
export function deviceOnlineRoutes(deps: { db: Db; temporal: Client; secret: string; clock: () => Date }): RouteSpec[] {
  const report = createDeviceOnlineHandler({ client: deps.temporal, db: deps.db, secret: deps.secret, clock: deps.clock });
  return [defineRoute({
    method: 'POST', url: '/devices/:mac/online', operationId: 'reportDeviceOnline', summary: 'Report that a phone fetched its configuration', tag: 'provisioning', access: 'webhook',
    params: z.object({ mac: z.string().max(17, 'must be a MAC address').describe('the phone\'s MAC, in any of the four sticker notations') }),
    query: z.looseObject({ token: z.string().optional().describe('the shared secret DEVICE_ONLINE_SECRET') }),
    body: z.looseObject({}).optional().describe('ignored (send {} or nothing)'),
    responses: {
      200: { description: 'A replacement in flight: its claim releases the defective device', schema: z.looseObject({ mac: z.string(), claimId: z.string(), signalled: z.boolean() }) },
      202: { description: 'Nothing to do: not a replacement, or its claim is finished', schema: z.looseObject({ mac: z.string(), ignored: z.string() }) },
      503: { description: 'The claim could not be reached; report again' },
    },
    handler: async ({ params, query, reply }) => {
      const answer = await report({ mac: params.mac, token: query.token });
      if (answer.status === 400) throw new HttpError(400, String(answer.body.error), [{ field: 'mac', message: String(answer.body.reason) }]);
      if (answer.status === 401) throw new HttpError(401, String(answer.body.error));
      return reply.code(answer.status).send(answer.body);
    },
  })];
}
