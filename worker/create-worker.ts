/** Builds the claim worker: the workflows bundle plus the activities built by `createActivities(deps)`. */
import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';
import type { ClaimActivities } from '../activities/contract';

/** What a claim worker needs. */
export interface ClaimWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: ClaimActivities;
  /** Workflows kept in memory between tasks; bounded so thousands of waiting claims fit in RAM. */
  maxCachedWorkflows?: number;
  /** Options for tests (e.g. a prebuilt `workflowBundle`). */
  overrides?: Partial<WorkerOptions>;
}

/** Path of a prebuilt workflow bundle (made by the Docker build), used instead of bundling at start. */
export const prebuiltBundlePath = path.resolve(__dirname, '..', 'dist', 'workflow-bundle.js');

/** Creates (does not run) a worker on the claims task queue. */
export async function createClaimWorker(options: ClaimWorkerOptions): Promise<Worker> {
  const workflowSource = options.overrides?.workflowBundle
    ? {}
    : fs.existsSync(prebuiltBundlePath)
    ? { workflowBundle: { codePath: prebuiltBundlePath } }
    : { workflowsPath: require.resolve('../workflows') };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    maxCachedWorkflows: options.maxCachedWorkflows ?? 2_000,
    ...workflowSource,
    ...options.overrides,
  });
}
