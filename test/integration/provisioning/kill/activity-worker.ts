/** Child process for the provisioning kill test: an activity-only Temporal worker serving the provisioning activities. */
import { NativeConnection, Worker } from '@temporalio/worker';
import { MongoClient } from 'mongodb';
import { createProvisioningActivities } from '../../../../activities/provisioning';
import { loadConfig } from '../../../../config/env';
import { createProvisioningSetup } from '../../../../provisioning/setup';
import { requiredEnv as required } from '../../../support/child-worker';

async function main(): Promise<void> {
  const mongo = await MongoClient.connect(required('MONGODB_URI'));
  const db = mongo.db(required('KILL_TEST_DB'));
  const settings = loadConfig({
    PROVISIONING_MODE: 'directory', PROVISIONING_DIR: required('KILL_TEST_DIR'), PROVISIONING_REGISTRAR_DIR: required('KILL_TEST_REGISTRAR_DIR'),
    PROVISIONING_REDIRECT_URL: required('KILL_TEST_REDIRECT_URL'), PROVISIONING_REDIRECT_TOKEN: required('KILL_TEST_REDIRECT_TOKEN'),
    PROVISIONING_SERVER_URL: required('KILL_TEST_SERVER_URL'),
  });
  const connection = await NativeConnection.connect({ address: required('TEMPORAL_ADDRESS') });
  const worker = await Worker.create({
    connection,
    taskQueue: required('KILL_TEST_QUEUE'),
    activities: createProvisioningActivities({ db, provisioning: createProvisioningSetup(settings, db)! }),
  });
  console.log('activity worker ready');
  await worker.run();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
