/**
 * The customer's tracking page, phone first (360 px up, no horizontal scroll): where the claim stands on its steps,
 * what to do while the return is due (with the label reprint), the parcels and the history, in the customer's zone.
 */
import type { TrackingView } from '../api/tracking-view';
import type { Branding } from '../../notifications/branding';
import { returnSteps } from '../../notifications/templates/context';
import { formatMoment, formatShortMoment } from '../../notifications/templates/format';
import { html, page, raw, type RawHtml } from './html';

/** What the page needs besides the view: the brand, and where the reprint form posts. */
export interface TrackingPageOptions {
  brand: Branding;
  /** `POST` target of the "print my return label again" button. */
  reprintPath: string;
  reprintsPerDay: number;
}

const STEP_STATE_TEXT: Record<TrackingView['progress'][number]['state'], string> = {
  done: 'done', current: 'current step', upcoming: 'to come', stopped: 'stopped here', skipped: 'skipped',
};

/** Renders the page for one claim (all data escaped). */
export function renderTrackingPage(view: TrackingView, options: TrackingPageOptions): string {
  const reader = { locale: view.locale, timeZone: view.timeZone };
  const when = (iso: string) => formatShortMoment(iso, reader);
  const model = view.replacementModel ?? view.model;
  const body = html`
<section class="card"><h2>${view.headline}</h2>
<p class="claim-ref">Claim ${view.claimId}${model ? html` · ${model}` : ''} · opened ${when(view.openedAt)}</p>
<ol class="steps" aria-label="Steps of your claim">${view.progress.map((step) => html`<li class="${step.state}"${step.state === 'current' ? raw(' aria-current="step"') : ''}>${step.label}<span class="sr-only"> (${STEP_STATE_TEXT[step.state]})</span></li>`)}</ol>
</section>
${returnCard(view, options, reader)}
${view.shipments.length ? html`<section class="card"><h2>Parcels</h2>${view.shipments.map((s) => html`<dl class="parcel">
<dt>Parcel</dt><dd>${s.leg === 'outbound' ? 'Your replacement' : 'Your return'}</dd>
<dt>Carrier</dt><dd>${s.service ?? s.carrier}</dd>
<dt>Tracking</dt><dd>${s.trackingUrl ? html`<a href="${s.trackingUrl}" rel="noopener noreferrer">${s.trackingNumber}</a>` : s.trackingNumber}</dd></dl>`)}</section>` : ''}
<section class="card"><h2>History</h2><ol class="history">${view.history.map((h) => html`<li><time datetime="${h.at}">${when(h.at)}</time><span>${h.message}</span></li>`)}</ol></section>
<footer class="support">Questions? Call <a href="tel:${options.brand.supportPhone.replace(/[^\d+]/g, '')}">${options.brand.supportPhone}</a> or email <a href="mailto:${options.brand.supportEmail}">${options.brand.supportEmail}</a>.</footer>`;
  const brand = options.brand.logoUrl
    ? html`<img src="${options.brand.logoUrl}" alt="${options.brand.companyName}" height="40">`
    : html`<span class="brand-name">${options.brand.companyName}</span>`;
  return page({
    title: 'Your replacement', body, lang: view.locale, style: trackingStyle(options.brand.accentColor),
    header: html`<div class="brand">${brand}</div><h1>Your replacement</h1>`,
  });
}

/** While the return is due: the deadline, the policy's steps and the reprint button. */
function returnCard(view: TrackingView, options: TrackingPageOptions, reader: { locale: string; timeZone: string }): RawHtml | string {
  if (!view.returnDueAt && !view.closesUnreturnedAt) return '';
  const returnCarrier = view.shipments.find((s) => s.leg === 'return')?.carrier;
  const deadline = view.returnDueAt
    ? html`<p>Please send the defective device back by <strong>${formatMoment(view.returnDueAt, reader)}</strong>.</p>`
    : html`<p><strong>Your return is overdue.</strong> Please send the defective device now: if the carrier has not scanned it by <strong>${formatMoment(view.closesUnreturnedAt!, reader)}</strong>, the claim closes as unreturned and the device may be billed to your account.</p>`;
  const reprint = view.canReprintReturnLabel
    ? html`<form method="post" action="${options.reprintPath}" class="reprint"><button type="submit">Print my return label again</button>
<p class="hint">Lost or damaged the label in the box? This downloads it again as a PDF (up to ${options.reprintsPerDay} times a day).</p></form>`
    : '';
  return html`<section class="card ${view.returnDueAt ? 'due' : 'overdue'}" id="return"><h2>Send the defective device back</h2>${deadline}
<ol class="return-steps">${returnSteps(returnCarrier).map((step) => html`<li>${step}</li>`)}</ol>${reprint}</section>`;
}

