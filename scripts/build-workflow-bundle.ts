/**
 * Bundles the workflow code once (with the workflow interceptors) so workers start without webpack:
 * `npx tsx scripts/build-workflow-bundle.ts [out]` → dist/workflow-bundle.js by default. Run by the Docker build.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';
import { prebuiltBundlePath } from '../worker/create-worker';
import { workflowInterceptorModules } from '../worker/workflow-source';
import { runMain } from '../entry/errors';

runMain(async () => {
  const out = path.resolve(process.argv[2] ?? prebuiltBundlePath);
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    workflowInterceptorModules,
  });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, code);
  console.log(`workflow bundle written to ${out} (${Math.round(code.length / 1024)} KiB)`);
});
