/** The activity under a real Temporal worker: Temporal's own retries of a transient 4xx end in one delivered message. */
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { Db } from 'mongodb';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { createEmailActivities } from '../../../activities/emails';
import type { Mailer } from '../../../notifications/mailer';
import { EmailOutbox } from '../../../notifications/outbox';
import type { ReceivedMessage, SmtpRefusal, SmtpSink } from '../../../sandbox/smtp/sink';
import { emailInput, ensureClaim, mailerFor, startTestSink } from './harness';
import { sendEmailWorkflow } from './send-email-workflow';

let database: TestDatabase;
let db: Db;
let sink: SmtpSink;
let mailer: Mailer;
let bundle: WorkflowBundleWithSourceMap;
let screen: (message: ReceivedMessage) => SmtpRefusal | undefined = () => undefined;
let transactions = 0;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { forward: {}, filter: 'ERROR' } } });
  } catch {
    // already installed in this process by an earlier test file
  }
  database = await openTestDatabase();
  db = database.db;
  sink = await startTestSink({ screen: (message) => (transactions++, screen(message)) });
  mailer = mailerFor(sink.port);
  const noop = () => undefined;
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./send-email-workflow'),
    logger: { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop },
  });
});
afterAll(async () => {
  mailer.close();
  await sink.close();
  await database.close();
});

/** Runs the workflow on a fresh task queue with a real worker and returns its result (or throws its failure). */
async function runWorkflow(id: string, input: ReturnType<typeof emailInput>) {
  await ensureClaim(db, input.claimId);
  const address = process.env.TEMPORAL_ADDRESS!;
  const taskQueue = `emails-${id}-${Date.now()}`;
  const workerConnection = await NativeConnection.connect({ address });
  const connection = await Connection.connect({ address });
  try {
    const worker = await Worker.create({
      connection: workerConnection,
      taskQueue,
      workflowBundle: bundle,
      activities: createEmailActivities({ db, mailer }),
    });
    const client = new Client({ connection });
    return await worker.runUntil(client.workflow.execute(sendEmailWorkflow, { taskQueue, workflowId: `${id}-${Date.now()}`, args: [input] }));
  } finally {
    await connection.close();
    await workerConnection.close();
  }
}

describe('sendCustomerEmail on a real Temporal worker', () => {
  it('two 451 replies are retried by Temporal, the third attempt delivers, and the server holds one message', async () => {
    let refusals = 2;
    screen = () => (refusals-- > 0 ? { code: 451, message: 'Greylisted, try again later' } : undefined);
    const result = await runWorkflow('CLM-T451', emailInput('CLM-T451', 'replacement-shipped'));
    expect(result.status).toBe('sent');
    expect(transactions).toBe(3);
    expect((await sink.messages()).filter((m) => m.headers['x-claim-id'] === 'CLM-T451')).toHaveLength(1);
    expect(await new EmailOutbox(db).get('CLM-T451:replacement-shipped:1')).toMatchObject({ state: 'sent', attempts: 3 });
  });

  it('bad template data fails the workflow at the first attempt with InvalidData (not retried)', async () => {
    transactions = 0;
    const input = emailInput('CLM-TBAD', 'claim-denied');
    delete input.data.explanation;
    const failure = await runWorkflow('CLM-TBAD', input).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const activityFailure = (failure as WorkflowFailedError).cause as ActivityFailure;
    expect(activityFailure).toBeInstanceOf(ActivityFailure);
    const cause = activityFailure.cause as ApplicationFailure;
    expect(cause.type).toBe('InvalidData');
    expect(cause.message).toContain('data.explanation: is required');
    expect(transactions).toBe(0);
  });
});
