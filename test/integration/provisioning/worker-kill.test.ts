/**
 * Worker killed mid-provisioning: the activity worker process is SIGKILLed while the replacement's redirect entry is
 * being registered (its file already written), and again while the defective MAC is released (its credential
 * rotation already inserted). Temporal retries each activity on a fresh worker → one file per MAC, one rotation.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importRecords } from '../../../data/import/run';
import { migrate } from '../../../activities/database';
import { CredentialCollections } from '../../../provisioning/credential-store';
import { createDirectoryProvisioning } from '../../../provisioning/directory-adapter';
import { createRedirectClient } from '../../../provisioning/redirect-client';
import { startProvisioningSandbox, type ProvisioningSandbox } from '../../../sandbox/provisioning/server';
import { killChildWorkers, startChildWorker, until } from '../../support/child-worker';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';

const TOKEN = 'kill-test-redirect-token';
const OLD = '80:5E:C0:1A:00:01';
const NEW = 'AC:44:F2:00:00:09';
const profile = { accountId: 'ACME-001', extension: '1001', sipUser: 'acme1001', sipServer: 'sip.example.net', displayName: 'Dana', lineKeys: [] };

let database: TestDatabase;
let sandbox: ProvisioningSandbox;
let dir: string;
let registrarDir: string;

beforeAll(async () => {
  database = await openTestDatabase();
  await migrate(database.db);
  await importRecords(database.db, 'models', [{ row: 1, record: { model: 'yealink-t54w', manufacturer: 'Yealink', name: 'T54W', similarModels: '' } }], 'test');
  await importRecords(database.db, 'extensions', [{ row: 1, record: { ...profile, lineKeys: '' } }], 'test');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-kill-provisioning-'));
  registrarDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-kill-registrar-'));
  sandbox = await startProvisioningSandbox({ dir, registrarDir, redirectToken: TOKEN });
});
afterAll(async () => {
  killChildWorkers();
  await sandbox.close();
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(registrarDir, { recursive: true, force: true });
});

function startActivityWorker(queue: string) {
  return startChildWorker(path.join(__dirname, 'kill', 'activity-worker.ts'), {
    KILL_TEST_DB: database.db.databaseName, KILL_TEST_QUEUE: queue, KILL_TEST_DIR: dir, KILL_TEST_REGISTRAR_DIR: registrarDir,
    KILL_TEST_REDIRECT_URL: sandbox.redirectUrl, KILL_TEST_REDIRECT_TOKEN: TOKEN, KILL_TEST_SERVER_URL: `${sandbox.url}/`,
  });
}

it('moves the identity with one file per MAC and one credential rotation when the worker is killed in both phases', async () => {
  const suffix = database.db.databaseName;
  const activityQueue = `provisioning-activities-${suffix}`;
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const workflowWorker = await Worker.create({ connection, taskQueue: `provisioning-workflow-${suffix}`, workflowsPath: require.resolve('./kill/identity-workflow') });
  const running = workflowWorker.run();
  const clientConnection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const client = new Client({ connection: clientConnection });
  const versions = database.db.collection<{ _id: string; moveId: string }>(CredentialCollections.versions);
  try {
    // The defective phone as the provider had it: its file and its redirect entry.
    await createDirectoryProvisioning({ dir, registrarDir, credentialKey: 'embedded-provisioning-key-change-me', db: database.db })
      .assign({ moveId: 'before', profile, from: { mac: OLD }, to: { mac: OLD, vendor: 'yealink' } });
    await createRedirectClient({ baseUrl: sandbox.redirectUrl, token: TOKEN, serverUrl: `${sandbox.url}/` }).register(OLD);
    sandbox.setFaults({ redirectLatencyMs: 2_500 });

    const first = await startActivityWorker(activityQueue);
    const handle = await client.workflow.start('moveIdentity', {
      taskQueue: `provisioning-workflow-${suffix}`, workflowId: `kill-provisioning-${suffix}`,
      args: [{ move: { claimId: 'K-1', accountId: 'ACME-001', extension: '1001', originalMac: OLD, replacementMac: NEW, model: 'yealink-t54w' }, activityQueue }],
    });
    await until(() => fs.existsSync(path.join(dir, 'ac44f2000009.cfg')), 60_000); // written; the redirect PUT is in flight
    first.kill('SIGKILL');

    const second = await startActivityWorker(activityQueue);
    await until(async () => Boolean(await versions.findOne({ _id: 'ACME-001/1001#2' })), 60_000); // rotated; release in flight
    second.kill('SIGKILL');
    sandbox.setFaults({});

    await startActivityWorker(activityQueue);
    const [provisioned, released] = await handle.result();
    expect(provisioned?.report[0]).toMatch(/ac44f2000009\.cfg (written|unchanged)/);
    expect(released?.report[0]).toMatch(/^rotated to credential version 2/);

    expect(fs.readdirSync(dir).filter((name) => !name.startsWith('.'))).toEqual(['ac44f2000009.cfg']); // one file, none for the old MAC
    expect(fs.readdirSync(path.join(dir, '.rf-tmp'))).toEqual([]); // no half-written file left behind
    expect(fs.readFileSync(path.join(dir, 'ac44f2000009.cfg'), 'utf8')).toContain('## rf-credential-version: 2');
    expect(await versions.find({}).toArray()).toEqual([expect.objectContaining({ _id: 'ACME-001/1001#2', moveId: 'K-1' })]); // one rotation
    expect(JSON.parse(fs.readFileSync(path.join(registrarDir, 'acme1001.json'), 'utf8'))['rf-credential-version']).toBe(2);
    expect([...sandbox.redirects().keys()]).toEqual(['ac44f2000009']);
    const history = await handle.fetchHistory();
    const attempts = history.events?.filter((event) => event.activityTaskStartedEventAttributes).map((event) => event.activityTaskStartedEventAttributes?.attempt);
    expect(attempts?.every((attempt) => (attempt ?? 0) >= 2)).toBe(true); // each phase was retried after a kill
  } finally {
    workflowWorker.shutdown();
    await running;
    await connection.close();
    await clientConnection.close();
  }
});
