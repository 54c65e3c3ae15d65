/**
 * The console's claim page: status and flags (billing, escalated, repeat), the decision with its rule and sentence,
 * the next deadline, both legs with their tracking links, the open tasks, the policy the claim runs under and the
 * timeline in the viewer's time zone; and the steps the viewer's role may take: cancel with a reason (when the claim
 * can no longer be cancelled the button says why, without trying), correct the address, a supervisor's approval
 * or denial with a written reason.
 */
import type { ClaimView, TaskDoc } from '../../data/schemas/claim';
import type { DeviceModelDoc } from '../../data/schemas/registry';
import type { RepeatFlag } from '../../domain/repeat-claim';
import { cancelRefusal } from '../../domain/status';
import type { TaskKind } from '../../domain/types';
import { displayNameOf } from '../../activities/customer-facts';
import { cancelBody, emergencyAddressBody } from '../api/schemas';
import { addressFieldset, formField, type FormValues } from './claim-form';
import { calendarDay, consolePage, csrfField, moment, withMoments, type Flash } from './console-layout';
import { deadlineWords, durationWords, outcomeBadge, RULE_WORDS, statusBadge, TASK_WORDS } from './console-words';
import type { Viewer } from './device-page';
import { html, type RawHtml } from './html';

/** Everything the claim page shows besides the claim. */
export interface ClaimPageData {
  claim: ClaimView;
  tasks: TaskDoc[];
  modelName: string | null;
  trackingUrl: string;
  repeat: RepeatFlag;
  /** The registry's models (a supervisor approving an unknown device names its model). */
  models: DeviceModelDoc[];
  /** The task kinds the viewer works (they may take those tasks). */
  workedKinds: readonly TaskKind[];
  /** The service each leg ships with, by its display name (e.g. `UPS Ground`). */
  services: Partial<Record<'outbound' | 'return', string>>;
}

/** A refused or invalid step, re-shown on its form. */
export interface StepForm {
  form: 'cancel' | 'address' | 'decision' | 'emergency';
  values: FormValues;
  errors: Record<string, string>;
}

const may = (viewer: Viewer, role: 'support' | 'supervisor') => viewer.caller.role === role || viewer.caller.role === 'admin';
const REASON_RULES = { required: true, max: cancelBody.shape.reason.maxLength ?? undefined };
const BY_RULES = { max: cancelBody.shape.by.unwrap().maxLength ?? undefined };

function flagsOf(data: ClaimPageData): RawHtml {
  const { flags } = data.claim;
  const badges = [
    flags.billing ? html`<span class="badge red" data-flag="billing">Billing: device not returned</span>` : '',
    flags.escalated ? html`<span class="badge amber" data-flag="escalated">Escalated</span>` : '',
    data.repeat.repeat ? html`<span class="badge amber" data-flag="repeat">Repeat claim</span>` : '',
  ].filter(Boolean);
  return html`${badges.length ? html`<p class="line">${badges}</p>` : ''}${data.repeat.repeat ? html`<ul class="small">${data.repeat.reasons.map((r) => html`<li>${r}</li>`)}</ul>` : ''}`;
}

