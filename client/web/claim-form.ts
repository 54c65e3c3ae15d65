/**
 * The console's form to open a claim: what the spec asks support to record (extension, MAC, contact phone and email,
 * ship-to, fault, description, troubleshooting done, photo references). Fields are named by their path in the
 * trigger (`contact.email`), so the server's refusals land on them; each field carries the browser-side rules —
 * required, length, pattern and the message — read from the trigger's schema, so the browser and the API refuse
 * alike, and the server checks everything again.
 */
import { z } from 'zod';
import { MAC_RULE } from '../../domain/mac';
import { faultKinds } from '../../domain/types';
import { claimRequestSchema, postalAddressSchema, triggerPatterns } from '../../schemas/claim-request';
import type { Viewer } from './device-page';
import { MAC_PATTERN } from './board-page';
import { consolePage, csrfField, type Flash } from './console-layout';
import { html, raw, type RawHtml } from './html';

/** The form's values by field name (what was typed, or prefilled). */
export type FormValues = Record<string, string | undefined>;

/** What the browser checks of one field. */
interface FieldRules {
  required?: boolean;
  /** The refusal of an empty field when it is not `is required`. */
  empty?: string;
  max?: number;
  pattern?: string;
  message?: string;
  lines?: { count: number; message: string };
}

const request = claimRequestSchema.shape;
const contact = request.contact.shape;
const address = postalAddressSchema.shape;
const troubleshooting = request.troubleshooting.unwrap().shape;
const PHOTOS = 20;
const maxOf = (schema: { maxLength: number | null }) => schema.maxLength ?? undefined;
const patterned = (name: keyof typeof triggerPatterns) => ({ required: true, ...triggerPatterns[name] });

/** The rules of every checked field, from the trigger's schema. */
export const FIELD_RULES: Record<string, FieldRules> = {
  mac: { required: true, pattern: `^(?:${MAC_PATTERN})$`, message: MAC_RULE },
  extension: patterned('extension'),
  accountId: { required: true, max: maxOf(request.accountId) },
  'contact.name': { required: true, max: maxOf(contact.name) },
  'contact.phone': patterned('contact.phone'),
  'contact.email': { required: true, pattern: z.regexes.email.source, message: 'must be an email address' },
  'shipTo.name': { required: true, max: maxOf(address.name) },
  'shipTo.company': { max: maxOf(address.company.unwrap()) },
  'shipTo.street1': { required: true, max: maxOf(address.street1) },
  'shipTo.street2': { max: maxOf(address.street2.unwrap()) },
  'shipTo.city': { required: true, max: maxOf(address.city) },
  'shipTo.state': { required: true, max: maxOf(address.state) },
  'shipTo.postalCode': patterned('shipTo.postalCode'),
  'shipTo.country': patterned('shipTo.country'),
  fault: { required: true, empty: "must be 'defect' or 'physical-damage'" },
  description: { required: true, max: maxOf(request.description) },
  'troubleshooting.photoRefs': { max: maxOf(troubleshooting.photoRefs.unwrap().element), lines: { count: PHOTOS, message: `at most ${PHOTOS} photos` } },
  'troubleshooting.notes': { max: maxOf(troubleshooting.notes.unwrap()) },
  triggeredBy: { required: true, max: maxOf(request.triggeredBy) },
};

/** The ship-to fields, shared with the address correction form. */
export const ADDRESS_FIELDS = [
  ['name', 'Name'], ['company', 'Company (optional)'], ['street1', 'Street'], ['street2', 'Street, line 2 (optional)'], ['city', 'City'],
  ['state', 'State'], ['postalCode', 'Postal code'], ['country', 'Country (2 letters)'],
] as const;

