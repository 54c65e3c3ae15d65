/**
 * OpenTelemetry tracing end to end: the production API and worker processes, both with OTEL_EXPORTER_OTLP_ENDPOINT
 * pointing at an in-process OTLP/HTTP receiver. A claim opened through the API (client interceptors) and run by the
 * worker (workflow interceptors bundled with the workflows, activity interceptors, the workflow span sink) reaches
 * the receiver as one trace: the API's start span → RunWorkflow → StartActivity → RunActivity. With the endpoint
 * unset, no tracer, interceptor, sink or workflow module is installed.
 */
import { trace } from '@opentelemetry/api';
import { OpenTelemetryActivityInboundInterceptor } from '@temporalio/interceptors-opentelemetry';
import { Client, Connection } from '@temporalio/client';
import type { Context as ActivityContext } from '@temporalio/activity';
import { NativeConnection } from '@temporalio/worker';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createActivities } from '../../../activities';
import { connectTemporal } from '../../../client/connection';
import { loadConfig } from '../../../config/env';
import { startTracing, tracingWorkflowInterceptorModule, type Tracing } from '../../../observability/tracing';
import { createShippoCarrier } from '../../../carrier/shippo-adapter';
import { createMailer } from '../../../notifications/mailer';
import { warehouseAddress } from '../../../worker/dependencies';
import { createClaimWorker } from '../../../worker/create-worker';
import { workflowSourceOptions } from '../../../worker/workflow-source';
import { SANDBOX_API_TOKEN, startShippoSandbox, type ShippoSandbox } from '../../../sandbox/shippo/server';
import { startSmtpSink, type SmtpSink } from '../../../sandbox/smtp/sink';
import { cancelClaimUpdate, claimStateQuery } from '../../../workflows/messages';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { claimRequest, randomMac, seedDeviceAndStock, startApiProcess, startWorkerProcess, type ProductProcess } from './support';

/** One span as OTLP/HTTP JSON carries it, with its resource's service.name. */
interface ReceivedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

interface OtlpJson {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value: { stringValue?: string } }> };
    scopeSpans?: Array<{ spans?: Array<{ name: string; traceId: string; spanId: string; parentSpanId?: string }> }>;
  }>;
}

let database: TestDatabase;
let sandbox: ShippoSandbox;
let sink: SmtpSink;
let connection: Connection;
let receiver: http.Server;
let receiverUrl = '';
const requests: Array<{ url: string; contentType: string; body: OtlpJson }> = [];
const processes: ProductProcess[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  sandbox = await startShippoSandbox();
  sink = await startSmtpSink({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'rf-tracing-mail-')) });
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ url: request.url ?? '', contentType: String(request.headers['content-type']), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpJson });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const product of processes) {
    if (product.child.exitCode === null) {
      product.kill('SIGKILL');
      await product.exited;
    }
  }
  await connection?.close();
  await new Promise((resolve) => receiver?.close(resolve));
  await sandbox?.close();
  await sink?.close();
  await database?.close();
});

function receivedSpans(): ReceivedSpan[] {
  return requests.flatMap(({ body }) => (body.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = resourceSpans.resource?.attributes?.find((attribute) => attribute.key === 'service.name')?.value.stringValue ?? '';
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) => (scope.spans ?? []).map((span) => ({
      service, name: span.name, traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId || undefined,
    })));
  }));
}

