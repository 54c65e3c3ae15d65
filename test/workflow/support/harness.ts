/** Shared set-up of the workflow tests: one time-skipping server and one workflow bundle per test file. */
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import fs from 'node:fs';
import path from 'node:path';
import type { ClaimState, ClaimWorkflowInput } from '../../../domain/claim-view';
import { claimWorkflowId } from '../../../domain/ids';
import type { ClaimRequest, ClaimStatus, DeviceRecord } from '../../../domain/types';
import { claimStateQuery } from '../../../workflows/messages';
import { CLAIM_SEARCH_ATTRIBUTES } from '../../../workflows/search-attributes';
import { createTimeSkippingEnv } from '../../support/temporal';
import { FakeClaimWorld } from './fake-activities';
import { historyToFixtureJson } from './history-json';

/** Directory of the recorded histories replayed by `replay.test.ts`. */
export const HISTORIES_DIR = path.resolve(__dirname, '../../fixtures/histories');
/** Path of the workflows entry point. */
export const WORKFLOWS_PATH = path.resolve(__dirname, '../../../workflows/index.ts');
const DAY = 86_400_000;

jest.setTimeout(60_000);

/** The server and bundle a test file shares. */
export interface ClaimTestContext {
  env: TestWorkflowEnvironment;
  bundle: WorkflowBundleWithSourceMap;
}

/** Starts the time-skipping server and bundles the workflows once. */
export async function setUpClaimTests(): Promise<ClaimTestContext> {
  installQuietRuntime();
  const [env, bundle] = await Promise.all([
    createTimeSkippingEnv(),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger() }),
  ]);
  // The time-skipping server rejects unregistered custom search attributes ("BadSearchAttributes: search
  // attribute DeviceMac is not defined") but accepts them through the operator service.
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(CLAIM_SEARCH_ATTRIBUTES.map((key) => [key.name, encodeSearchAttributeIndexedValueType('KEYWORD')!])),
  });
  return { env, bundle };
}

/** Keeps the SDK's worker logs to errors, so test output stays readable (once per process). */
export function installQuietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { forward: {}, filter: 'ERROR' } } });
  } catch {
    // already installed in this process by an earlier test file
  }
}

/** A bundler logger that keeps test output readable. */
export function quietLogger() {
  const noop = () => undefined;
  return { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop };
}

/** The MAC most tests claim for. */
export const MAC = '00:15:65:AB:CD:EF';

/** A calendar date `days` from the real now (the time-skipping server starts at the real now). */
export function daysFromNow(days: number): string {
  return new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
}

/** A registry record of a web-store device bought 100 days ago, with overrides. */
export function device(overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return { mac: MAC, accountId: 'acct-1', extension: '201', model: 'T54W', channel: 'web-store', purchasedOn: daysFromNow(-100), ...overrides };
}

/** A claim request for `MAC`, with overrides. */
export function request(overrides: Partial<ClaimRequest> = {}): ClaimRequest {
  return {
    mac: MAC, extension: '201', accountId: 'acct-1',
    contact: { name: 'Dana Reyes', phone: '+1 469 555 0100', email: 'dana@example.com', locale: 'en-US', timeZone: 'America/Chicago' },
    shipTo: { name: 'Dana Reyes', street1: '100 Main St', city: 'Dallas', state: 'TX', postalCode: '75201', country: 'US' },
    fault: 'defect', description: 'No dial tone', triggeredBy: 'agent-7',
    troubleshooting: { remoteSession: true, cablingChecked: true, photoRefs: [] },
    ...overrides,
  };
}

let counter = 0;

/** Runs one claim on a fresh worker and task queue, lets `scenario` drive it, and returns its final state. */
export async function runClaim(
  ctx: ClaimTestContext,
  world: FakeClaimWorld,
  /** `deviceGiven: false` starts the claim without the registry's answer and the page token, as an opener other than the API may. */
  options: { request?: ClaimRequest; policy?: ClaimWorkflowInput['policy']; fixture?: string; deviceGiven?: boolean },
  scenario: (handle: WorkflowHandle) => Promise<void> = async () => undefined,
): Promise<ClaimState> {
  counter += 1;
  const taskQueue = `claims-${process.pid}-${counter}`;
  const req = options.request ?? request();
  const claimId = `claim-${counter}`;
  const input: ClaimWorkflowInput = {
    claimId, request: req, openedAt: new Date().toISOString(),
    ...(options.policy ? { policy: options.policy } : {}),
    // As POST /claims gives them: the registry's answer and the customer page's token (naming the claim).
    ...(options.deviceGiven === false ? {} : { device: world.deviceLookupFor(req.mac), trackingToken: `${claimId}.${'T'.repeat(24)}` }),
  };
  const worker = await Worker.create({
    connection: ctx.env.nativeConnection, taskQueue, workflowBundle: ctx.bundle, activities: world.activities(),
  });
  return worker.runUntil(async () => {
    const handle = await ctx.env.client.workflow.start('replacementClaim', {
      taskQueue, workflowId: `${claimWorkflowId(req.mac)}-${counter}`, args: [input],
    });
    try {
      await scenario(handle);
    } catch (err) {
      // A workflow left open would hold the shared server's time skipping and hang the next test.
      await handle.terminate('test scenario failed').catch(() => undefined);
      throw err;
    }
    const final = (await handle.result()) as ClaimState;
    expect(world.emailDataProblems).toEqual([]);
    if (options.fixture && process.env.RECORD_HISTORIES === '1') {
      fs.mkdirSync(HISTORIES_DIR, { recursive: true });
      fs.writeFileSync(path.join(HISTORIES_DIR, `${options.fixture}.json`), historyToFixtureJson(await handle.fetchHistory()));
    }
    return final;
  });
}

/** Polls (real time) until `check` holds; fails with `what` after `timeoutMs`. */
export async function eventually(what: string | (() => string), check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The claim's state through the `claimState` Query. */
export function queryState(handle: WorkflowHandle): Promise<ClaimState> {
  return handle.query(claimStateQuery);
}

/** Waits until the claim reaches `status` (asked through the Query). */
export async function untilStatus(handle: WorkflowHandle, status: ClaimStatus): Promise<ClaimState> {
  let last: ClaimState | undefined;
  await eventually(() => `status ${status} (last: ${last?.status})`, async () => {
    last = await queryState(handle);
    return last.status === status;
  });
  return last!;
}
