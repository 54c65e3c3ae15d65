/** Child process for the worker-kill test: an activity-only Temporal worker serving buyLabel/voidLabel. */
import { NativeConnection, Worker } from '@temporalio/worker';
import { MongoClient } from 'mongodb';
import { createLabelActivities } from '../../../../activities/labels';
import { createShippoCarrier } from '../../../../carrier/shippo-adapter';
import { SANDBOX_API_TOKEN } from '../../../../sandbox/shippo/server';
import { requiredEnv as required } from '../../../support/child-worker';
import { warehouse } from '../fixtures';

async function main(): Promise<void> {
  const mongo = await MongoClient.connect(required('MONGODB_URI'));
  const db = mongo.db(required('KILL_TEST_DB'));
  const carrier = createShippoCarrier({ apiToken: SANDBOX_API_TOKEN, serverURL: required('KILL_TEST_SANDBOX_URL'), warehouse, timeoutMs: 10_000 });
  const connection = await NativeConnection.connect({ address: required('TEMPORAL_ADDRESS') });
  const worker = await Worker.create({
    connection,
    taskQueue: required('KILL_TEST_QUEUE'),
    activities: createLabelActivities({ db, carrier, purchaseSettleMs: 1_500 }),
  });
  console.log('activity worker ready');
  await worker.run();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
