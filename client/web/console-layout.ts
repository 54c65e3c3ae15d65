/**
 * The support console's page shell: the header with the pages the viewer's role may use and the log-out form, a
 * message line, and the one inline script every console page runs (allowed by its hash): times shown in the
 * viewer's time zone (the server renders UTC as the fallback), and forms checked in the browser before they are sent
 * with the rules and messages the server applies again.
 */
import type { Caller } from '../api/api-keys';
import { CSRF_FIELD } from '../api/page-session';
import { formatShortMoment } from '../../notifications/templates/format';
import { contentSecurityPolicy, html, page, type RawHtml } from './html';

/** A message shown above the page's content. */
export interface Flash {
  kind: 'ok' | 'error' | 'info';
  text: string;
}

/** The console's pages and who may use them (admin may use every one). */
export const CONSOLE_PAGES = [
  { id: 'lookup', href: '/console', label: 'Find a device', roles: ['support', 'supervisor'] },
  { id: 'support-queue', href: '/console/queues/support', label: 'Support queue', roles: ['support'] },
  { id: 'review-queue', href: '/console/queues/supervisor', label: 'Review queue', roles: ['supervisor'] },
  { id: 'reports', href: '/console/reports', label: 'Reports', roles: ['supervisor'] },
] as const;

/** One of the console's pages. */
export type ConsolePageId = (typeof CONSOLE_PAGES)[number]['id'];

/** True when `caller` may use the console page. */
export function mayUse(caller: Caller, id: ConsolePageId): boolean {
  const roles: readonly string[] = CONSOLE_PAGES.find((p) => p.id === id)!.roles;
  return caller.role === 'admin' || roles.includes(caller.role);
}

/** The hidden CSRF field every form of a console page carries. */
export const csrfField = (token: string): RawHtml => html`<input type="hidden" name="${CSRF_FIELD}" value="${token}">`;

/** An instant, shown in the viewer's time zone by the page script (UTC until it runs). */
export function moment(iso: string | null | undefined): RawHtml | string {
  if (!iso) return '–';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return html`<time datetime="${new Date(time).toISOString()}" data-moment>${formatShortMoment(iso, { locale: 'en-US', timeZone: 'UTC' })}</time>`;
}

const ISO_INSTANT = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;

