/** Support's and the supervisor's device lookup: by MAC (any notation), by account and extension, by customer email. */
import { z } from 'zod';
import { macSchema } from '../../../schemas/claim-request';
import { lineText } from '../../../schemas/text';
import { devicesByEmail, devicesByExtension, deviceViewOf } from '../device-view';
import type { OperationDeps } from '../operations';
import { defineRoute, type RouteSpec } from '../route';
import { deviceListResponse, deviceResponse, extensionSchema } from '../schemas';

/** `:mac` in a path, any of the four notations. */
export const macParams = z.object({ mac: macSchema.describe('a MAC in any notation: 00:15:65:AB:CD:EF, 00-15-65-AB-CD-EF, 0015.65AB.CDEF or 001565ABCDEF') });

/** What a device search is by: an account and one of its extensions, or a customer email. */
export const deviceSearchQuery = z.object({
  accountId: lineText(64).optional(),
  extension: extensionSchema.optional(),
  email: z.email('must be an email address').optional(),
}).superRefine((query, ctx) => {
  if (query.email && (query.accountId || query.extension)) ctx.addIssue({ code: 'custom', path: ['email'], message: 'search by email or by account and extension, not both' });
  else if (!query.email && !query.accountId) ctx.addIssue({ code: 'custom', path: ['accountId'], message: 'is required with extension (or search by email)' });
  else if (!query.email && !query.extension) ctx.addIssue({ code: 'custom', path: ['extension'], message: 'is required with accountId (or search by email)' });
});

/** The device routes. */
export function deviceRoutes(deps: OperationDeps): RouteSpec[] {
  const access = { roles: ['support', 'supervisor'] } as const;
  return [
    defineRoute({
      method: 'GET', url: '/devices/:mac', operationId: 'getDevice', summary: 'Look a device up', tag: 'devices', access,
      params: macParams,
      responses: { 200: { description: 'The device, its coverage today for each fault (nothing opened), its claims, the replacement chain both ways and the repeat flag; `known: false` when the registry does not know it', schema: deviceResponse } },
      handler: ({ params }) => deviceViewOf(deps.db, params.mac, deps.clock()),
    }),
    defineRoute({
      method: 'GET', url: '/devices', operationId: 'findDevices', summary: 'Find devices', tag: 'devices', access,
      query: deviceSearchQuery,
      responses: { 200: { description: 'The devices of an account’s extension (current first, then those replaced since), or those a customer email has claims on', schema: deviceListResponse } },
      handler: async ({ query }) => ({
        devices: query.email ? await devicesByEmail(deps.db, query.email) : await devicesByExtension(deps.db, query.accountId!, query.extension!),
      }),
    }),
  ];
}
