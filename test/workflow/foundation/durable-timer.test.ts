import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createTimeSkippingEnv } from '../../support/temporal';
import type { thirtyDayTimer } from './thirty-day-timer.workflow';

describe('time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a 30-day durable timer in seconds of wall time', async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'durable-timer',
      workflowsPath: require.resolve('./thirty-day-timer.workflow'),
    });
    const wallStart = Date.now();
    const result = await worker.runUntil(
      env.client.workflow.execute<typeof thirtyDayTimer>('thirtyDayTimer', { taskQueue: 'durable-timer', workflowId: 'timer-30d', args: [30] }),
    );
    const wallSeconds = (Date.now() - wallStart) / 1000;
    expect(result.wokeAt - result.startedAt).toBeGreaterThanOrEqual(30 * 86_400_000);
    expect(wallSeconds).toBeLessThan(60);
  });
});
