import { MockActivityEnvironment } from '@temporalio/testing';
import { withHeartbeats } from '../../../activities/heartbeat';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('withHeartbeats', () => {
  it('heartbeats once at the start and then every period while a regular attempt runs, and stops when it ends', async () => {
    jest.useFakeTimers();
    try {
      const env = new MockActivityEnvironment();
      let beats = 0;
      env.on('heartbeat', () => void (beats += 1));
      let finish = (): void => undefined;
      const { slow } = withHeartbeats({ slow: () => new Promise<string>((resolve) => (finish = () => resolve('done'))) }, 20);
      const running = env.run(slow);
      expect(beats).toBe(1); // at the start
      jest.advanceTimersByTime(100);
      expect(beats).toBe(6); // and every 20 ms
      finish();
      await expect(running).resolves.toBe('done');
      jest.advanceTimersByTime(100);
      expect(beats).toBe(6); // not after the attempt ended
    } finally {
      jest.useRealTimers();
    }
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
