/**
 * Jest globalSetup for the integration project: one embedded stack per run (Temporal dev server + FerretDB, free
 * ports, temp dir), and the workflows bundled once for every test file's workers.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedStack } from '../../scripts/lib/stack';

export default async function globalSetup(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-test-stack-'));
  const [stack, bundle] = await Promise.all([
    startEmbeddedStack({ dataDir, ports: 'free', ui: false, log: () => undefined }),
    bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietLogger }),
  ]);
  const bundlePath = path.join(dataDir, 'workflow-bundle.js');
  fs.writeFileSync(bundlePath, bundle.code);
  process.env.MONGODB_URI = stack.mongoUri;
  process.env.TEMPORAL_ADDRESS = stack.temporalAddress;
  process.env.RF_TEST_STACK_DIR = dataDir;
  process.env.RF_WORKFLOW_BUNDLE = bundlePath;
  (globalThis as { __rfStack?: typeof stack }).__rfStack = stack;
}

const quietLogger = {
  log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined,
  warn: (message: string) => console.warn(message), error: (message: string) => console.error(message),
};
