import { MockActivityEnvironment } from '@temporalio/testing';
import { withHeartbeats } from '../../../activities/heartbeat';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withHeartbeats', () => {
  it('heartbeats while a regular activity attempt runs, and stops when it ends', async () => {
    const env = new MockActivityEnvironment();
    let beats = 0;
    env.on('heartbeat', () => void (beats += 1));
    const { slow } = withHeartbeats({ slow: async (ms: number) => { await sleep(ms); return 'done'; } }, 20);
    await expect(env.run(slow, 130)).resolves.toBe('done');
    expect(beats).toBeGreaterThanOrEqual(4);
    const afterEnd = beats;
    await sleep(80);
    expect(beats).toBe(afterEnd);
  });

  it('passes failures through and does not heartbeat a local activity', async () => {
    const env = new MockActivityEnvironment({ isLocal: true });
    let beats = 0;
    env.on('heartbeat', () => void (beats += 1));
    const { failing } = withHeartbeats({ failing: async () => { await sleep(60); throw new Error('carrier said no'); } }, 10);
    await expect(env.run(failing)).rejects.toThrow('carrier said no');
    expect(beats).toBe(0);
  });

  it('runs the function as is outside an activity', async () => {
    const { plain } = withHeartbeats({ plain: async (a: number, b: number) => a + b });
    await expect(plain(2, 3)).resolves.toBe(5);
  });
});