function summary(data: ClaimPageData): RawHtml {
  const { claim } = data;
  const { contact, request } = claim;
  const trouble = [request.troubleshooting.remoteSession ? 'remote session' : '', request.troubleshooting.cablingChecked ? 'cabling checked' : ''].filter(Boolean).join(', ') || 'none recorded';
  return html`<section class="card first" aria-labelledby="claim-title"><h2 id="claim-title">Claim ${claim.claimId} ${statusBadge(claim.status)}</h2>${flagsOf(data)}
<dl class="facts"><dt>Device</dt><dd><a href="/console/devices/${encodeURIComponent(claim.mac)}">${data.modelName ?? claim.model ?? 'Unknown model'} · ${claim.mac}</a></dd>
<dt>Extension</dt><dd>${claim.extension} (account ${claim.accountId})</dd>
<dt>Customer</dt><dd>${contact.name} · <a href="tel:${contact.phone.replace(/[^\d+]/g, '')}">${contact.phone}</a> · <a href="mailto:${contact.email}">${contact.email}</a></dd>
<dt>Ship to</dt><dd>${[claim.shipTo.name, claim.shipTo.company, claim.shipTo.street1, claim.shipTo.street2, `${claim.shipTo.city}, ${claim.shipTo.state} ${claim.shipTo.postalCode}`, claim.shipTo.country].filter(Boolean).join(', ')}</dd>
<dt>Fault</dt><dd>${request.fault === 'defect' ? 'Defect' : 'Physical damage'}: ${request.description}</dd>
<dt>Troubleshooting</dt><dd>${trouble}${request.troubleshooting.photoRefs.length ? ` · ${request.troubleshooting.photoRefs.length} photo(s): ${request.troubleshooting.photoRefs.join(', ')}` : ''}${request.troubleshooting.notes ? ` · ${request.troubleshooting.notes}` : ''}</dd>
<dt>Opened</dt><dd>${moment(claim.openedAt)} by ${request.triggeredBy}</dd>
<dt>Next deadline</dt><dd data-deadline>${claim.nextDeadline ? html`${deadlineWords(claim.nextDeadline.kind)}: ${moment(claim.nextDeadline.at)}` : 'none'}</dd>
${claim.replacementMac ? html`<dt>Replacement</dt><dd><a href="/console/devices/${encodeURIComponent(claim.replacementMac)}">${claim.replacementMac}</a>${claim.handedOverAt ? html`, handed to the carrier ${moment(claim.handedOverAt)}` : ''}</dd>` : ''}
<dt>Customer page</dt><dd><a href="${data.trackingUrl}" rel="noopener noreferrer">what the customer sees</a></dd></dl></section>`;
}

function decisionSection(claim: ClaimView): RawHtml {
  const decision = claim.decision;
  if (!decision) return html`<section class="card decision third" aria-labelledby="decision-title"><h2 id="decision-title">Decision</h2><p>Not decided yet: the device is being looked up.</p></section>`;
  return html`<section class="card decision third ${decision.outcome}" aria-labelledby="decision-title" data-decision="${decision.rule}"><h2 id="decision-title">Decision ${outcomeBadge(decision.outcome)}</h2>
<p><strong>${RULE_WORDS[decision.rule]}</strong>${decision.decidedBy ? html` · by ${decision.decidedBy}` : ''} · ${calendarDay(decision.decidedOn)}</p><p>${decision.explanation}</p></section>`;
}

function legsSection(data: ClaimPageData): RawHtml {
  const leg = (name: 'outbound' | 'return', title: string) => {
    const label = data.claim.legs[name];
    if (!label) return html`<li data-leg="${name}"><strong>${title}</strong>: no label yet</li>`;
    const tracking = label.trackingUrl ? html`<a href="${label.trackingUrl}" rel="noopener noreferrer">${label.trackingNumber}</a>` : label.trackingNumber;
    return html`<li data-leg="${name}"><strong>${title}</strong>: ${data.services[name] ?? label.carrier} · tracking ${tracking} · <a href="${label.labelUrl}" rel="noopener noreferrer">label PDF</a></li>`;
  };
  return html`<section class="card third" aria-labelledby="legs-title"><h2 id="legs-title">Shipments</h2><ul class="rows">${leg('outbound', 'Replacement to the customer')}${leg('return', 'Return of the defective device')}</ul></section>`;
}

