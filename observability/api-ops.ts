/** The API's operations routes: its own metrics (webhook events, claims by status), /healthz and /readyz. */
import type { Client } from '@temporalio/client';
import type { Db } from 'mongodb';
import { temporalCheck } from './health';
import { createProductMetrics, registerClaimsByStatus, type ProductMetrics } from './metrics';
import type { OpsRoutesOptions } from './ops-routes';

/** Options for `app.register(opsRoutes, apiOpsOptions({ db, temporal }))`; ready = MongoDB ping + Temporal answers. */
export function apiOpsOptions(deps: { db: Db; temporal: Client }, metrics: ProductMetrics = createProductMetrics('api')): OpsRoutesOptions {
  registerClaimsByStatus(metrics, deps.db);
  return {
    metrics,
    checks: {
      mongodb: () => deps.db.command({ ping: 1 }),
      temporal: temporalCheck(deps.temporal.connection),
    },
  };
}
