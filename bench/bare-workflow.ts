/**
 * The bare-Temporal floor: a workflow with the same number of activities (no-ops) and the same human steps as a
 * happy-path claim (an update to hand over, tracking signals, an update to receive the return), nothing else.
 */
import { condition, defineQuery, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

/** The bare workflow's no-op activity. */
export interface BareActivities {
  noop(step: number): Promise<number>;
}

/** Hand-over step (mirrors completeShipment). */
export const bareShipUpdate = defineUpdate<string>('bareShip');
/** Return receipt step (mirrors recordReturnReceipt). */
export const bareReceiveUpdate = defineUpdate<string>('bareReceive');
/** A tracking event (mirrors trackingEvent). */
export const bareTrackSignal = defineSignal<[string]>('bareTrack');
/** The bare workflow's stage (mirrors claimState). */
export const bareStageQuery = defineQuery<string>('bareStage');
/** The answer to an open (mirrors claimSnapshot, which `POST /claims` sends with the start). */

const { noop } = proxyActivities<BareActivities>({ startToCloseTimeout: '30 seconds' });

/** Runs `before` no-ops, waits for the hand-over, `signals` tracking events and the receipt, then runs `after` no-ops. */
export async function bareClaim(before: number, after: number, signals: number): Promise<string> {
  let stage = 'working';
  let shipped = false;
  let received = false;
  let events = 0;
  setHandler(bareStageQuery, () => stage);
  setHandler(bareShipUpdate, () => {
    shipped = true;
    return 'shipped';
  }, { validator: () => { if (stage !== 'awaiting-shipment') throw new Error('not ready'); } });
  setHandler(bareTrackSignal, () => {
    events += 1;
  });
  setHandler(bareReceiveUpdate, () => {
    received = true;
    return 'closed';
  });
  for (let step = 0; step < before; step++) await noop(step);
  stage = 'awaiting-shipment';
  await condition(() => shipped);
  stage = 'shipped';
  await condition(() => events >= signals && received);
  for (let step = 0; step < after; step++) await noop(before + step);
  stage = 'closed';
  return stage;
}

/** The floor of `POST /claims`: a workflow started and done in its first task (the product answers at its start). */
export async function bareOpen(): Promise<string> {
  return 'opened';
}
