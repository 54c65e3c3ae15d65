/**
 * GET /reports' figures on the real FerretDB (client/api/reports.ts): overdue tasks come from the working set, taken
 * or not, oldest SLA first, without reading a take; counts by status and queues from the same read.
 */
import { createClaimActivities } from '../../../activities/claims';
import { migrate } from '../../../activities/database';
import { buildReport } from '../../../client/api/reports';
import { collectionNames } from '../../../data/collections';
import { takeTask } from '../../../data/tasks';
import type { ClaimChange } from '../../../domain/claim-change';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { claimOpenedInput, filtersSentTo } from './support';

let test$: TestDatabase;
const now = new Date();
const at = (offsetHours: number) => new Date(now.getTime() + offsetHours * 3_600_000).toISOString();
const awaitingShipment = (claimId: string, dueInHours: number): ClaimChange => ({
  claimId, status: 'awaiting-shipment',
  tasksOpened: [{ kind: 'pick-pack-ship', slaDueAt: at(dueInHours), summary: 'Ship it', round: 1, openedAt: at(-30) }],
  timeline: [{ key: 'status-awaiting-shipment', at: at(-30), status: 'awaiting-shipment', message: 'Shipping task opened' }],
});

beforeAll(async () => {
  test$ = await openTestDatabase();
  await migrate(test$.db);
  const { recordClaimOpened, projectClaim } = createClaimActivities({ db: test$.db, clock: () => now });
  for (const [claimId, due] of [['R-1', -2], ['R-2', 5], ['R-3', -6]] as const) {
    await recordClaimOpened(claimOpenedInput(claimId, `00:15:65:CC:00:0${claimId.slice(-1)}`));
    await projectClaim(awaitingShipment(claimId, due));
  }
  expect(await takeTask(test$.db, 'R-1--pick-pack-ship', 'packer-1', now)).toMatchObject({ ok: true });
});
afterAll(async () => test$?.close());

describe('the report', () => {
  it('lists the overdue tasks, taken or not, oldest SLA first, without reading a take', async () => {
    let report: Awaited<ReturnType<typeof buildReport>> | undefined;
    const takeReads = await filtersSentTo(test$.db, test$.uri, collectionNames.taskTakes, async (db) => {
      report = await buildReport(db, now);
    });
    expect(report!.overdue.tasks.map((task) => task.taskId)).toEqual(['R-3--pick-pack-ship', 'R-1--pick-pack-ship']);
    expect(report!.queues['pick-pack-ship']).toBe(3);
    expect(report!.byStatus['awaiting-shipment']).toBe(3);
    expect(takeReads).toEqual([]);
  });
});
