/** What every template receives besides its data. */
import type { Branding } from '../branding';
import type { ReaderLocale } from './format';

/** What the customer is told about the claim beyond the workflow's data, looked up by display name. */
export interface ClaimFacts {
  /** The claim's tracking page (`PUBLIC_BASE_URL/track/<token>`). */
  trackingPageUrl: string;
  /** Display name of the defective device's model, e.g. `Yealink SIP-T54W`. */
  modelName?: string;
  /** Display name of the replacement's model (a similar model may replace the original). */
  replacementModelName?: string;
  /** Carrier and service of the outbound label, e.g. `UPS Ground`. */
  outboundService?: string;
}

/** The claim reference, the send's sequence number, how the reader reads dates, the claim's facts and the brand. */
export interface TemplateContext {
  claimId: string;
  sequence: number;
  reader: ReaderLocale;
  facts: ClaimFacts;
  brand: Branding;
}

/** The four return steps of the policy; names the label's carrier when known. */
export function returnSteps(carrier?: string): string[] {
  return [
    'Pack the defective device in its original packaging.',
    'Put in all the cabling that was provided with the device.',
    'Stick the included prepaid return label on the box.',
    `Hand the box to the carrier named on the label${carrier ? ` (${carrier})` : ''}.`,
  ];
}

/** Title of the return-steps block. */
export const RETURN_STEPS_TITLE = 'How to send the defective device back:';

/** Where a customer who lost the return label gets another one. */
export const LOST_LABEL_HINT = 'Lost or damaged the return label? Print it again from your claim page (the button below).';

/** "your Yealink SIP-T54W" or "your device". */
export function yourDevice(modelName?: string): string {
  return modelName ? `your ${modelName}` : 'your device';
}
