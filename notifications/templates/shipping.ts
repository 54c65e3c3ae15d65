/** Templates of the outbound leg: replacement shipped, replacement delivered. */
import type { EmailContent } from './content';
import { RETURN_STEPS_TITLE, returnSteps, type TemplateContext } from './context';
import { formatDay } from './format';
import type { EmailData } from './schemas';

/** The replacement left with the carrier: tracking, return steps and the return deadline. */
export function replacementShipped(data: EmailData<'replacement-shipped'>, ctx: TemplateContext): EmailContent {
  const deadline = formatDay(data.returnDeadline, ctx.reader);
  const carrier = data.serviceLevel ? `${data.carrier} (${data.serviceLevel})` : data.carrier;
  return {
    subject: `Your replacement has shipped: ${data.carrier} ${data.trackingNumber}`,
    greetingName: data.customerName,
    blocks: [
      { kind: 'paragraph', text: 'Your replacement device is on its way.' },
      { kind: 'facts', rows: [['Claim', ctx.claimId], ['Carrier', carrier], ['Tracking number', data.trackingNumber]] },
      data.trackingUrl
        ? { kind: 'link', label: 'Track your package', url: data.trackingUrl }
        : { kind: 'paragraph', text: `Track your package on the ${data.carrier} website with the tracking number above.` },
      { kind: 'paragraph', text: 'Once the replacement arrives, please send the defective device back to us. A prepaid return label is in the box.' },
      { kind: 'steps', title: RETURN_STEPS_TITLE, items: returnSteps(data.returnCarrier ?? data.carrier) },
      { kind: 'paragraph', text: `Please send the defective device back by ${deadline}${data.returnWindowDays ? ` (${data.returnWindowDays} days after delivery)` : ''}.` },
    ],
  };
}

/** The carrier delivered the replacement: the return window is running. */
export function replacementDelivered(data: EmailData<'replacement-delivered'>, ctx: TemplateContext): EmailContent {
  const delivered = data.deliveredAt ? ` on ${formatDay(data.deliveredAt, ctx.reader)}` : '';
  return {
    subject: `Your replacement was delivered (claim ${ctx.claimId})`,
    greetingName: data.customerName,
    blocks: [
      { kind: 'paragraph', text: `The carrier delivered your replacement device${delivered}.` },
      { kind: 'steps', title: RETURN_STEPS_TITLE, items: returnSteps(data.carrier) },
      { kind: 'paragraph', text: `Please send the defective device back by ${formatDay(data.returnDeadline, ctx.reader)}.` },
    ],
  };
}
