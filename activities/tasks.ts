/** Task activities of claims started before the `claim-projection` patch (`openTask`, `closeTask`); newer claims project their tasks. */
import type { Db } from 'mongodb';
import type { ClaimActivities } from './contract';
import { closeTaskOfClaim, openTaskForClaim } from '../data/claim-legacy';
import { failingOnBadData } from '../data/failures';
import { taskKind, text } from '../data/schemas/common';
import { parseOrThrow } from '../data/validation';
import { z } from 'zod';

/** What the task activities need: the database and a clock (for opened/closed times). */
export interface TaskActivityDeps {
  db: Db;
  clock?: () => Date;
}

const closeInput = z.object({ claimId: text, kind: taskKind, outcome: text });

/** Builds `openTask` and `closeTask` on `deps.db`. */
export function createTaskActivities(deps: TaskActivityDeps): Pick<ClaimActivities, 'openTask' | 'closeTask'> {
  const { db } = deps;
  const now = deps.clock ?? (() => new Date());
  return {
    // Idempotent: the task of (claim, kind) is set under its kind in the same round; a retry writes the same values.
    async openTask(input) {
      return failingOnBadData(async () => ({ taskId: await openTaskForClaim(db, input, now()) }));
    },
    // Idempotent: only an open task is closed; a retry finds it closed and does nothing.
    async closeTask(input) {
      return failingOnBadData(async () => {
        const valid = parseOrThrow(closeInput, input, 'closeTask input');
        await closeTaskOfClaim(db, valid.claimId, valid.kind, valid.outcome, now());
      });
    },
  };
}
