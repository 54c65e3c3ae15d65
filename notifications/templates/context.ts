/** What every template receives besides its data. */
import type { ReaderLocale } from './format';

/** The claim reference, the send's sequence number and how the reader reads dates. */
export interface TemplateContext {
  claimId: string;
  sequence: number;
  reader: ReaderLocale;
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
