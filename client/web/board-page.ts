/**
 * The shipping department's task board: one card per task, overdue first, SLA due time, label PDF links, and
 * forms (validated in the browser and again on the server) to take a task, complete pick-pack-ship and record a
 * return's receipt. Big touch targets for a warehouse tablet; every value escaped.
 */
import type { BoardTask } from '../api/operations';
import { CSRF_FIELD } from '../api/page-session';
import { contentSecurityPolicy, html, page, raw, type RawHtml } from './html';

/** A MAC in any of the four sticker notations (HTML `pattern`, v-flag safe). */
export const MAC_PATTERN = '(?:[0-9A-Fa-f]{2}[:\\-]){5}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}|[0-9A-Fa-f]{12}';
/** The notations a MAC field accepts, as its hint shows them. */
export const MAC_HINT = 'MAC like 00:15:65:AB:CD:EF, 00-15-65-AB-CD-EF, 0015.65AB.CDEF or 001565ABCDEF';
const CONDITIONS = ['defect confirmed', 'physical damage', 'no fault found', 'missing parts'];

/** A message shown above the board. */
export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

/** The hidden CSRF field every form of the page carries. */
const csrfField = (token: string): RawHtml => html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;

const when = (iso: string) => new Date(iso).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

function macInput(name: string, label: string, id: string): RawHtml {
  return html`<div><label for="${id}">${label}</label><input id="${id}" name="${name}" required pattern="${MAC_PATTERN}"
 placeholder="00:15:65:AB:CD:EF" title="${MAC_HINT}" autocomplete="off" autocapitalize="characters" data-mac>
<div class="field-error" data-error-for="${id}"></div></div>`;
}

function taskForm(task: BoardTask, csrf: string): RawHtml {
  const id = task.taskId;
  if (task.kind === 'pick-pack-ship') {
    return html`<form method="post" action="/board/claims/${encodeURIComponent(task.claimId)}/shipment" data-validate novalidate>${csrfField(csrf)}
<div class="row">${macInput('replacementMac', 'Replacement MAC', `mac-${id}`)}
<div><label for="serial-${id}">Serial (optional)</label><input id="serial-${id}" name="serial" maxlength="60" autocomplete="off"><div class="field-error"></div></div>
<div><button type="submit">Shipped ✓</button></div></div></form>`;
  }
  if (task.kind === 'receive-return') {
    return html`<form method="post" action="/board/claims/${encodeURIComponent(task.claimId)}/return-receipt" data-validate novalidate>${csrfField(csrf)}
<div class="row">${macInput('receivedMac', 'MAC on the returned device', `rmac-${id}`)}
<div><label for="cond-${id}">Condition</label><select id="cond-${id}" name="condition" required><option value="">choose…</option>
${CONDITIONS.map((c) => html`<option>${c}</option>`)}</select><div class="field-error"></div></div></div>
<label for="notes-${id}">Notes (optional)</label><input id="notes-${id}" name="notes" maxlength="1000">
<p><button type="submit">Record receipt ✓</button></p></form>`;
  }
  return html`<p>Handled by support.</p>`;
}

function taskCard(task: BoardTask, csrf: string): RawHtml {
  return html`<article class="card ${task.overdue ? 'overdue' : 'due'}" data-task="${task.taskId}">
<div class="row"><div><strong>${task.kind}</strong> · claim ${task.claimId}
${task.claim ? html`<br>device ${task.claim.mac} · ext ${task.claim.extension}${task.claim.model ? html` · ${task.claim.model}` : ''} · <span class="badge" data-claim-status>${task.claim.status}</span>` : ''}</div>
<div>${task.overdue ? html`<span class="badge red">OVERDUE</span>` : html`<span class="badge green">on time</span>`} due ${when(task.slaDueAt)}
<br>${task.status === 'taken' ? html`taken by ${task.assignee}` : html`<form method="post" action="/board/tasks/${encodeURIComponent(task.taskId)}/take">${csrfField(csrf)}<button class="secondary" type="submit">Take</button></form>`}</div></div>
<p>${task.summary}</p>
<p>${task.labels.outbound ? html`<a class="button secondary" href="${task.labels.outbound}" target="_blank" rel="noopener">Outbound label PDF</a> ` : ''}
${task.labels.return ? html`<a class="button secondary" href="${task.labels.return}" target="_blank" rel="noopener">Return label PDF</a>` : ''}</p>
${taskForm(task, csrf)}</article>`;
}

const script = `
document.querySelectorAll('form[data-validate]').forEach(function (form) {
  form.addEventListener('submit', function (event) {
    var ok = true;
    form.querySelectorAll('input:not([type=hidden]),select').forEach(function (input) {
      var box = input.parentElement.querySelector('.field-error');
      var message = input.validity.valid ? '' : (input.validity.valueMissing ? 'Required' : input.title || 'Invalid');
      if (box) box.textContent = message;
      if (message) ok = false;
    });
    if (!ok) { event.preventDefault(); return; }
    var button = form.querySelector('button[type=submit]');
    if (button) { button.disabled = true; button.textContent = 'Saving…'; }
  });
});`;

/** The board page's Content-Security-Policy (its one inline script allowed by hash). */
export const BOARD_CSP = contentSecurityPolicy(script);

/** Renders the board for `who` (forms carrying the `csrf` token), with an optional flash message. */
export function renderBoardPage(tasks: BoardTask[], who: string, csrf: string, flash?: Flash): string {
  const body = html`${flash ? html`<div class="flash ${flash.kind}" role="status">${flash.text}</div>` : ''}
<p>${tasks.length} task(s) · overdue first · <a href="/board">refresh</a></p>
${tasks.length ? tasks.map((task) => taskCard(task, csrf)) : html`<div class="card">Nothing to do right now.</div>`}`;
  const actions = html`<form method="post" action="/board/logout">${csrfField(csrf)}<span>${who}</span> <button class="secondary" type="submit">Log out</button></form>`;
  return page({ title: 'Shipping board', body, actions, script });
}

/** The login form (the shipping key is exchanged for a session cookie), carrying the `csrf` token. */
export function renderLoginPage(csrf: string, error?: string): string {
  const body = html`<form class="card" method="post" action="/board/login">${csrfField(csrf)}<p>Log in with the shipping department's API key.</p>
${error ? html`<div class="flash error" role="alert">${error}</div>` : ''}
<label for="key">Shipping key</label><input id="key" name="key" type="password" required autocomplete="current-password">
<p><button type="submit">Log in</button></p></form>`;
  return page({ title: 'Shipping board', body: raw(body.value) });
}