function tasksSection(data: ClaimPageData, viewer: Viewer): RawHtml {
  const open = data.tasks.filter((task) => task.status === 'open' || task.status === 'taken');
  const now = Date.now();
  return html`<section class="card third" aria-labelledby="tasks-title"><h2 id="tasks-title">Open tasks</h2>${open.length ? html`<ul class="rows">${open.map((task) => html`<li data-task="${task.taskId}">
<div class="line"><strong class="grow">${TASK_WORDS[task.kind]}</strong>${Date.parse(task.slaDueAt) < now ? html`<span class="badge red">overdue</span>` : ''}<span class="muted">due ${moment(task.slaDueAt)}</span></div>
<p>${withMoments(task.summary)}</p>${task.status === 'taken' ? html`<p class="muted">taken by ${task.assignee}</p>` : data.workedKinds.includes(task.kind)
    ? html`<form method="post" action="/console/tasks/${encodeURIComponent(task.taskId)}/take">${csrfField(viewer.csrf)}<input type="hidden" name="back" value="claim"><button class="secondary" type="submit">Take this task</button></form>` : ''}</li>`)}</ul>` : html`<p class="muted">None.</p>`}</section>`;
}

function cancelForm(claim: ClaimView, viewer: Viewer, step: StepForm | undefined): RawHtml {
  const refusal = cancelRefusal(claim);
  if (refusal) {
    return html`<div data-cancel-refused><button type="button" disabled aria-describedby="cancel-why">Cancel the claim</button>
<p class="refusal" id="cancel-why">${withMoments(refusal.charAt(0).toUpperCase() + refusal.slice(1))}.</p></div>`;
  }
  const values = step?.form === 'cancel' ? step.values : {};
  const errors = step?.form === 'cancel' ? step.errors : {};
  return html`<form method="post" action="/console/claims/${encodeURIComponent(claim.claimId)}/cancel" data-validate novalidate aria-labelledby="cancel-title">${csrfField(viewer.csrf)}
<h3 id="cancel-title">Cancel the claim</h3><p class="muted small">Releases the reserved unit, voids the labels and tells the customer. Possible until the replacement is handed to the carrier.</p>
${formField('reason', 'Reason', values, errors, { multiline: true, rules: REASON_RULES })}${formField('by', 'Your name (optional)', values, errors, { rules: BY_RULES })}
<button type="submit">Cancel the claim</button></form>`;
}

function addressForm(claim: ClaimView, viewer: Viewer, step: StepForm | undefined): RawHtml | string {
  if (claim.status !== 'address-problem') return '';
  const current = Object.fromEntries(Object.entries(claim.shipTo).map(([field, value]) => [`shipTo.${field}`, String(value)]));
  const values = step?.form === 'address' ? step.values : current;
  const errors = step?.form === 'address' ? step.errors : {};
  return html`<form method="post" action="/console/claims/${encodeURIComponent(claim.claimId)}/address" data-validate novalidate aria-labelledby="address-title">${csrfField(viewer.csrf)}
<h3 id="address-title">Correct the ship-to address</h3><p class="muted small">The labels are bought again with the corrected address.</p>
${addressFieldset('Ship the replacement to', 'shipTo.', values, errors)}${formField('by', 'Your name (optional)', values, errors, { rules: BY_RULES })}
<button type="submit">Save the address and buy the labels</button></form>`;
}

/** Support confirms where the phone will be used when the ship-to is not the extension's E911 address (its task is open). */
function emergencyForm(data: ClaimPageData, viewer: Viewer, step: StepForm | undefined): RawHtml | string {
  const task = data.tasks.find((t) => t.kind === 'confirm-emergency-address' && (t.status === 'open' || t.status === 'taken'));
  if (!task) return '';
  const values = step?.form === 'emergency' ? step.values : {};
  const errors = step?.form === 'emergency' ? step.errors : {};
  const noteRules = { required: true, max: emergencyAddressBody.shape.note.maxLength ?? undefined };
  return html`<form method="post" action="/console/claims/${encodeURIComponent(data.claim.claimId)}/emergency-address" data-validate novalidate aria-labelledby="e911-title">${csrfField(viewer.csrf)}
<h3 id="e911-title">Confirm the E911 location</h3><p class="muted small">The ship-to is not the extension's registered emergency address. Ask the customer where the phone will be used and write down what was agreed (emergency calls go to the registered address until the extension's E911 record is changed).</p>
${formField('note', 'What was agreed', values, errors, { multiline: true, rules: noteRules })}${formField('by', 'Your name (optional)', values, errors, { rules: BY_RULES })}
<button type="submit">Confirm the location</button></form>`;
}

