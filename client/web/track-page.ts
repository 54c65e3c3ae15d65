/** The customer's tracking page: where the replacement stands, the parcels, and the return deadline. */
import type { TrackingView } from '../api/tracking-view';
import { html, page } from './html';

const when = (iso: string) => `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Renders the page for one claim (all data escaped). */
export function renderTrackingPage(view: TrackingView): string {
  const body = html`
<section class="card"><p><span class="badge">${view.status}</span></p><h2>${view.headline}</h2>
<p>Claim ${view.claimId}${view.model ? html` · ${view.model}` : ''} · opened ${when(view.openedAt)}</p>
${view.returnDueAt ? html`<p><strong>Please send the defective device back by ${when(view.returnDueAt)}</strong> using the prepaid return label in the box.</p>` : ''}
</section>
${view.shipments.length ? html`<section class="card"><h2>Parcels</h2><table><tr><th>Parcel</th><th>Carrier</th><th>Tracking number</th></tr>
${view.shipments.map((s) => html`<tr><td>${s.leg === 'outbound' ? 'Your replacement' : 'Your return'}</td><td>${s.carrier}</td>
<td>${s.trackingUrl ? html`<a href="${s.trackingUrl}" rel="noopener noreferrer">${s.trackingNumber}</a>` : s.trackingNumber}</td></tr>`)}
</table></section>` : ''}
<section class="card"><h2>History</h2><table>${view.history.map((h) => html`<tr><td>${when(h.at)}</td><td>${h.message}</td></tr>`)}</table></section>`;
  return page({ title: 'Your replacement', body });
}
