/** Builds the claim worker: the workflows bundle plus the activities built by `createActivities(deps)`. */
import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';
import type { ClaimActivities } from '../activities/contract';
import { DEFAULT_MAX_CACHED_WORKFLOWS, DEFAULT_NON_STICKY_POLL_RATIO } from '../config/env';
import { tracingWorkflowInterceptorModule, type Tracing } from '../observability/tracing';

/** What a claim worker needs. */
export interface ClaimWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: ClaimActivities;
  /** Workflows kept in memory between tasks (default DEFAULT_MAX_CACHED_WORKFLOWS, 100); bounded so thousands of waiting claims fit in RAM. */
  maxCachedWorkflows?: number;
  /** Share of workflow-task polls on the task queue itself, new claims (default DEFAULT_NON_STICKY_POLL_RATIO, 0.5). */
  nonStickyToStickyPollRatio?: number;
  /** Options for tests (e.g. a prebuilt `workflowBundle`). */
  overrides?: Partial<WorkerOptions>;
  /** OpenTelemetry (`startTracing`): activity interceptors, the workflow span sink, and the workflow module when bundling. */
  tracing?: Tracing;
}

/** Path of a prebuilt workflow bundle (made by the Docker build), used instead of bundling at start. */
export const prebuiltBundlePath = path.resolve(__dirname, '..', 'dist', 'workflow-bundle.js');

/** Creates (does not run) a worker on the claims task queue. */
export async function createClaimWorker(options: ClaimWorkerOptions): Promise<Worker> {
  const { overrides = {}, tracing } = options;
  const workflowSource = overrides.workflowBundle
    ? {}
    : fs.existsSync(prebuiltBundlePath) && !tracing // a traced worker bundles at start unless given a traced bundle
    ? { workflowBundle: { codePath: prebuiltBundlePath } }
    : { workflowsPath: require.resolve('../workflows') };
  const bundlesAtStart = !overrides.workflowBundle && 'workflowsPath' in workflowSource;
  const workflowModules = [...new Set([
    ...(overrides.interceptors?.workflowModules ?? []),
    ...(tracing && bundlesAtStart ? [tracingWorkflowInterceptorModule] : []),
  ])];
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    maxCachedWorkflows: options.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
    nonStickyToStickyPollRatio: options.nonStickyToStickyPollRatio ?? DEFAULT_NON_STICKY_POLL_RATIO,
    ...workflowSource,
    ...overrides,
    interceptors: {
      ...overrides.interceptors,
      activity: [...(overrides.interceptors?.activity ?? []), ...(tracing?.workerOptions.interceptors.activity ?? [])],
      ...(workflowModules.length > 0 ? { workflowModules } : {}),
    },
    sinks: { ...overrides.sinks, ...tracing?.workerOptions.sinks },
  });
}
