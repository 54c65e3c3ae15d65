/** `GET /policy`: the policy a claim opened now starts with (support, supervisors, shipping, admin). */
import { z } from 'zod';
import type { PolicySource } from '../../../config/policy';
import { policySummary } from '../../../domain/policy';
import { defineRoute, type RouteSpec } from '../route';

/** The effective policy: what a claim opened now records, plus the closed days its business days skip. */
export const policyResponse = z.object({
  version: z.string().nullable(),
  calendar: z.string().nullable(),
  durations: z.record(z.string(), z.string()),
  closedDays: z.array(z.string()),
});

/** The policy route. */
export function policyRoutes(deps: { policy: PolicySource; clock: () => Date }): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/policy', operationId: 'getPolicy', summary: 'Read the effective claim policy', tag: 'reports',
      access: { roles: ['support', 'shipping', 'supervisor'] },
      responses: { 200: { description: 'Durations, task SLAs and closed days a claim opened now starts with (claims keep the policy they started with)', schema: policyResponse } },
      handler: async () => {
        const policy = deps.policy.policyAt(deps.clock());
        return { ...policySummary(policy), closedDays: policy.closedDays };
      },
    }),
  ];
}
