/** The shipping department's task routes, and the reports every role may read. */
import { boardTasks, takeOpenTask, type OperationDeps } from '../operations';
import { buildReport } from '../reports';
import { defineRoute, type RouteSpec } from '../route';
import { reportResponse, takeTaskBody, taskIdParams, taskListQuery, taskListResponse, taskResponse } from '../schemas';

/** The task and report routes. */
export function taskRoutes(deps: OperationDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'GET', url: '/tasks', operationId: 'listTasks', summary: 'List tasks', tag: 'shipping', access: { roles: ['shipping'] },
      query: taskListQuery,
      responses: { 200: { description: 'Tasks (open and taken unless `status` is given), overdue first, then by SLA due time', schema: taskListResponse } },
      handler: async ({ query }) => ({ tasks: await boardTasks(deps, query) }),
    }),
    defineRoute({
      method: 'POST', url: '/tasks/:taskId/take', operationId: 'takeTask', summary: 'Take a task', tag: 'shipping', access: { roles: ['shipping'] },
      params: taskIdParams, body: takeTaskBody,
      responses: {
        200: { description: 'The task, now taken', schema: taskResponse.omit({ claim: true, labels: true, overdue: true }).loose() },
        404: { description: 'No such task' },
        409: { description: 'The task is not open (already taken, done or cancelled)' },
      },
      handler: ({ params, body, caller }) => takeOpenTask(deps, params.taskId, body?.assignee ?? caller?.name ?? 'shipping'),
    }),
    defineRoute({
      method: 'GET', url: '/reports', operationId: 'getReport', summary: 'Read the reports', tag: 'reports',
      access: { roles: ['support', 'shipping', 'supervisor'] },
      responses: { 200: { description: 'Claims by status and model, median times, return rate, what is overdue', schema: reportResponse } },
      handler: () => buildReport(deps.db, deps.clock()),
    }),
  ];
}
