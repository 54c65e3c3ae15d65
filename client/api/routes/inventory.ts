/** `POST /inventory/units`: the shipping department books one arrived unit; the back-ordered claims it serves wake at once. */
import type { Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import { z } from 'zod';
import { findModel } from '../../../data/devices';
import { restockUnits, restockUnitSchema } from '../../../data/inventory';
import { wakeBackorderedClaims } from '../../restock';
import { HttpError } from '../errors';
import { defineRoute, type RouteSpec } from '../route';

/** What booking a unit did: the claim it was reserved for (if a waiting claim takes it) and whether that claim was signalled. */
export const restockResponse = z.object({
  unitId: z.string(),
  model: z.string(),
  grade: z.string(),
  reservedFor: z.object({ claimId: z.string(), signalled: z.boolean() }).nullable(),
});

/** The inventory route. */
export function inventoryRoutes(deps: { db: Db; temporal: Client; clock: () => Date }): RouteSpec[] {
  return [
    defineRoute({
      method: 'POST', url: '/inventory/units', operationId: 'restockUnit', summary: 'Book an arrived unit into stock', tag: 'shipping',
      access: { roles: ['shipping'] },
      body: restockUnitSchema.strict(),
      responses: {
        201: { description: 'In stock; a grade-A unit is reserved at once for the oldest back-ordered claim it can serve (same or similar model), which is woken', schema: restockResponse },
        400: { description: 'A field is missing or wrong (e.g. a model the registry does not know)' },
        409: { description: 'A unit with this id is already in the inventory' },
      },
      handler: async ({ body, reply }) => {
        if (!(await findModel(deps.db, body.model))) {
          throw new HttpError(400, `invalid body: model: unknown model ${body.model} (import it first)`, [{ field: 'model', message: `unknown model ${body.model} (import it first)` }]);
        }
        const [added] = await restockUnits(deps.db, [body]);
        if (!added) throw new HttpError(409, `unit ${body.unitId} is already in the inventory`);
        const [woken] = await wakeBackorderedClaims({ db: deps.db, temporal: deps.temporal }, [added], deps.clock());
        reply.code(201);
        return { unitId: added.unitId, model: added.model, grade: added.grade, reservedFor: woken ? { claimId: woken.claimId, signalled: woken.signalled } : null };
      },
    }),
  ];
}
