/** The console's work queues (support's and the supervisors') and the reports page with its CSV export. */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { modelDisplayName } from '../../../activities/customer-facts';
import { kindsOfQueue } from '../../../domain/work-queues';
import { renderQueuePage } from '../../web/queue-page';
import { renderReportsPage, reportCsv, type ReportPageData } from '../../web/reports-page';
import type { Caller } from '../api-keys';
import { buildReport, MAX_REPORT_DAYS } from '../reports';
import { defineRoute, type RouteSpec } from '../route';
import { taskListQuery } from '../schemas';
import { attentionList, queuePage } from '../work-queue';
import { okFlash, okQuery, sendPage, viewerOf, type ConsoleDeps } from './console';
import { htmlPage, pageForm } from './page-entry';

/** A queue page's filters (the API's, without the page size) and the message of a redirect. */
const queueQuery = pageForm(taskListQuery.omit({ limit: true }).extend(okQuery.shape));
/** The report's period. */
const reportQuery = pageForm(z.object({ days: z.coerce.number().int('must be a whole number').min(1, `must be 1–${MAX_REPORT_DAYS}`).max(MAX_REPORT_DAYS, `must be 1–${MAX_REPORT_DAYS}`).optional() }));

/** The queue and report routes. */
export function consoleQueueRoutes(deps: ConsoleDeps): RouteSpec[] {
  const queueRoute = (queue: 'support' | 'supervisor') => defineRoute({
    method: 'GET', url: `/console/queues/${queue}`, operationId: queue === 'support' ? 'consoleSupportQueue' : 'consoleReviewQueue',
    summary: queue === 'support' ? 'Show support’s work queue' : 'Show the supervisors’ review queue', tag: 'console', access: { pageRoles: [queue] },
    query: queueQuery,
    responses: { 200: { ...htmlPage, description: 'The queue: overdue first, a page at a time, filtered and searched' } },
    handler: async ({ query, caller, request, reply }) => {
      const { ok, cursor, ...filters } = query;
      const kinds = kindsOfQueue(queue);
      const [page, attention] = await Promise.all([
        queuePage(deps.db, kinds, { ...filters, ...(cursor ? { cursor } : {}) }, deps.clock()),
        queue === 'support' ? attentionList(deps.db) : undefined,
      ]);
      const data = { queue, kinds, query: { ...filters, ...(cursor ? { cursor } : {}) }, page, ...(attention ? { attention } : {}) };
      return sendPage(reply, 200, renderQueuePage(viewerOf(deps, request, reply, caller!), data, okFlash(ok)));
    },
  });
  const reportData = async (days: number | undefined): Promise<ReportPageData> => {
    const report = await buildReport(deps.db, deps.clock(), { days: days ?? 30 });
    const models = [...new Set([...Object.keys(report.window.byModel), ...Object.keys(report.returnsByModel)])];
    const names = await Promise.all(models.map(async (model) => [model, (await modelDisplayName(deps.db, model)) ?? model] as const));
    return { report, modelNames: Object.fromEntries(names) };
  };
  const supervisors = { pageRoles: ['supervisor'] } as const;
  const show = async (reply: FastifyReply, caller: Caller, days: number | undefined) =>
    sendPage(reply, 200, renderReportsPage(viewerOf(deps, reply.request, reply, caller), await reportData(days)));
  return [
    queueRoute('support'),
    queueRoute('supervisor'),
    defineRoute({
      method: 'GET', url: '/console/reports', operationId: 'consoleReports', summary: 'Show the reports', tag: 'console', access: supervisors,
      query: reportQuery,
      responses: { 200: { ...htmlPage, description: 'Charts of the claims over the period, times, return rates and queues' } },
      handler: ({ query, caller, reply }) => show(reply, caller!, query.days),
    }),
    defineRoute({
      method: 'GET', url: '/console/reports.csv', operationId: 'consoleReportsCsv', summary: 'Download the reports as CSV', tag: 'console', access: supervisors,
      query: reportQuery,
      responses: { 200: { description: 'The same numbers as the charts: section,key,label,series,value', contentType: 'text/csv', schema: z.string() } },
      handler: async ({ query, reply }) => {
        const data = await reportData(query.days);
        return reply.type('text/csv; charset=utf-8').header('cache-control', 'no-store')
          .header('content-disposition', `attachment; filename="claims-report-${data.report.window.to}-${data.report.window.days}d.csv"`).send(reportCsv(data));
      },
    }),
  ];
}
