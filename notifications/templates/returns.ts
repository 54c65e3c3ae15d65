/** Templates of the return leg: reminders, overdue, closed after return, closed unreturned. */
import type { EmailContent } from './content';
import { LOST_LABEL_HINT, RETURN_STEPS_TITLE, returnSteps, type TemplateContext } from './context';
import { formatDay, formatMoment } from './format';
import type { EmailData } from './schemas';

const ORDINALS = ['first', 'second', 'third'];

/** Reminder `sequence` (1, 2…) that the defective device has not been sent back yet. */
export function returnReminder(data: EmailData<'return-reminder'>, ctx: TemplateContext): EmailContent {
  const ordinal = ORDINALS[ctx.sequence - 1] ?? `#${ctx.sequence}`;
  const deadline = formatMoment(data.returnDeadline, ctx.reader);
  return {
    subject: `Reminder: please return your defective device by ${formatDay(data.returnDeadline, ctx.reader)}`,
    preheader: `We have not seen your return parcel yet. It is due by ${deadline}.`,
    headline: 'Please send the defective device back',
    greetingName: data.customerName,
    blocks: [
      { kind: 'paragraph', text: `This is our ${ordinal} reminder: we have not yet seen the defective device on its way back to us.` },
      { kind: 'facts', rows: [['Claim', ctx.claimId], ['Return due by', deadline]] },
      { kind: 'steps', title: RETURN_STEPS_TITLE, items: returnSteps(data.carrier) },
      { kind: 'paragraph', text: LOST_LABEL_HINT },
      { kind: 'paragraph', text: 'If you already sent it, thank you: you can ignore this email.' },
    ],
    next: `If the carrier has not scanned your return parcel by ${deadline}, the claim becomes overdue.`,
  };
}

/** The return deadline passed without a return scan. */
export function returnOverdue(data: EmailData<'return-overdue'>, ctx: TemplateContext): EmailContent {
  const closing = data.closesAt ? formatMoment(data.closesAt, ctx.reader) : undefined;
  const rows: Array<[string, string]> = [['Claim', ctx.claimId], ['Was due by', formatMoment(data.returnDeadline, ctx.reader)]];
  if (closing) rows.push(['Claim closes on', closing]);
  return {
    subject: `Your defective device is overdue (claim ${ctx.claimId})`,
    preheader: `The defective device was due by ${formatDay(data.returnDeadline, ctx.reader)}. Please send it now.`,
    headline: 'Your return is overdue',
    greetingName: data.customerName,
    blocks: [
      { kind: 'paragraph', text: `The defective device was due back by ${formatMoment(data.returnDeadline, ctx.reader)} and we have not seen it on its way. Please send it now.` },
      { kind: 'facts', rows },
      { kind: 'steps', title: RETURN_STEPS_TITLE, items: returnSteps(data.carrier) },
      { kind: 'paragraph', text: LOST_LABEL_HINT },
    ],
    next: closing
      ? `If the carrier has not scanned your return parcel by ${closing}, the claim closes as unreturned and the device may be billed to your account.`
      : 'If the carrier does not scan your return parcel soon, the claim closes as unreturned and the device may be billed to your account.',
  };
}

/** The defective device arrived; the claim is closed. */
export function claimClosedReturned(data: EmailData<'claim-closed-returned'>, ctx: TemplateContext): EmailContent {
  return {
    subject: `We received your device: claim ${ctx.claimId} is closed`,
    preheader: 'Thank you for sending the defective device back. Your claim is closed.',
    headline: 'We received your device',
    greetingName: data.customerName,
    blocks: [
      { kind: 'paragraph', text: `We received the defective device${data.receivedOn ? ` on ${formatMoment(data.receivedOn, ctx.reader)}` : ''}. Your replacement claim is now closed.` },
      { kind: 'paragraph', text: 'Thank you for sending it back.' },
    ],
    next: 'Nothing more to do: the claim is closed and you keep the replacement.',
  };
}

/** The device never came back; the claim closed as unreturned. */
export function claimClosedUnreturned(data: EmailData<'claim-closed-unreturned'>, ctx: TemplateContext): EmailContent {
  return {
    subject: `Claim ${ctx.claimId} closed: defective device not returned`,
    preheader: 'We did not receive the defective device, so the claim is closed as unreturned.',
    headline: 'Your claim closed without the return',
    greetingName: data.customerName,
    blocks: [
      {
        kind: 'paragraph',
        text: `The defective device was due back${data.returnDeadline ? ` by ${formatMoment(data.returnDeadline, ctx.reader)}` : ''} and we did not receive it, so the claim is closed as unreturned.`,
      },
    ],
    next: `The unreturned device may be billed to your account; call us at ${ctx.brand.supportPhone} if you believe it was sent.`,
  };
}
