/** Templates of the outbound leg: replacement shipped, replacement delivered. */
import type { EmailContent } from './content';
import { LOST_LABEL_HINT, RETURN_STEPS_TITLE, returnSteps, yourDevice, type TemplateContext } from './context';
import { formatDay, formatMoment } from './format';
import type { EmailData } from './schemas';

/** "within 30 days of delivery" from the claim's policy, in days of the policy. */
export function returnWindowPhrase(returnWindowDays?: number): string {
  if (!returnWindowDays) return 'within the return window that starts when it is delivered';
  return `within ${returnWindowDays} ${returnWindowDays === 1 ? 'day' : 'days'} of delivery`;
}

/**
 * The replacement left with the carrier: tracking and the return steps. No return date yet: the window starts at
 * delivery, so the email gives its length (from the claim's policy) and the delivered email gives the date.
 */
export function replacementShipped(data: EmailData<'replacement-shipped'>, ctx: TemplateContext): EmailContent {
  const window = returnWindowPhrase(data.returnWindowDays);
  return {
    subject: `Your replacement has shipped: ${data.carrier} ${data.trackingNumber}`,
    preheader: `Tracking number ${data.trackingNumber}. Send the defective device back ${window}.`,
    headline: 'Your replacement is on its way',
    greetingName: data.customerName,
    blocks: [
      { kind: 'paragraph', text: `${capitalised(yourDevice(ctx.facts.replacementModelName))} is on its way.` },
      { kind: 'facts', rows: [['Claim', ctx.claimId], ['Shipped with', ctx.facts.outboundService ?? data.carrier], ['Tracking number', data.trackingNumber]] },
      data.trackingUrl
        ? { kind: 'link', label: `Track the parcel on the ${data.carrier} website`, url: data.trackingUrl }
        : { kind: 'paragraph', text: `Track the parcel on the ${data.carrier} website with the tracking number above.` },
      { kind: 'paragraph', text: `A prepaid return label is in the box. Once the replacement arrives, please send the defective device back ${window}.` },
      { kind: 'steps', title: RETURN_STEPS_TITLE, items: returnSteps(data.returnCarrier ?? data.carrier) },
    ],
    next: 'When the carrier delivers the parcel, we email you the date your return is due.',
  };
}

/** The carrier delivered the replacement: the return window is running; its end is given in the reader's time zone. */
export function replacementDelivered(data: EmailData<'replacement-delivered'>, ctx: TemplateContext): EmailContent {
  const deadline = formatMoment(data.returnDeadline, ctx.reader);
  const rows: Array<[string, string]> = [['Claim', ctx.claimId]];
  if (data.deliveredAt) rows.push(['Delivered', formatMoment(data.deliveredAt, ctx.reader)]);
  rows.push(['Return due by', deadline]);
  return {
    subject: `Your replacement was delivered: please return the defective device by ${formatDay(data.returnDeadline, ctx.reader)}`,
    preheader: `Please send the defective device back by ${deadline}.`,
    headline: 'Your replacement was delivered',
    greetingName: data.customerName,
    blocks: [
      { kind: 'paragraph', text: `The carrier delivered ${yourDevice(ctx.facts.replacementModelName)}. Please send the defective device back by ${deadline}.` },
      { kind: 'facts', rows },
      { kind: 'steps', title: RETURN_STEPS_TITLE, items: returnSteps(data.carrier) },
      { kind: 'paragraph', text: LOST_LABEL_HINT },
    ],
    next: 'We send you a reminder while no return scan is seen, and stop as soon as the carrier scans your return parcel.',
  };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
