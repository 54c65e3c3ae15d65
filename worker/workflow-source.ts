/** Where the worker's workflow code comes from: a prebuilt bundle when there is one, else bundled at start. */
import type { WorkerOptions } from '@temporalio/worker';
import fs from 'node:fs';
import { prebuiltBundlePath } from './create-worker';

/** Workflow interceptor modules bundled with the workflows (claim id on workflow log lines). */
export const workflowInterceptorModules: string[] = [require.resolve('../observability/workflow-log-attributes')];

/**
 * Worker options choosing the workflow code: `bundlePath` (WORKFLOW_BUNDLE_PATH), else dist/workflow-bundle.js
 * when present (built by `scripts/build-workflow-bundle.ts`, which includes the interceptors), else bundling the
 * workflows at start with the interceptors.
 */
export function workflowSourceOptions(bundlePath: string | undefined): Partial<WorkerOptions> {
  const codePath = bundlePath ?? (fs.existsSync(prebuiltBundlePath) ? prebuiltBundlePath : undefined);
  if (codePath) return { workflowBundle: { codePath } };
  return { interceptors: { workflowModules: workflowInterceptorModules } };
}