/** The trigger (nested, as `POST /claims` takes it) from the form's flat fields; checkboxes are on when sent. */
export function requestOfForm(form: FormValues): unknown {
  const value = (name: string) => (form[name]?.trim() ? form[name] : undefined);
  return {
    mac: value('mac'), extension: value('extension'), accountId: value('accountId'),
    contact: { name: value('contact.name'), phone: value('contact.phone'), email: value('contact.email'), ...(value('contact.timeZone') ? { timeZone: value('contact.timeZone') } : {}) },
    shipTo: addressOfForm(form, 'shipTo.'),
    fault: value('fault'), description: value('description'),
    troubleshooting: {
      remoteSession: form['troubleshooting.remoteSession'] !== undefined, cablingChecked: form['troubleshooting.cablingChecked'] !== undefined,
      photoRefs: (form['troubleshooting.photoRefs'] ?? '').split(/\r?\n/).map((line) => line.trim()).filter(Boolean),
      ...(value('troubleshooting.notes') ? { notes: value('troubleshooting.notes') } : {}),
    },
    triggeredBy: value('triggeredBy'),
  };
}

/** A postal address from the form's fields under `prefix` (empty optional fields left out). */
export function addressOfForm(form: FormValues, prefix: string): Record<string, string | undefined> {
  return Object.fromEntries(ADDRESS_FIELDS.map(([name]) => [name, form[`${prefix}${name}`]?.trim() ? form[`${prefix}${name}`] : undefined]).filter(([, v]) => v !== undefined));
}

/** The refusals of a form by field name (a photo line's refusal lands on the photo field, saying which line). */
export function errorsByField(fields: ReadonlyArray<{ field: string; message: string }>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { field, message } of fields) {
    const photo = /^troubleshooting\.photoRefs\.(\d+)$/.exec(field);
    const name = photo ? 'troubleshooting.photoRefs' : field;
    errors[name] ??= photo ? `line ${Number(photo[1]) + 1}: ${message}` : message;
  }
  return errors;
}

/** One labelled field with its rules, value and error. */
export function formField(name: string, label: string, values: FormValues, errors: Record<string, string>, options: { type?: string; multiline?: boolean; hint?: string; full?: boolean; /** Markup written here (constants only). */ attributes?: string; rules?: FieldRules } = {}): RawHtml {
  const id = `f-${name.replace(/\./g, '-')}`;
  const rules = options.rules ?? FIELD_RULES[name];
  const describedBy = `${options.hint ? `${id}-hint ` : ''}${id}-error`;
  const common = html`id="${id}" name="${name}" ${rules?.required ? 'required' : ''} aria-describedby="${describedBy}"${rules ? html` data-rules="${JSON.stringify(rules)}"` : ''}${errors[name] ? html` aria-invalid="true"` : ''} ${raw(options.attributes ?? '')}`;
  const input = options.multiline
    ? html`<textarea ${common}>${values[name] ?? ''}</textarea>`
    : html`<input ${common} type="${options.type ?? 'text'}" value="${values[name] ?? ''}">`;
  return html`<div class="${options.full ? 'full' : ''}"><label for="${id}">${label}</label>${input}
${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ''}<div class="field-error" id="${id}-error" aria-live="polite">${errors[name] ?? ''}</div></div>`;
}

/** The ship-to fieldset, its fields under `prefix`. */
export function addressFieldset(legend: string, prefix: string, values: FormValues, errors: Record<string, string>): RawHtml {
  const autocomplete: Record<string, string> = { name: 'name', company: 'organization', street1: 'address-line1', street2: 'address-line2', city: 'address-level2', state: 'address-level1', postalCode: 'postal-code', country: 'country' };
  return html`<fieldset><legend>${legend}</legend><div class="form-grid">${ADDRESS_FIELDS.map(([name, label]) => formField(`${prefix}${name}`, label, values, errors, {
    attributes: `autocomplete="shipping ${autocomplete[name]}"`, rules: FIELD_RULES[`shipTo.${name}`],
  }))}</div></fieldset>`;
}

const checkbox = (name: string, label: string, values: FormValues) => {
  const id = `f-${name.replace(/\./g, '-')}`;
  return html`<label class="check" for="${id}"><input type="checkbox" id="${id}" name="${name}"${values[name] !== undefined ? ' checked' : ''}>${label}</label>`;
};

