/** What an activity knows of its own attempt. */
import { Context } from '@temporalio/activity';

/** True in an activity's first attempt; false in a retry, and outside an activity (a direct call, e.g. in a test). */
export function isFirstAttempt(): boolean {
  try {
    return Context.current().info.attempt === 1;
  } catch {
    return false;
  }
}
