/** Task activities: `openTask` and `closeTask`, built from their dependencies. */
import type { Db } from 'mongodb';
import type { ClaimActivities } from './contract';
import { failingOnBadData } from '../data/failures';
import { taskKind, text } from '../data/schemas/common';
import { closeTaskOfClaim, openTaskForClaim } from '../data/tasks';
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
    // Idempotent: upsert by (claimId, kind); a retry finds the task already open and returns its id.
    async openTask(input) {
      return failingOnBadData(async () => ({ taskId: (await openTaskForClaim(db, input, now())).taskId }));
    },
    // Idempotent: only an open or taken task is closed; a retry finds it closed and does nothing.
    async closeTask(input) {
      return failingOnBadData(async () => {
        const valid = parseOrThrow(closeInput, input, 'closeTask input');
        await closeTaskOfClaim(db, valid.claimId, valid.kind, valid.outcome, now());
      });
    },
  };
}
