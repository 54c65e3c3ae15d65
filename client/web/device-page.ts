/**
 * The console's device pages: the lookup (by MAC in any notation, by account and extension, by customer email),
 * its results, and one device: the registry's record, its coverage today, its claims, the replacement chain both
 * ways and the repeat flag, with the way to open a claim (or to the claim already open).
 */
import type { Caller } from '../api/api-keys';
import type { DeviceMatch, DeviceView } from '../api/device-view';
import type { ClaimSummary } from '../../data/schemas/claim';
import { faultKinds } from '../../domain/types';
import { MAC_HINT, MAC_PATTERN } from './board-page';
import { calendarDay, consolePage, moment, type Flash } from './console-layout';
import { CHANNEL_WORDS, outcomeBadge, RULE_WORDS, statusBadge } from './console-words';
import { html, raw, type RawHtml } from './html';

/** What every console page is rendered for. */
export interface Viewer {
  caller: Caller;
  csrf: string;
}

const devicePath = (mac: string) => `/console/devices/${encodeURIComponent(mac)}`;
const claimPath = (claimId: string) => `/console/claims/${encodeURIComponent(claimId)}`;

/** The search forms, filled with what was asked (`values`) and any error by field. */
function lookupForms(values: Record<string, string>, errors: Record<string, string>): RawHtml {
  const field = (name: string, label: string, attributes: RawHtml, hint?: string) => html`<div>
<label for="find-${name}">${label}</label><input id="find-${name}" name="${name}" value="${values[name] ?? ''}" ${attributes}${errors[name] ? html` aria-invalid="true"` : ''} aria-describedby="find-${name}-error${hint ? html` find-${name}-hint` : ''}">
${hint ? html`<p class="hint" id="find-${name}-hint">${hint}</p>` : ''}<div class="field-error" id="find-${name}-error">${errors[name] ?? ''}</div></div>`;
  return html`<section class="card" aria-labelledby="find-title"><h2 id="find-title">Find a device</h2><div class="lookups">
<form class="lookup" method="get" action="/console/devices" role="search" aria-labelledby="by-mac"><h3 id="by-mac">By MAC (the sticker)</h3>${field('mac', 'MAC address', html`required pattern="${MAC_PATTERN}" autocomplete="off" autocapitalize="characters" spellcheck="false"`, MAC_HINT)}
<button type="submit">Find by MAC</button></form>
<form class="lookup" method="get" action="/console/devices" role="search" aria-labelledby="by-ext"><h3 id="by-ext">By account and extension</h3>${field('accountId', 'Account', raw('required autocomplete="off"'))}${field('extension', 'Extension', raw('required inputmode="numeric" autocomplete="off"'))}
<button type="submit">Find by extension</button></form>
<form class="lookup" method="get" action="/console/devices" role="search" aria-labelledby="by-email"><h3 id="by-email">By customer email</h3>${field('email', 'Customer email', raw('required type="email" autocomplete="off"'))}
<button type="submit">Find by email</button></form></div></section>`;
}

function claimLine(claim: Pick<ClaimSummary, 'claimId' | 'status' | 'openedAt'> & { closedAt?: string | undefined }): RawHtml {
  return html`<div class="line"><a href="${claimPath(claim.claimId)}">${claim.claimId}</a> ${statusBadge(claim.status)}
<span class="muted">opened ${moment(claim.openedAt)}${claim.closedAt ? html` · finished ${moment(claim.closedAt)}` : ''}</span></div>`;
}

/** The console's start page: the lookup, and the newest claims. */
export function renderLookupPage(viewer: Viewer, newest: ClaimSummary[], options: { values?: Record<string, string>; errors?: Record<string, string>; flash?: Flash } = {}): string {
  const body = html`${lookupForms(options.values ?? {}, options.errors ?? {})}
<section class="card" aria-labelledby="newest-title"><h2 id="newest-title">Newest claims</h2>
${newest.length ? html`<ul class="rows">${newest.map((claim) => html`<li>${claimLine(claim)}<div class="small muted">device <a href="${devicePath(claim.mac)}">${claim.mac}</a> · ext ${claim.extension} · ${claim.accountId}</div></li>`)}</ul>` : html`<p>No claims yet.</p>`}</section>`;
  return consolePage({ title: 'Find a device', ...viewer, current: 'lookup', body, flash: options.flash });
}

/** The devices a search found. */
export function renderDeviceMatches(viewer: Viewer, asked: string, matches: DeviceMatch[], values: Record<string, string>): string {
  const body = html`${lookupForms(values, {})}<section class="card" aria-labelledby="found-title"><h2 id="found-title">${matches.length} device${matches.length === 1 ? '' : 's'} for ${asked}</h2>
${matches.length ? html`<ul class="rows">${matches.map((match) => html`<li data-device="${match.mac}"><div class="line"><a class="grow" href="${devicePath(match.mac)}"><strong>${match.modelName ?? match.model ?? 'Unknown model'}</strong> · ${match.mac}</a>
${match.replacedByMac ? html`<span class="badge grey">replaced by ${match.replacedByMac}</span>` : ''}${match.known ? '' : html`<span class="badge amber">not in the registry</span>`}</div>
<div class="small muted">account ${match.accountId}${match.extension ? html` · ext ${match.extension}` : ''}</div>
${match.latestClaim ? html`<div class="small">latest claim: ${claimLine(match.latestClaim)}</div>` : ''}</li>`)}</ul>`
    : html`<p>No device found. Check the account and extension with the customer, or look the MAC up on the device's sticker.</p>`}</section>`;
  return consolePage({ title: `Devices for ${asked}`, ...viewer, current: 'lookup', body });
}