test('a claim opened through the API and run by the worker arrives at the OTLP receiver as one trace', async () => {
  const taskQueue = `stack-tracing-${database.db.databaseName}`;
  const common = { MONGODB_DB: database.db.databaseName, TEMPORAL_TASK_QUEUE: taskQueue, OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl };
  const worker = await startWorkerProcess({
    ...common, OTEL_SERVICE_NAME: 'rf-test-worker', SHIPPO_BASE_URL: sandbox.url, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port),
  });
  processes.push(worker);
  const api = await startApiProcess({ ...common, OTEL_SERVICE_NAME: 'rf-test-api' });
  processes.push(api);
  expect(worker.logs().find((line) => line.msg === 'tracing on')).toMatchObject({ tracesUrl: `${receiverUrl}/v1/traces`, serviceName: 'rf-test-worker' });
  expect(api.logs().find((line) => line.msg === 'tracing on')).toMatchObject({ serviceName: 'rf-test-api' });

  const mac = randomMac();
  await seedDeviceAndStock(database.db, mac, 'T57W', 1);
  const opened = await fetch(`${api.url}/claims`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'rf-dev-support-key' }, body: JSON.stringify(claimRequest(mac)),
  });
  expect(opened.status).toBe(201);
  const { workflowId } = (await opened.json()) as { workflowId: string };
  const handle = new Client({ connection }).workflow.getHandle(workflowId);
  const deadline = Date.now() + 60_000;
  while ((await handle.query(claimStateQuery)).status !== 'awaiting-shipment' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  await handle.executeUpdate(cancelClaimUpdate, { args: [{ reason: 'tracing test over', cancelledBy: 'agent-7' }] });
  expect((await handle.result()).status).toBe('cancelled');

  for (const product of [api, worker]) product.kill('SIGTERM'); // both flush their buffered spans while stopping
  expect(await api.exited).toBe(0);
  expect(await worker.exited).toBe(0);

  expect(requests.length).toBeGreaterThan(0);
  for (const request of requests) {
    expect(request.url).toBe('/v1/traces');
    expect(request.contentType).toBe('application/json');
  }
  const spans = receivedSpans();
  const start = spans.filter((span) => span.service === 'rf-test-api' && span.name.startsWith('StartWorkflow:'));
  expect(start).toHaveLength(1);
  const trace = spans.filter((span) => span.traceId === start[0]!.traceId);
  const run = trace.filter((span) => span.name === 'RunWorkflow:replacementClaim');
  expect(run).toHaveLength(1);
  expect(run[0]).toMatchObject({ service: 'rf-test-worker', parentSpanId: start[0]!.spanId });

  const scheduled = trace.filter((span) => span.service === 'rf-test-worker' && span.name.startsWith('StartActivity:'));
  const executed = trace.filter((span) => span.service === 'rf-test-worker' && span.name.startsWith('RunActivity:'));
  expect(scheduled.length).toBeGreaterThanOrEqual(3);
  expect(executed.length).toBeGreaterThanOrEqual(scheduled.length);
  const scheduledIds = new Set(scheduled.map((span) => span.spanId));
  for (const span of executed) expect(scheduledIds.has(span.parentSpanId ?? '')).toBe(true);
  const activityTypes = new Set(executed.map((span) => span.name.slice('RunActivity:'.length)));
  expect(new Set(scheduled.map((span) => span.name.slice('StartActivity:'.length)))).toEqual(activityTypes);
  expect([...activityTypes]).toEqual(expect.arrayContaining(['recordClaimOpened', 'reserveUnit', 'buyLabelPair', 'sendCustomerEmail']));
  expect(activityTypes.has('lookupDevice')).toBe(false); // the API gave the registry's answer in the claim's input
}, 240_000);

/** What a claim worker built with `tracing` installs for it (the worker polls an unused queue and stops at once). */
async function installedInWorker(tracing: Tracing | undefined) {
  const config = loadConfig({ TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS! });
  const carrier = createShippoCarrier({ apiToken: SANDBOX_API_TOKEN, serverURL: sandbox.url, warehouse: warehouseAddress(config) });
  const mailer = createMailer({ host: '127.0.0.1', port: sink.port, from: config.MAIL_FROM });
  const workerConnection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  try {
    const worker = await createClaimWorker({
      connection: workerConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: `stack-tracing-unused-${database.db.databaseName}`,
      activities: createActivities({ db: database.db, carrier, mailer }),
      tracing,
      overrides: workflowSourceOptions(undefined, tracing !== undefined),
    });
    const running = worker.run(); // a created worker holds its connection until it has run and shut down
    worker.shutdown();
    await running;
    const activityInterceptors = worker.options.interceptors.activity.map((factory) => factory({} as ActivityContext));
    return {
      exporterSink: Object.keys(worker.options.sinks ?? {}).includes('exporter'),
      workflowModule: worker.options.interceptors.workflowModules.includes(tracingWorkflowInterceptorModule),
      activityInterceptor: activityInterceptors.some(({ inbound }) => inbound instanceof OpenTelemetryActivityInboundInterceptor),
    };
  } finally {
    await workerConnection.close();
    mailer.close();
  }
}

test('with OTEL_EXPORTER_OTLP_ENDPOINT unset nothing is installed: no tracer, no client or activity interceptor, no sink, no workflow module', async () => {
  const config = loadConfig({ TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!, OTEL_SERVICE_NAME: 'rf-test-off' });
  const tracing = startTracing(config, 'worker', { warn: () => {} });
  expect(tracing).toBeUndefined();
  expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false); // the API's no-op provider
  const client = await connectTemporal(config, { interceptors: tracing?.clientInterceptors });
  try {
    expect(client.options.interceptors.workflow ?? []).toEqual([]);
  } finally {
    await client.connection.close();
  }
  expect(await installedInWorker(tracing)).toEqual({ exporterSink: false, workflowModule: false, activityInterceptor: false });

  // The same probes see every piece once the endpoint is set.
  const on = startTracing(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl }), 'worker', { warn: (details, message) => { throw new Error(`${message} ${JSON.stringify(details)}`); } })!;
  try {
    expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(true);
    expect(on.clientInterceptors.workflow).toHaveLength(1);
    expect(await installedInWorker(on)).toEqual({ exporterSink: true, workflowModule: true, activityInterceptor: true });
  } finally {
    await on.shutdown();
  }
  expect(trace.getTracer('probe').startSpan('probe').isRecording()).toBe(false); // shutdown unregistered it
}, 120_000);
