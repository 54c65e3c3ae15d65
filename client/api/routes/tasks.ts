/** The work queues by role (each role lists and takes the task kinds it works), and the reports every role may read. */
import { findTask } from '../../../data/tasks';
import { notFound } from '../errors';
import { takeOpenTask, type OperationDeps } from '../operations';
import { buildReport } from '../reports';
import { defineRoute, type RouteSpec } from '../route';
import { attentionList, kindsOf, queuePage, requireWorks } from '../work-queue';
import { reportResponse, takeTaskBody, taskIdParams, taskListQuery, taskListResponse, taskResponse } from '../schemas';

/** The task and report routes. */
export function taskRoutes(deps: OperationDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/tasks', operationId: 'listTasks', summary: 'List tasks', tag: 'tasks', access: { roles: ['shipping', 'support', 'supervisor'] },
      query: taskListQuery,
      responses: {
        200: { description: 'The tasks of the kinds the caller’s role works (shipping: pick-pack-ship, receive-return; support: fix-address, backorder-escalation; supervisor: review-device; admin: all), open and taken unless `status` is given, overdue first, then by SLA due time, a page at a time; for support, also the claims needing attention without a task', schema: taskListResponse },
      },
      handler: async ({ query, caller }) => {
        const { cursor, ...rest } = query;
        if (query.kind) requireWorks(caller!, query.kind);
        const page = await queuePage(deps.db, kindsOf(caller!), { ...rest, ...(cursor ? { cursor } : {}) }, deps.clock());
        const attention = caller!.role === 'support' || caller!.role === 'admin' ? { attention: await attentionList(deps.db) } : {};
        return { ...page, ...attention };
      },
    }),
    defineRoute({
      method: 'POST', url: '/tasks/:taskId/take', operationId: 'takeTask', summary: 'Take a task', tag: 'tasks', access: { roles: ['shipping', 'support', 'supervisor'] },
      params: taskIdParams, body: takeTaskBody,
      responses: {
        200: { description: 'The task, now taken', schema: taskResponse.omit({ claim: true, labels: true, overdue: true }).loose() },
        404: { description: 'No such task' },
        409: { description: 'The task is not open (already taken, done or cancelled)' },
      },
      handler: async ({ params, body, caller }) => {
        const task = await findTask(deps.db, params.taskId);
        if (!task) throw notFound(`task ${params.taskId}`);
        requireWorks(caller!, task.kind);
        return takeOpenTask(deps, params.taskId, body?.assignee ?? caller?.name ?? caller!.role);
      },
    }),
    defineRoute({
      method: 'GET', url: '/reports', operationId: 'getReport', summary: 'Read the reports', tag: 'reports',
      access: { roles: ['support', 'shipping', 'supervisor'] },
      responses: { 200: { description: 'Claims by status and model, median times, return rate, what is overdue', schema: reportResponse } },
      handler: () => buildReport(deps.db, deps.clock()),
    }),
  ];
}