function chainSection(view: DeviceView): RawHtml | string {
  if (!view.replaced.length && !view.replacedBy.length) return '';
  const link = (l: DeviceView['replaced'][number]) => html`<a href="${devicePath(l.mac)}">${l.modelName ?? 'device'} ${l.mac}</a>${l.claimId ? html` (claim <a href="${claimPath(l.claimId)}">${l.claimId}</a>${l.shippedAt ? html`, shipped ${moment(l.shippedAt)}` : ''})` : ''}`;
  return html`<section class="card" aria-labelledby="chain-title"><h2 id="chain-title">Replacement chain</h2><ul class="rows" data-chain>
${view.replaced.map((l, i) => html`<li data-replaced="${l.mac}">${i === 0 ? 'This phone replaced ' : 'which replaced '}${link(l)}</li>`)}
${view.replacedBy.map((l, i) => html`<li data-replaced-by="${l.mac}">${i === 0 ? 'This phone was replaced by ' : 'then by '}${link(l)}</li>`)}</ul></section>`;
}

function coverageSection(view: DeviceView): RawHtml {
  const words = { defect: 'Defect', 'physical-damage': 'Physical damage' } as const;
  return html`<section class="card" aria-labelledby="coverage-title" data-coverage><h2 id="coverage-title">Coverage today (${calendarDay(view.coverage.asOf)})</h2>
<p class="muted small">What a claim opened now would record, decided by the policy's rules; nothing is opened.</p>
<ul class="rows">${faultKinds.map((fault) => {
    const decision = view.coverage[fault];
    return html`<li data-fault="${fault}"><div class="line"><strong>${words[fault]}</strong> ${outcomeBadge(decision.outcome)} <span class="muted small">${RULE_WORDS[decision.rule]}</span></div><p>${decision.explanation}</p></li>`;
  })}</ul></section>`;
}

function deviceFacts(view: DeviceView): RawHtml {
  const d = view.device;
  if (!d) {
    return html`<p><strong>We have no record of this device.</strong> ${view.registryProblem ?? 'A claim for it waits for a supervisor, who approves or denies it with a written reason (a proof of purchase helps).'}</p>`;
  }
  const lease = d.lease
    ? html`${d.lease.contractId}: ${calendarDay(d.lease.startsOn)} to ${calendarDay(d.lease.endsOn)} ${d.leaseActive ? html`<span class="badge green">in its term</span>` : html`<span class="badge grey">not in its term</span>`}`
    : 'none (bought outright)';
  return html`<dl class="facts"><dt>Model</dt><dd>${d.modelName ?? d.model}</dd><dt>MAC</dt><dd>${d.mac}</dd>
<dt>Account</dt><dd>${d.accountId}</dd><dt>Extension</dt><dd>${d.extension ?? '–'}</dd><dt>Supplied by</dt><dd>${CHANNEL_WORDS[d.channel]}</dd>
<dt>Purchased</dt><dd>${calendarDay(d.purchasedOn)}</dd><dt>Warranty</dt><dd>through ${calendarDay(d.warrantyEndsOn)}</dd><dt>Lease</dt><dd>${lease}</dd>
${d.serial ? html`<dt>Serial</dt><dd>${d.serial}</dd>` : ''}</dl>`;
}

function claimsSection(view: DeviceView): RawHtml {
  const open = view.openClaim
    ? html`<div class="flash info" role="status" data-open-claim>This device already has an open claim: <a href="${claimPath(view.openClaim.claimId)}">${view.openClaim.claimId}</a> (${view.openClaim.status.replace(/-/g, ' ')}).</div>`
    : html`<p><a class="button" href="/console/claims/new?mac=${encodeURIComponent(view.mac)}">Open a claim for this device</a></p>`;
  return html`<section class="card" aria-labelledby="claims-title"><h2 id="claims-title">Claims</h2>${open}
${view.pastClaims.length ? html`<h3>Past claims</h3><ul class="rows">${view.pastClaims.map((claim) => html`<li>${claimLine(claim)}</li>`)}</ul>` : html`<p class="muted">No past claims.</p>`}</section>`;
}

/** The device page. */
export function renderDevicePage(viewer: Viewer, view: DeviceView): string {
  const name = view.device?.modelName ?? view.device?.model ?? 'Unknown device';
  const repeat = view.repeat.repeat
    ? html`<section class="card flag" role="note" aria-labelledby="repeat-title" data-repeat><h2 id="repeat-title">Repeat claim</h2><ul>${view.repeat.reasons.map((r) => html`<li>${r}</li>`)}</ul><p>Check the troubleshooting with the customer before opening another claim.</p></section>`
    : view.repeatIfOpenedNow ? html`<section class="card flag" role="note" data-repeat-if-opened><h2>A claim now would be a repeat</h2><ul>${view.repeatIfOpenedNow.reasons.map((r) => html`<li>${r}</li>`)}</ul></section>` : '';
  const body = html`<p><a href="/console">← Find another device</a></p>${repeat}
<div class="grid wide-left"><div>
<section class="card" aria-labelledby="device-title"><h2 id="device-title">${name} · ${view.mac}</h2>${deviceFacts(view)}</section>
${coverageSection(view)}</div><div>${claimsSection(view)}${chainSection(view)}</div></div>`;
  return consolePage({ title: `${name} ${view.mac}`, ...viewer, current: 'lookup', body });
}