function decisionForm(data: ClaimPageData, viewer: Viewer, step: StepForm | undefined): RawHtml | string {
  if (data.claim.status !== 'under-review') return '';
  const values = step?.form === 'decision' ? step.values : {};
  const errors = step?.form === 'decision' ? step.errors : {};
  return html`<form method="post" action="/console/claims/${encodeURIComponent(data.claim.claimId)}/decision" data-validate novalidate aria-labelledby="decide-title">${csrfField(viewer.csrf)}
<h3 id="decide-title">Approve or deny</h3><p class="muted small">The registry does not know this device. Your reason is kept on the claim and read to the customer (e.g. the proof of purchase you saw).</p>
${formField('reason', 'Written reason', values, errors, { multiline: true, rules: REASON_RULES })}
<div><label for="f-model">Model (to approve)</label><select id="f-model" name="model" aria-describedby="f-model-error"${errors.model ? html` aria-invalid="true"` : ''}><option value="">choose…</option>
${data.models.map((model) => html`<option value="${model.model}"${values.model === model.model ? ' selected' : ''}>${displayNameOf(model)}</option>`)}</select><div class="field-error" id="f-model-error">${errors.model ?? ''}</div></div>
${formField('by', 'Your name (optional)', values, errors, { rules: BY_RULES })}
<p class="line"><button type="submit" name="approve" value="true">Approve</button> <button class="secondary" type="submit" name="approve" value="false">Deny</button></p></form>`;
}

function timelineSection(claim: ClaimView): RawHtml {
  return html`<section class="card later" aria-labelledby="timeline-title"><h2 id="timeline-title">Timeline</h2><ol class="timeline" reversed>${[...claim.timeline].reverse().map((entry) => html`<li data-key="${entry.key}">${moment(entry.at)}<span>${withMoments(entry.message)}${entry.actor ? html` <span class="actor">— ${entry.actor}</span>` : ''}</span></li>`)}</ol></section>`;
}

function policySection(claim: ClaimView): RawHtml {
  const policy = claim.policy;
  return html`<section class="card last" aria-labelledby="policy-title"><h2 id="policy-title">Policy</h2>${policy ? html`<p>${policy.version ? `Version ${policy.version}` : 'Unversioned'}${policy.calendar ? ` · ${policy.calendar}` : ''}</p>
<dl class="facts small">${Object.entries(policy.durations).map(([setting, value]) => html`<dt>${setting.replace(/([A-Z])/g, ' $1').toLowerCase()}</dt><dd>${durationWords(value)}</dd>`)}</dl>` : html`<p>The built-in defaults (opened before claims recorded their policy).</p>`}</section>`;
}

/** The claim page for `viewer`, with an optional message and a step's form re-shown with its refusals. */
export function renderClaimPage(viewer: Viewer, data: ClaimPageData, options: { flash?: Flash; step?: StepForm } = {}): string {
  const { claim } = data;
  const support = may(viewer, 'support');
  const actions = [
    support ? addressForm(claim, viewer, options.step) : '',
    support ? emergencyForm(data, viewer, options.step) : '',
    may(viewer, 'supervisor') ? decisionForm(data, viewer, options.step) : '',
    support ? cancelForm(claim, viewer, options.step) : '',
  ].filter(Boolean);
  // On a phone the two columns become one list in reading order: the claim, what to do, the decision, the rest.
  const body = html`<div class="grid wide-left"><div class="col">${summary(data)}${decisionSection(claim)}${legsSection(data)}${timelineSection(claim)}</div>
<div class="col">${actions.length ? html`<section class="card actions second" aria-labelledby="actions-title"><h2 id="actions-title">Actions</h2>${actions}</section>` : ''}
${tasksSection(data, viewer)}${policySection(claim)}<p class="last"><a href="/console/claims/${encodeURIComponent(claim.claimId)}">Refresh</a></p></div></div>`;
  return consolePage({ title: `Claim ${claim.claimId}`, ...viewer, body, flash: options.flash });
}
