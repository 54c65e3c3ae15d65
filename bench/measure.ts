/** The benchmark's measurements: throughput (product vs bare), history shape, round trips, webhook ingestion. */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { claimWorkflowId } from '../domain/ids';
import { bareShipUpdate, bareStageQuery, bareTrackSignal, type bareClaim } from './bare-workflow';
import { bareRun, handOver, happyClaim, openAndAwaitShipment, pool, until, HAPPY_POLICY } from './drive';
import { BARE_QUEUE, type BenchProduct } from './world';

const EventType = temporal.api.enums.v1.EventType;

/** What one happy-path history looks like. */
export interface HistoryShape {
  events: number;
  activitiesBeforeHandOver: number;
  activitiesAfterHandOver: number;
  signals: number;
  /** Event counts by type (e.g. ActivityTaskScheduled: 17). */
  byType: Record<string, number>;
}

/** Counts the events, activities (split at the hand-over update) and signals of one workflow's history. */
export async function historyShape(client: Client, workflowId: string): Promise<HistoryShape> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  let handedOver = false;
  const shape: HistoryShape = { events: events.length, activitiesBeforeHandOver: 0, activitiesAfterHandOver: 0, signals: 0, byType: {} };
  for (const event of events) {
    const type = (EventType[event.eventType ?? 0] ?? 'unknown').replace('EVENT_TYPE_', '');
    shape.byType[type] = (shape.byType[type] ?? 0) + 1;
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED
      && event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'completeShipment') handedOver = true;
    if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
      if (handedOver) shape.activitiesAfterHandOver += 1;
      else shape.activitiesBeforeHandOver += 1;
    }
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) shape.signals += 1;
  }
  return shape;
}

/** Result of one throughput phase. */
export interface Throughput {
  claims: number;
  seconds: number;
  perSecond: number;
}

async function timed(count: number, run: () => Promise<void>): Promise<Throughput> {
  const started = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { claims: count, seconds, perSecond: count / seconds };
}

/** Happy-path claims over `macs` on `product`; returns throughput, its DB round trips per claim and the workflow ids. */
export async function productThroughput(client: Client, product: BenchProduct, macs: string[], concurrency: number, replacementPrefix: number, progress: (done: number) => void): Promise<Throughput & { roundTripsPerClaim: number; byCommand: Record<string, number>; countsByTarget: Record<string, number>; msByTarget: Record<string, number>; workflowIds: string[] }> {
  const workflowIds: string[] = [];
  product.resetRoundTrips();
  const result = await timed(macs.length, () => pool(macs, concurrency, async (mac, index) => {
    workflowIds.push(await happyClaim(client, product, mac, replacementPrefix, index));
    progress(workflowIds.length);
  }));
  const trips = product.roundTrips();
  return { ...result, roundTripsPerClaim: trips.total / macs.length, byCommand: trips.byCommand, countsByTarget: trips.countsByTarget, msByTarget: trips.msByTarget, workflowIds };
}

/** The same number of bare workflows with the product's shape. */
export async function bareThroughput(client: Client, runId: string, count: number, concurrency: number, shape: HistoryShape, progress: (done: number) => void): Promise<Throughput> {
  let done = 0;
  const ids = Array.from({ length: count }, (_, index) => `bare-${runId}-${index}`);
  return timed(count, () => pool(ids, concurrency, async (id) => {
    await bareRun(client, id, shape.activitiesBeforeHandOver, shape.activitiesAfterHandOver, shape.signals);
    progress(++done);
  }));
}

/** N tracking webhooks (sandbox → API over HTTP → read model → signal) vs N bare signals, to waiting workflows. */
export async function webhookIngestion(client: Client, product: BenchProduct, macs: string[], concurrency: number, replacementPrefix: number, runId: string, progress: (line: string) => void): Promise<{ webhook: Throughput; bare: Throughput }> {
  const trackingNumbers: string[] = [];
  await pool(macs, concurrency, async (mac, index) => {
    const { handle, state } = await openAndAwaitShipment(client, product, mac, { ...HAPPY_POLICY, dayLengthMs: 86_400_000 });
    await handOver(handle, replacementPrefix, index);
    trackingNumbers.push(state.legs.outbound.label!.trackingNumber);
    progress(`preparing ${trackingNumbers.length}/${macs.length} shipped claims`);
  });
  const bareIds = macs.map((_, index) => `bare-signal-${runId}-${index}`);
  await pool(bareIds, concurrency, async (id) => {
    const handle = await client.workflow.start<typeof bareClaim>('bareClaim', { taskQueue: BARE_QUEUE, workflowId: id, args: [0, 0, 1_000_000] });
    await until(() => handle.query(bareStageQuery), (stage) => stage === 'awaiting-shipment', `${id} awaiting-shipment`);
    await handle.executeUpdate(bareShipUpdate);
  });
  progress('timing webhooks');
  const webhook = await timed(trackingNumbers.length, () => pool(trackingNumbers, concurrency, async (trackingNumber) => {
    const [delivery] = await product.sandbox.playTracking(trackingNumber, ['TRANSIT']);
    if (delivery?.responseStatus !== 200) throw new Error(`webhook for ${trackingNumber} answered ${delivery?.responseStatus}`);
  }));
  progress('timing bare signals');
  const bare = await timed(bareIds.length, () => pool(bareIds, concurrency, async (id) => {
    await client.workflow.getHandle(id).signal(bareTrackSignal, 'event');
  }));
  await pool([...bareIds, ...macs.map(claimWorkflowId)], concurrency, async (id) => {
    await client.workflow.getHandle(id).terminate('bench phase over').catch(() => undefined);
  });
  return { webhook, bare };
}
