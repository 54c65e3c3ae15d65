/** `createActivities(deps)`: every activity the claim workflow calls, built over injected dependencies. */
import type { Db } from 'mongodb';
import type { CarrierPort } from '../carrier/port';
import type { Mailer } from '../notifications/mailer';
import { createClaimActivities } from './claims';
import type { ClaimActivities } from './contract';
import { createDeviceActivities } from './devices';
import { createEmailActivities } from './emails';
import { createInventoryActivities } from './inventory';
import { createLabelActivities } from './labels';
import { createTaskActivities } from './tasks';

/** The worker's dependencies: real ones in production, sandbox or test ones in tests. */
export interface ActivityDependencies {
  db: Db;
  carrier: CarrierPort;
  mailer: Mailer;
  clock?: () => Date;
}

/** Builds the full `ClaimActivities` implementation. */
export function createActivities(deps: ActivityDependencies): ClaimActivities {
  const { db, carrier, mailer, clock } = deps;
  return {
    ...createClaimActivities({ db, clock }),
    ...createDeviceActivities({ db }),
    ...createInventoryActivities({ db, clock }),
    ...createTaskActivities({ db, clock }),
    ...createLabelActivities({ db, carrier }),
    ...createEmailActivities({ db, mailer, clock }),
  };
}
