/** Temporal test helpers: the time-skipping test server from `.tools/` (or the SDK's download where online). */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import fs from 'node:fs';
import { toolPaths } from '../../scripts/lib/paths';

/** Starts a real time-skipping test server; uses the provisioned binary when present. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const binary = toolPaths().temporalTestServer;
  if (fs.existsSync(binary)) {
    return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: binary } } });
  }
  return TestWorkflowEnvironment.createTimeSkipping();
}
