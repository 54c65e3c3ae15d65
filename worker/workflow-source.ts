/** Where the worker's workflow code comes from: a prebuilt bundle when there is one, else bundled at start. */
import type { WorkerOptions } from '@temporalio/worker';
import fs from 'node:fs';
import { tracingWorkflowInterceptorModule } from '../observability/tracing';
import { prebuiltBundlePath } from './create-worker';

/** Workflow interceptor modules bundled with the workflows (claim id on workflow log lines). */
export const workflowInterceptorModules: string[] = [require.resolve('../observability/workflow-log-attributes')];

/**
 * Worker options choosing the workflow code: `bundlePath` (WORKFLOW_BUNDLE_PATH), else dist/workflow-bundle.js
 * when present (built by `scripts/build-workflow-bundle.ts`, which includes the interceptors), else bundling the
 * workflows at start with the interceptors. With `tracing`, a bundle is used only if it contains the OpenTelemetry
 * workflow interceptors; otherwise the workflows are bundled at start with them.
 */
export function workflowSourceOptions(bundlePath: string | undefined, tracing = false): Partial<WorkerOptions> {
  const codePath = bundlePath ?? (fs.existsSync(prebuiltBundlePath) ? prebuiltBundlePath : undefined);
  if (codePath && (!tracing || bundleHasTracing(codePath))) return { workflowBundle: { codePath } };
  const workflowModules = tracing ? [...workflowInterceptorModules, tracingWorkflowInterceptorModule] : workflowInterceptorModules;
  return { interceptors: { workflowModules } };
}

/** Whether a prebuilt bundle was built with the OpenTelemetry workflow interceptor module. */
export function bundleHasTracing(codePath: string): boolean {
  return fs.existsSync(codePath) && fs.readFileSync(codePath, 'utf8').includes('interceptors-opentelemetry/lib/workflow-interceptors');
}
