/** `createActivities(deps)`: every activity the claim workflow calls, built over injected dependencies. */
import type { Db } from 'mongodb';
import type { CarrierPort } from '../carrier/port';
import type { Branding } from '../notifications/branding';
import type { Mailer } from '../notifications/mailer';
import { createClaimActivities } from './claims';
import type { ClaimActivities } from './contract';
import { createDeviceActivities } from './devices';
import { createEmailActivities } from './emails';
import { withHeartbeats } from './heartbeat';
import { createInventoryActivities } from './inventory';
import { createLabelActivities } from './labels';
import { createTaskActivities } from './tasks';

/** The worker's dependencies: real ones in production, sandbox or test ones in tests. */
export interface ActivityDependencies {
  db: Db;
  carrier: CarrierPort;
  mailer: Mailer;
  clock?: () => Date;
  /** How long a label purchase with an unknown outcome is given to show up at the carrier before buying again. */
  labelPurchaseSettleMs?: number;
  /** Company, support contacts and public address used by customer emails (default: the embedded stack's). */
  branding?: Branding;
}

/** Builds the full `ClaimActivities` implementation; attempts heartbeat so a dead worker's work moves on within seconds. */
export function createActivities(deps: ActivityDependencies): ClaimActivities {
  const { db, carrier, mailer, clock, labelPurchaseSettleMs, branding } = deps;
  return withHeartbeats<ClaimActivities>({
    ...createClaimActivities({ db, clock }),
    ...createDeviceActivities({ db }),
    ...createInventoryActivities({ db, clock }),
    ...createTaskActivities({ db, clock }),
    ...createLabelActivities({ db, carrier, ...(labelPurchaseSettleMs ? { purchaseSettleMs: labelPurchaseSettleMs } : {}) }),
    ...createEmailActivities({ db, mailer, clock, ...(branding ? { branding } : {}) }),
  });
}
