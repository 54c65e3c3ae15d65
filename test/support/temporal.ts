/** Temporal test helpers: the time-skipping test server from `.tools/` (or the SDK's download where online). */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import fs from 'node:fs';
import { toolPaths } from '../../scripts/lib/paths';

/** Tries to start the test server; the SDK waits a fixed 5 s for it, which a loaded 2-core machine can miss. */
const START_ATTEMPTS = 3;

/** Starts a real time-skipping test server; uses the provisioned binary when present. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const binary = toolPaths().temporalTestServer;
  const start = () => (fs.existsSync(binary)
    ? TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: binary } } })
    : TestWorkflowEnvironment.createTimeSkipping());
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= START_ATTEMPTS || !/did not start within/.test(String(error))) throw error;
    }
  }
}