/** A short page for a refused request (e.g. a reprint after the claim closed), with the way back to the claim. */
export function renderCustomerNotice(options: { brand: Branding; title: string; message: string; backPath?: string }): string {
  const { brand } = options;
  const body = html`<section class="card"><h2>${options.title}</h2><p>${options.message}</p>
${options.backPath ? html`<p><a href="${options.backPath}">Back to your claim</a></p>` : ''}</section>
<footer class="support">Questions? Call ${brand.supportPhone} or email ${brand.supportEmail}.</footer>`;
  return page({ title: 'Your replacement', body, style: trackingStyle(brand.accentColor), header: html`<div class="brand"><span class="brand-name">${brand.companyName}</span></div>` });
}

function trackingStyle(accent: string): string {
  return `
header{background:${accent};flex-wrap:wrap}header h1{font-size:19px;font-weight:600}.brand{min-width:0}.brand img{display:block;max-height:40px;max-width:200px;height:auto}
.brand-name{font-size:22px;font-weight:700}main{max-width:760px;padding:14px 12px}h2{margin:0 0 8px;font-size:21px;line-height:1.3}
.card p{margin:8px 0}.claim-ref{color:#4a5260;font-size:16px}.card,.claim-ref,dd,.history span{overflow-wrap:anywhere}
button{background:${accent};width:100%;max-width:420px}.hint{color:#4a5260;font-size:15px}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.steps{list-style:none;margin:14px 0 4px;padding:0;display:flex;flex-direction:column}
.steps li{position:relative;padding:0 0 14px 38px;min-height:30px;color:#4a5260}
.steps li::before{content:'';position:absolute;left:0;top:1px;width:18px;height:18px;border-radius:50%;border:3px solid #90a4ae;background:#fff}
.steps li:not(:last-child)::after{content:'';position:absolute;left:10px;top:26px;bottom:0;width:4px;background:#cfd8dc}
.steps li.done,.steps li.current{color:#1b1d21}.steps li.done::before{background:${accent};border-color:${accent}}
.steps li.done:not(:last-child)::after{background:${accent}}.steps li.current{font-weight:700}
.steps li.current::before{border-color:${accent};border-width:6px;width:12px;height:12px}
.steps li.stopped{color:#b71c1c;font-weight:700}.steps li.stopped::before{background:#c62828;border-color:#c62828}.steps li.skipped{text-decoration:line-through}
@media (min-width:720px){.steps{flex-direction:row}.steps li{flex:1 1 0;padding:34px 4px 0;text-align:center;font-size:16px}
.steps li::before{left:50%;margin-left:-12px;top:0}.steps li.current::before{margin-left:-12px}
.steps li:not(:last-child)::after{left:calc(50% + 14px);right:calc(-50% + 14px);top:10px;bottom:auto;width:auto;height:4px}}
.return-steps{padding-left:24px}.return-steps li{margin:4px 0}
.parcel{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:4px 14px;margin:8px 0 14px;padding-bottom:10px;border-bottom:1px solid #e0e0e0}
.parcel:last-child{border-bottom:0;margin-bottom:0}.parcel dt{font-weight:600;color:#4a5260}.parcel dd{margin:0}
.history{list-style:none;margin:0;padding:0}.history li{display:flex;flex-wrap:wrap;gap:2px 14px;padding:8px 0;border-bottom:1px solid #e0e0e0}
.history li:last-child{border-bottom:0}.history time{color:#4a5260;font-size:16px}
@media (min-width:600px){.history li{display:grid;grid-template-columns:13em minmax(0,1fr)}}
.support{color:#4a5260;font-size:16px;padding:4px 4px 24px}`;
}
