/**
 * The console's work queues: support's (fix-address, back-order escalations, and the claims that need support
 * without a task: carrier trouble with the replacement, overdue returns, emails that may not have arrived) and the
 * supervisors' (unknown devices to review). Filter and search, overdue first, a page at a time; each task links to
 * its claim, where the step is taken, and can be taken from here.
 */
import type { AttentionItem, QueuePage, QueueQuery } from '../api/work-queue';
import type { TaskKind } from '../../domain/types';
import type { WorkQueue } from '../../domain/work-queues';
import { consolePage, csrfField, moment, withMoments, type Flash } from './console-layout';
import { statusBadge, TASK_WORDS } from './console-words';
import type { Viewer } from './device-page';
import { html, type RawHtml } from './html';

/** What a queue page shows. */
export interface QueuePageData {
  queue: Exclude<WorkQueue, 'shipping'>;
  kinds: TaskKind[];
  query: QueueQuery;
  page: QueuePage;
  /** Support's attention list (support's queue only). */
  attention?: AttentionItem[];
}

const claimLink = (claimId: string) => html`<a href="/console/claims/${encodeURIComponent(claimId)}">${claimId}</a>`;
const ATTENTION_WORDS: Record<AttentionItem['kind'], string> = {
  'carrier-trouble': 'Carrier trouble with the replacement', 'return-overdue': 'Return overdue', 'email-problem': 'Email may not have arrived',
};

function filters(data: QueuePageData): RawHtml {
  const { query } = data;
  return html`<form class="search card" method="get" action="/console/queues/${data.queue}" role="search" aria-label="Filter the queue">
<div><label for="q">Search</label><input id="q" name="q" value="${query.q ?? ''}" placeholder="claim id, MAC, extension, customer, text"></div>
<div><label for="kind">Kind</label><select id="kind" name="kind"><option value="">all</option>${data.kinds.map((kind) => html`<option value="${kind}"${query.kind === kind ? ' selected' : ''}>${TASK_WORDS[kind]}</option>`)}</select></div>
<div><label for="status">Status</label><select id="status" name="status"><option value="">open and taken</option>${(['open', 'taken'] as const).map((status) => html`<option value="${status}"${query.status === status ? ' selected' : ''}>${status}</option>`)}</select></div>
<div><label class="check" for="overdue"><input type="checkbox" id="overdue" name="overdue" value="true"${query.overdue ? ' checked' : ''}>Overdue only</label></div>
<button type="submit">Filter</button></form>`;
}

function taskCard(task: QueuePage['tasks'][number], viewer: Viewer): RawHtml {
  return html`<li class="card ${task.overdue ? 'overdue' : 'due'}" data-task="${task.taskId}">
<div class="line"><strong class="grow">${TASK_WORDS[task.kind]}</strong>${task.overdue ? html`<span class="badge red">OVERDUE</span>` : html`<span class="badge green">on time</span>`}<span class="muted">due ${moment(task.slaDueAt)}</span></div>
<p class="line">claim ${claimLink(task.claimId)} ${statusBadge(task.claim.status)} <span class="muted">${task.claim.customerName} · ext ${task.claim.extension} · ${task.claim.mac}</span></p>
<p>${withMoments(task.summary)}</p>
<div class="line"><a class="button" href="/console/claims/${encodeURIComponent(task.claimId)}">Open the claim</a>
${task.status === 'taken' ? html`<span class="muted">taken by ${task.assignee}</span>` : html`<form method="post" action="/console/tasks/${encodeURIComponent(task.taskId)}/take">${csrfField(viewer.csrf)}<button class="secondary" type="submit">Take</button></form>`}</div></li>`;
}

function pager(data: QueuePageData): RawHtml {
  const params = (extra: Record<string, string>) => new URLSearchParams(Object.entries({
    ...(data.query.q ? { q: data.query.q } : {}), ...(data.query.kind ? { kind: data.query.kind } : {}), ...(data.query.status ? { status: data.query.status } : {}),
    ...(data.query.overdue ? { overdue: 'true' } : {}), ...extra,
  })).toString();
  return html`<nav class="pager" aria-label="Pages">${data.query.cursor ? html`<a href="/console/queues/${data.queue}?${params({})}">← First page</a>` : ''}
${data.page.next ? html`<a href="/console/queues/${data.queue}?${params({ cursor: data.page.next })}" rel="next">Next page →</a>` : ''}</nav>`;
}

function attentionSection(items: AttentionItem[]): RawHtml {
  return html`<section class="card" aria-labelledby="attention-title"><h2 id="attention-title">Needs attention (${items.length})</h2>
<p class="muted small">Claims that need support without a task; each clears when the claim moves on or finishes.</p>
${items.length ? html`<ul class="rows">${items.map((item) => html`<li data-attention="${item.kind}" data-claim="${item.claimId}"><div class="line"><strong class="grow">${ATTENTION_WORDS[item.kind]}</strong><span class="muted">since ${moment(item.at)}</span></div>
<p class="line">claim ${claimLink(item.claimId)} ${statusBadge(item.claim.status)} <span class="muted">${item.claim.customerName} · ext ${item.claim.extension}</span></p><p>${withMoments(item.message)}</p></li>`)}</ul>` : html`<p>Nothing needs attention.</p>`}</section>`;
}

/** A queue page. */
export function renderQueuePage(viewer: Viewer, data: QueuePageData, flash?: Flash): string {
  const title = data.queue === 'support' ? 'Support queue' : 'Review queue';
  const { tasks } = data.page;
  const body = html`<h2>${title}</h2>${filters(data)}
<section aria-labelledby="tasks-title"><h2 id="tasks-title">Tasks (${tasks.length}${data.page.next ? '+' : ''}) · overdue first</h2>
${tasks.length ? html`<ul class="cards">${tasks.map((task) => taskCard(task, viewer))}</ul>` : html`<div class="card">No tasks${data.query.q || data.query.kind || data.query.overdue || data.query.status ? ' match' : ' right now'}.</div>`}
${pager(data)}</section>${data.attention ? attentionSection(data.attention) : ''}`;
  return consolePage({ title, ...viewer, current: data.queue === 'support' ? 'support-queue' : 'review-queue', body, flash });
}