/** Text with every ISO instant in it shown as a time in the viewer's zone (timeline messages carry them). */
export function withMoments(text: string): RawHtml {
  const parts: Array<string | RawHtml> = [];
  let last = 0;
  for (const match of text.matchAll(ISO_INSTANT)) {
    parts.push(text.slice(last, match.index), moment(match[0]));
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return html`${parts}`;
}

/** A calendar date (`YYYY-MM-DD`) as people write it, e.g. `Mar 10, 2026` (the same everywhere). */
export function calendarDay(day: string | null | undefined): string {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return day ?? '–';
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
}

const script = `(function () {
  var at = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  var zoneOf = new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' });
  document.querySelectorAll('time[data-moment]').forEach(function (el) {
    var d = new Date(el.getAttribute('datetime'));
    if (isNaN(d.getTime())) return;
    var zone = zoneOf.formatToParts(d).filter(function (p) { return p.type === 'timeZoneName'; })[0];
    el.textContent = at.format(d) + (zone ? ' ' + zone.value : '');
  });
  document.querySelectorAll('[data-zone]').forEach(function (el) { el.textContent = Intl.DateTimeFormat().resolvedOptions().timeZone; });
  function problemOf(input, rules) {
    var value = input.value.trim();
    if (!value) return rules.required ? (rules.empty || 'is required') : '';
    if (rules.lines) {
      var lines = value.split(/\\r?\\n/).map(function (l) { return l.trim(); }).filter(Boolean);
      if (lines.length > rules.lines.count) return rules.lines.message;
      for (var i = 0; i < lines.length; i++) if (lines[i].length > rules.max) return 'line ' + (i + 1) + ': must be at most ' + rules.max + ' characters';
      return '';
    }
    if (rules.max && value.length > rules.max) return 'must be at most ' + rules.max + ' characters';
    if (rules.pattern && !new RegExp(rules.pattern).test(value)) return rules.message;
    return '';
  }
  function check(input) {
    var message = problemOf(input, JSON.parse(input.getAttribute('data-rules')));
    var box = document.getElementById(input.id + '-error');
    if (box) box.textContent = message;
    if (message) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
    return !message;
  }
  document.querySelectorAll('form[data-validate]').forEach(function (form) {
    ['input', 'change'].forEach(function (type) {
      form.addEventListener(type, function (event) {
        if (event.target.hasAttribute('data-rules') && event.target.hasAttribute('aria-invalid')) check(event.target);
      });
    });
    form.addEventListener('submit', function (event) {
      var first = null;
      form.querySelectorAll('[data-rules]').forEach(function (input) { if (!check(input)) first = first || input; });
      if (first) { event.preventDefault(); first.focus(); return; }
      var button = event.submitter;
      if (button) setTimeout(function () { button.disabled = true; button.setAttribute('aria-busy', 'true'); }, 0);
    });
  });
})();`;

/** The console pages' Content-Security-Policy (their one inline script allowed by hash). */
export const CONSOLE_CSP = contentSecurityPolicy(script);

const style = `
body{font-size:16px}header{flex-wrap:wrap;padding:10px 16px}header h1{font-size:20px}
header h1 a{color:#fff;text-decoration:none}main{max-width:1240px;padding:16px}
.skip{position:absolute;left:8px;top:-80px;background:#fff;color:#0d47a1;padding:8px;z-index:2}.skip:focus{top:8px}
nav ul{display:flex;flex-wrap:wrap;gap:0 14px;list-style:none;margin:0;padding:0}
nav a{color:#fff;display:inline-block;padding:10px 2px;border-bottom:3px solid transparent;text-decoration:none}
nav a:hover,nav a[aria-current=page]{border-bottom-color:#7fd1ff}
.who{display:flex;flex-wrap:wrap;align-items:center;gap:8px;margin:0}
header nav{margin-right:auto}
button,.button{font-size:16px;min-height:44px;min-width:0;padding:8px 16px}
button:disabled{background:#dfe4ea;color:#37474f;cursor:not-allowed}
input,select,textarea{font-size:16px;min-height:44px;max-width:100%;font-family:inherit}textarea{min-height:96px}
input:invalid:not(:placeholder-shown){border-color:#90a4ae}[aria-invalid=true]{border-color:#c62828!important}
input[type=checkbox]{width:24px;min-height:24px;height:24px;margin:0 8px 0 0;vertical-align:middle}
.check{display:flex;align-items:center;font-weight:400;margin:8px 0}
h2{font-size:20px;margin:0 0 10px}h3{font-size:17px;margin:14px 0 6px}
.card>*:last-child{margin-bottom:0}.muted{color:#4a5260}.small{font-size:14px}
.grid{display:grid;gap:16px;grid-template-columns:minmax(0,1fr)}
@media (min-width:960px){.grid.two{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}.grid.wide-left{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}}
.facts{display:grid;grid-template-columns:minmax(0,1fr);gap:0 16px;margin:0}
.facts dt{font-weight:600;color:#4a5260}.facts dd{margin:0 0 8px;overflow-wrap:anywhere}
@media (min-width:520px){.facts{grid-template-columns:minmax(7em,max-content) minmax(0,1fr);gap:6px 16px}.facts dd{margin:0}}
@media (max-width:959px){.grid.wide-left{gap:0}.col{display:contents}.first{order:1}.second{order:2}.third{order:3}.later{order:4}.last{order:5}}
.badge.amber{background:#fff3cd;color:#5c3d00;border:1px solid #8a6d00}.badge.blue{background:#dbe9fb;color:#0d3c78}
.badge.grey{background:#e3e8ef;color:#1b1d21}
.rows{list-style:none;margin:0;padding:0}.rows>li{padding:10px 0;border-bottom:1px solid #e0e0e0;overflow-wrap:anywhere}.rows>li:last-child{border-bottom:0}
.line{display:flex;flex-wrap:wrap;gap:4px 12px;align-items:baseline}.line>.grow{flex:1 1 16em;min-width:0}
.flag{border-left:8px solid #8a6d00;background:#fff8e1}.flag h2{color:#5c3d00}
.decision{border-left:8px solid #90a4ae}.decision.approved{border-left-color:#2e7d32}.decision.denied{border-left-color:#c62828}.decision.review{border-left-color:#8a6d00}
.actions form{margin:0 0 12px}.refusal{color:#b71c1c;font-weight:600}
.timeline{list-style:none;margin:0;padding:0}.timeline li{display:grid;grid-template-columns:minmax(0,1fr);gap:2px;padding:8px 0;border-bottom:1px solid #e0e0e0}
@media (min-width:700px){.timeline li{grid-template-columns:13em minmax(0,1fr)}}
.timeline li>time,.timeline .actor{color:#4a5260;font-size:14px}.timeline li>span{overflow-wrap:anywhere}
.field-error{font-size:15px}fieldset{border:1px solid #cfd8dc;border-radius:8px;margin:12px 0;padding:8px 12px 12px;min-width:0}legend{font-weight:700;padding:0 4px}
.form-grid{display:grid;gap:0 16px;grid-template-columns:minmax(0,1fr)}@media (min-width:700px){.form-grid{grid-template-columns:repeat(2,minmax(0,1fr))}.form-grid .full{grid-column:1/-1}}
.hint{color:#4a5260;font-size:14px;margin:2px 0 0}.search{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end}.search>div{flex:1 1 12em;min-width:0}
.search>button{flex:0 0 auto}.cards{list-style:none;margin:0;padding:0}
.lookups{display:grid;gap:12px;grid-template-columns:minmax(0,1fr)}@media (min-width:960px){.lookups{grid-template-columns:repeat(3,minmax(0,1fr))}}
.lookup{border:1px solid #dfe4ea;border-radius:8px;padding:4px 14px 14px;display:flex;flex-direction:column}.lookup h3{margin:10px 0 0}.lookup button{margin-top:auto;align-self:flex-start}.pager{display:flex;flex-wrap:wrap;gap:12px;align-items:center}.flash.info{background:#e3f2fd;color:#0d3c78}`;

/** A console page for `caller` (the header lists the pages its role may use), forms carrying `csrf`. */
export function consolePage(options: { title: string; caller: Caller; csrf: string; current?: ConsolePageId; body: RawHtml; flash?: Flash | undefined; style?: string }): string {
  const { caller, current } = options;
  const links = CONSOLE_PAGES.filter((p) => mayUse(caller, p.id)).map((p) => html`<li><a href="${p.href}"${p.id === current ? html` aria-current="page"` : ''}>${p.label}</a></li>`);
  const header = html`<a class="skip" href="#content">Skip to the content</a><h1><a href="/console">Support console</a></h1>
<nav aria-label="Console pages"><ul>${links}</ul></nav>
<form class="who" method="post" action="/console/logout">${csrfField(options.csrf)}<span>${caller.name} (${caller.role})</span> <button class="secondary" type="submit">Log out</button></form>`;
  const flash = options.flash ? html`<div class="flash ${options.flash.kind}" role="${options.flash.kind === 'error' ? 'alert' : 'status'}">${options.flash.text}</div>` : '';
  const body = html`<div id="content" tabindex="-1">${flash}${options.body}</div>
<p class="muted small">Times are shown in <span data-zone>UTC</span>.</p>`;
  return page({ title: `${options.title} · Support console`, header, body, script, style: style + (options.style ?? '') });
}

/** The console's login form (any support, supervisor or admin key), with an optional error. */
export function renderConsoleLogin(csrf: string, error?: string): string {
  const body = html`<form class="card" method="post" action="/console/login">${csrfField(csrf)}
<h2>Log in</h2><p>Support agents and supervisors log in with their API key. The shipping department uses <a href="/board">the board</a>.</p>
${error ? html`<div class="flash error" role="alert">${error}</div>` : ''}
<label for="key">API key</label><input id="key" name="key" type="password" required autocomplete="current-password">
<p><button type="submit">Log in</button></p></form>`;
  return page({ title: 'Log in · Support console', header: html`<h1>Support console</h1>`, body, style });
}
