/**
 * Worker killed mid-purchase: the label POST is in flight when the activity worker process is SIGKILLed; the carrier
 * commits it anyway. Temporal retries the activity on a fresh worker, which finds that label by rate → one per leg.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import path from 'node:path';
import { CarrierCollections } from '../../../carrier/indexes';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { applyCarrierIndexes, customer } from './fixtures';
import { startShippoSandbox, type ShippoSandbox } from '../../../sandbox/shippo/server';
import { killChildWorkers, startChildWorker, until } from '../../support/child-worker';

let database: TestDatabase;
let sandbox: ShippoSandbox;

beforeAll(async () => {
  database = await openTestDatabase();
  await applyCarrierIndexes(database.db);
  sandbox = await startShippoSandbox();
});
afterAll(async () => {
  killChildWorkers();
  await sandbox.close();
  await database.close();
});

function startActivityWorker(queue: string) {
  return startChildWorker(path.join(__dirname, 'kill', 'activity-worker.ts'), { KILL_TEST_DB: database.db.databaseName, KILL_TEST_SANDBOX_URL: sandbox.url, KILL_TEST_QUEUE: queue });
}

it('buys exactly one label per leg when the activity worker is killed while the purchase is in flight', async () => {
  const suffix = database.db.databaseName;
  const activityQueue = `labels-activities-${suffix}`;
  const workflowQueue = `labels-workflow-${suffix}`;
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const workflowWorker = await Worker.create({ connection, taskQueue: workflowQueue, workflowsPath: require.resolve('./kill/label-workflow') });
  const running = workflowWorker.run();
  const clientConnection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const client = new Client({ connection: clientConnection });
  try {
    sandbox.setFaults({ latencyMs: 2_500, onlyPath: '/transactions' });
    const first = await startActivityWorker(activityQueue);
    const handle = await client.workflow.start('buyBothLabels', {
      taskQueue: workflowQueue, workflowId: `kill-${suffix}`, args: [{ claimId: 'K-1', shipTo: customer, activityQueue }],
    });
    // The outbound leg's first attempt is claimed (the intent's insert, made just before the POST /transactions).
    const purchases = database.db.collection<{ _id: string; state: string; firstAttemptInRecord?: boolean }>(CarrierCollections.labelPurchases);
    await until(async () => (await purchases.findOne({ _id: 'K-1:outbound' }))?.firstAttemptInRecord === true, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the POST /transactions is now at the carrier
    first.kill('SIGKILL');
    sandbox.setFaults({});
    await until(async () => sandbox.labels().length === 1, 10_000); // the carrier committed the dead worker's purchase
    const committed = sandbox.labels()[0]!.object_id;

    await startActivityWorker(activityQueue);
    const [outbound, returned] = await handle.result();
    expect(outbound?.transactionId).toBe(committed);
    expect(returned?.carrier).toBe(outbound?.carrier);
    const perLeg = sandbox.labels().map((label) => label.metadata).sort();
    expect(perLeg).toEqual(['K-1:outbound', 'K-1:return']);
    const history = await handle.fetchHistory();
    const attempts = history.events?.filter((event) => event.activityTaskStartedEventAttributes).map((event) => event.activityTaskStartedEventAttributes?.attempt);
    expect(attempts).toEqual([2, 1]); // outbound needed a second attempt after the kill; return went through at once
  } finally {
    workflowWorker.shutdown();
    await running;
    await connection.close();
    await clientConnection.close();
  }
});