/** The new-claim form, prefilled with `values`; `notice` tells the device already has an open claim, with its link. */
export function renderClaimForm(viewer: Viewer, values: FormValues, errors: Record<string, string>, options: { flash?: Flash; notice?: RawHtml; prefilledFrom?: string } = {}): string {
  const faultError = errors.fault;
  const body = html`${options.notice ?? ''}<form class="card" method="post" action="/console/claims" data-validate novalidate aria-labelledby="form-title">${csrfField(viewer.csrf)}
<h2 id="form-title">Open a replacement claim</h2>
${options.prefilledFrom ? html`<p class="muted">Contact and ship-to are filled in from claim ${options.prefilledFrom}: check them with the customer.</p>` : ''}
${Object.keys(errors).length ? html`<div class="flash error" role="alert">Please fix the ${Object.keys(errors).length === 1 ? 'field' : `${Object.keys(errors).length} fields`} marked below.</div>` : ''}
<fieldset><legend>Device</legend><div class="form-grid">
${formField('mac', 'MAC address', values, errors, { hint: 'From the sticker on the back: 00:15:65:AB:CD:EF, 00-15-65-AB-CD-EF, 0015.65AB.CDEF or 001565ABCDEF', attributes: 'autocomplete="off" autocapitalize="characters" spellcheck="false"' })}
${formField('extension', 'Extension', values, errors, { attributes: 'inputmode="numeric" autocomplete="off"' })}
${formField('accountId', 'Account', values, errors, { attributes: 'autocomplete="off"' })}</div></fieldset>
<fieldset><legend>Customer contact</legend><div class="form-grid">
${formField('contact.name', 'Name', values, errors, { attributes: 'autocomplete="name"' })}
${formField('contact.phone', 'Phone', values, errors, { type: 'tel', attributes: 'autocomplete="tel"' })}
${formField('contact.email', 'Email', values, errors, { type: 'email', attributes: 'autocomplete="email"' })}
${formField('contact.timeZone', 'Customer’s time zone (optional)', values, errors, { hint: 'For the dates in the customer’s emails, e.g. America/Chicago', attributes: 'autocomplete="off"' })}</div></fieldset>
${addressFieldset('Ship the replacement to', 'shipTo.', values, errors)}
<fieldset><legend>The fault</legend><div class="form-grid">
<div><label for="f-fault">Fault</label><select id="f-fault" name="fault" required aria-describedby="f-fault-error" data-rules="${JSON.stringify(FIELD_RULES.fault)}"${faultError ? html` aria-invalid="true"` : ''}>
<option value="">choose…</option>${faultKinds.map((fault) => html`<option value="${fault}"${values.fault === fault ? ' selected' : ''}>${fault === 'defect' ? 'Defect' : 'Physical damage (mishap)'}</option>`)}</select>
<div class="field-error" id="f-fault-error" aria-live="polite">${faultError ?? ''}</div></div>
${formField('description', 'What is wrong', values, errors, { multiline: true, full: true })}</div></fieldset>
<fieldset><legend>Troubleshooting done</legend>
${checkbox('troubleshooting.remoteSession', 'Remote session with the device', values)}${checkbox('troubleshooting.cablingChecked', 'Cabling checked or reconnected', values)}
<div class="form-grid">${formField('troubleshooting.photoRefs', 'Photo references (optional, one per line)', values, errors, { multiline: true })}
${formField('troubleshooting.notes', 'Notes (optional)', values, errors, { multiline: true })}</div></fieldset>
<div class="form-grid">${formField('triggeredBy', 'Your name (recorded on the claim)', values, errors, { attributes: 'autocomplete="name"' })}</div>
<p><button type="submit">Open the claim</button></p></form>`;
  return consolePage({ title: 'Open a claim', ...viewer, current: 'lookup', body, flash: options.flash });
}
