/** Valid template data for every email kind, shared by the notification tests. */
import { DEFAULT_BRANDING } from '../../../notifications/branding';
import type { EmailKind } from '../../../domain/types';

/** One valid `data` record per kind. */
export const sampleData: Record<EmailKind, Record<string, string | number | boolean | null>> = {
  'claim-received': { customerName: 'Ann Example', mac: '00:15:65:AB:CD:EF', extension: '204' },
  'claim-denied': { customerName: 'Ann Example', rule: 'third-party-not-covered', explanation: 'The phone was bought from a third party, and only devices SpectrumVoIP supplied are covered.' },
  'claim-under-review': { customerName: 'Ann Example', explanation: null },
  'replacement-shipped': {
    customerName: 'Ann Example',
    carrier: 'USPS',
    trackingNumber: '9400111899223856928499',
    trackingUrl: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223856928499',
    returnDeadline: '2026-12-29',
    serviceLevel: 'Priority Mail',
    returnCarrier: 'USPS',
    returnWindowDays: 30,
  },
  'replacement-delivered': { customerName: 'Ann Example', carrier: 'USPS', returnDeadline: '2026-12-29', deliveredAt: '2026-11-29T18:00:00.000Z' },
  'return-reminder': { customerName: 'Ann Example', carrier: 'USPS', returnDeadline: '2026-12-29' },
  'return-overdue': { customerName: 'Ann Example', carrier: 'USPS', returnDeadline: '2026-12-29', closesAt: '2027-01-12T18:00:00.000Z' },
  'claim-closed-returned': { customerName: 'Ann Example', receivedOn: '2026-12-10' },
  'claim-closed-unreturned': { customerName: 'Ann Example', returnDeadline: '2026-12-29' },
  'claim-cancelled': { customerName: 'Ann Example', reason: 'The customer found the original phone works after all.' },
};

/** The four return steps the policy asks for, as they must appear in the emails. */
export const RETURN_STEP_PHRASES = [
  'original packaging',
  'all the cabling that was provided with the device',
  'Stick the included prepaid return label on the box',
  'Hand the box to the carrier named on the label (USPS)',
];

/** The least each kind gets from the claim workflow (`workflows/*.ts` call sites), extra keys included. */
export const minimalWorkflowData: Record<EmailKind, Record<string, string | number | boolean | null>> = {
  'claim-received': { customerName: 'Ann Example' },
  'claim-denied': { customerName: 'Ann Example', rule: 'warranty-expired-no-lease', explanation: 'The one-year warranty ended on 2026-01-10.' },
  'claim-under-review': { customerName: 'Ann Example', explanation: 'The device is not in our registry.' },
  'replacement-shipped': { customerName: 'Ann Example', carrier: 'UPS', trackingNumber: '1Z999', trackingUrl: null, returnCarrier: null, returnWindowDays: 30, returnDeadline: '2026-12-29T18:00:00.000Z' },
  'replacement-delivered': { customerName: 'Ann Example', returnDeadline: '2026-12-29T18:00:00.000Z' },
  'return-reminder': { customerName: 'Ann Example', returnDeadline: '2026-12-29T18:00:00.000Z' },
  'return-overdue': { customerName: 'Ann Example', returnDeadline: '2026-12-29T18:00:00.000Z', closesAt: '2027-01-12T18:00:00.000Z' },
  'claim-closed-returned': { customerName: 'Ann Example', condition: 'good', macMatches: true },
  'claim-closed-unreturned': { customerName: 'Ann Example' },
  'claim-cancelled': { customerName: 'Ann Example', reason: 'Customer request' },
};

/** Keys the workflow adds to every email's data. */
export const workflowCommonData = { claimId: 'CLM-1001', mac: '00:15:65:AB:CD:EF', extension: '204' };

/** The facts the email activity looks up for a shipped claim (tracking page, display names). */
export const sampleFacts = {
  trackingPageUrl: 'https://replacements.example/track/tok_0123456789abcdef',
  modelName: 'Yealink SIP-T54W',
  replacementModelName: 'Yealink SIP-T46U',
  outboundService: 'USPS Priority Mail',
};

/** A template context for claim `CLM-1001` read in `timeZone` (default America/Chicago). */
export function templateContext(reader: { locale: string; timeZone: string } = { locale: 'en-US', timeZone: 'America/Chicago' }, sequence = 1) {
  return { claimId: 'CLM-1001', sequence, reader, facts: sampleFacts, brand: { ...DEFAULT_BRANDING, publicBaseUrl: 'https://replacements.example' } };
}
