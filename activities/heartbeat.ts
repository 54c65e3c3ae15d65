/** Keeps long activity attempts alive: a worker that dies stops heartbeating, so Temporal retries elsewhere quickly. */
import { Context } from '@temporalio/activity';

/** Heartbeat period: well under the workflow's heartbeat timeout (workflows/activity-presets.ts). */
export const HEARTBEAT_EVERY_MS = 3_000;

function currentContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined; // called outside an activity (a unit test calling the function directly)
  }
}

/** Wraps every function of `activities` so a running attempt heartbeats every `everyMs` until it ends. */
export function withHeartbeats<T extends object>(activities: T, everyMs = HEARTBEAT_EVERY_MS): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, activity] of Object.entries(activities)) {
    if (typeof activity !== 'function') continue;
    wrapped[name] = async (...args: unknown[]) => {
      const context = currentContext();
      if (!context || context.info.isLocal) return activity(...args);
      context.heartbeat();
      const timer = setInterval(() => context.heartbeat(), everyMs);
      try {
        return await activity(...args);
      } finally {
        clearInterval(timer);
      }
    };
  }
  return wrapped as T;
}
