/**
 * Workflow interceptors, bundled into workflow code (no Node built-ins, no I/O): every `workflow.log` line and the
 * SDK's own workflow log lines carry the claim id next to the workflowId/runId the SDK already adds.
 */
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';

/** The factory the worker loads through `interceptors.workflowModules` / `workflowInterceptorModules`. */
export const interceptors: WorkflowInterceptorsFactory = () => {
  let claimId: string | undefined;
  return {
    inbound: [
      {
        async execute(input, next) {
          const first = input.args[0] as { claimId?: unknown } | undefined;
          if (typeof first?.claimId === 'string') claimId = first.claimId;
          return next(input);
        },
      },
    ],
    outbound: [
      {
        getLogAttributes(input, next) {
          return next(claimId ? { ...input, claimId } : input);
        },
      },
    ],
  };
};
