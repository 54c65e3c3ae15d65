/**
 * Who works what: each task kind belongs to one work queue (the shipping department's, support's or the
 * supervisors'), and some timeline entries put a claim on support's attention list without a task (the carrier
 * reports trouble with the replacement's parcel; a customer email may not have arrived).
 */
import type { TaskKind } from './types';
import { emailOutcomeOfKey } from './email-outcomes';

/** The work queues, one per role that works tasks. */
export const workQueues = ['shipping', 'support', 'supervisor'] as const;
/** One of the work queues. */
export type WorkQueue = (typeof workQueues)[number];

/** The queue each task kind is worked from. */
export const TASK_QUEUE = {
  'pick-pack-ship': 'shipping',
  'receive-return': 'shipping',
  'fix-address': 'support',
  'backorder-escalation': 'support',
  'provisioning-problem': 'support',
  'confirm-emergency-address': 'support',
  'review-device': 'supervisor',
} as const satisfies Record<TaskKind, WorkQueue>;

/** The task kinds a queue lists. */
export function kindsOfQueue(queue: WorkQueue): TaskKind[] {
  return (Object.keys(TASK_QUEUE) as TaskKind[]).filter((kind) => TASK_QUEUE[kind] === queue);
}

/** Why a claim is on support's attention list without a task. */
export type AttentionKind = 'carrier-trouble' | 'email-problem';

/** The attention a timeline entry asks of support (by its key, as the workflow records it), or null. */
export function attentionOfTimelineKey(key: string): AttentionKind | null {
  if (key === 'outbound-failure' || key === 'outbound-returned') return 'carrier-trouble';
  const email = emailOutcomeOfKey(key);
  if (email && email !== 'sent') return 'email-problem';
  return null;
}
