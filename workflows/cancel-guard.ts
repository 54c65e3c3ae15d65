/** Support's cancel as the steps before hand-over see it: a request to check between steps, and an interruptible activity. */
import { CancellationScope, isCancellation } from '@temporalio/workflow';

/** Who asked to cancel, why and when (accepted by the cancel Update's validator). */
export interface CancelRequest {
  reason: string;
  cancelledBy: string;
  at: string;
}

/** Thrown at a checkpoint once support asked to cancel; the workflow then compensates. */
export class ClaimCancelled extends Error {
  override name = 'ClaimCancelled';
}

/** Holds the cancel request and the scope of the activity it may interrupt (a label purchase retrying through an outage). */
export class CancelGuard {
  request?: CancelRequest;
  private interruptibleScope?: CancellationScope;

  /** True once support asked to cancel. */
  get requested(): boolean {
    return this.request !== undefined;
  }

  /** Throws `ClaimCancelled` when support asked to cancel: call between pre-hand-over steps. */
  checkpoint(): void {
    if (this.request) throw new ClaimCancelled(this.request.reason);
  }

  /** Records the cancel request and interrupts the activity in flight, if it is interruptible. */
  requestCancel(request: CancelRequest): void {
    this.request = request;
    this.interruptibleScope?.cancel();
  }

  /** Runs an activity a cancel may interrupt (it waits for the attempt to end, then throws `ClaimCancelled`). */
  async interruptible<T>(activity: () => Promise<T>): Promise<T> {
    this.checkpoint();
    const scope = new CancellationScope();
    this.interruptibleScope = scope;
    try {
      return await scope.run(activity);
    } catch (err) {
      if (this.request && isCancellation(err)) throw new ClaimCancelled(this.request.reason);
      throw err;
    } finally {
      this.interruptibleScope = undefined;
    }
  }
}
