/** Templates of the return leg: reminders, overdue, closed after return, closed unreturned. */
import type { EmailContent } from './content';
import { RETURN_STEPS_TITLE, returnSteps, type TemplateContext } from './context';
import { formatDay } from './format';
import type { EmailData } from './schemas';

const ORDINALS = ['first', 'second', 'third'];

/** Reminder `sequence` (1, 2…) that the defective device has not been sent back yet. */
export function returnReminder(data: EmailData<'return-reminder'>, ctx: TemplateContext): EmailContent {
  const ordinal = ORDINALS[ctx.sequence - 1] ?? `#${ctx.sequence}`;
  return {
    subject: `Reminder: please return your defective device by ${formatDay(data.returnDeadline, ctx.reader)}`,
    greetingName: data.customerName,
    blocks: [
      { kind: 'paragraph', text: `This is our ${ordinal} reminder: we have not yet seen the defective device on its way back to us.` },
      { kind: 'steps', title: RETURN_STEPS_TITLE, items: returnSteps(data.carrier) },
      { kind: 'paragraph', text: `Please send it by ${formatDay(data.returnDeadline, ctx.reader)}. If you already did, thank you: you can ignore this email.` },
      { kind: 'facts', rows: [['Claim', ctx.claimId]] },
    ],
  };
}

/** The return deadline passed without a return scan. */
export function returnOverdue(data: EmailData<'return-overdue'>, ctx: TemplateContext): EmailContent {
  const closing = data.closesAt
    ? `If we have not received it by ${formatDay(data.closesAt, ctx.reader)}, the claim will close as unreturned and the device may be billed to your account.`
    : 'If we do not receive it soon, the claim will close as unreturned and the device may be billed to your account.';
  return {
    subject: `Your defective device is overdue (claim ${ctx.claimId})`,
    greetingName: data.customerName,
    blocks: [
      { kind: 'paragraph', text: `The defective device was due back by ${formatDay(data.returnDeadline, ctx.reader)} and we have not received it.` },
      { kind: 'paragraph', text: closing },
      { kind: 'steps', title: RETURN_STEPS_TITLE, items: returnSteps(data.carrier) },
      { kind: 'facts', rows: [['Claim', ctx.claimId]] },
    ],
  };
}

/** The defective device arrived; the claim is closed. */
export function claimClosedReturned(data: EmailData<'claim-closed-returned'>, ctx: TemplateContext): EmailContent {
  return {
    subject: `We received your device: claim ${ctx.claimId} is closed`,
    greetingName: data.customerName,
    blocks: [
      { kind: 'paragraph', text: `We received the defective device${data.receivedOn ? ` on ${formatDay(data.receivedOn, ctx.reader)}` : ''}. Your replacement claim is now closed.` },
      { kind: 'paragraph', text: 'Thank you for sending it back.' },
    ],
  };
}

/** The device never came back; the claim closed as unreturned. */
export function claimClosedUnreturned(data: EmailData<'claim-closed-unreturned'>, ctx: TemplateContext): EmailContent {
  return {
    subject: `Claim ${ctx.claimId} closed: defective device not returned`,
    greetingName: data.customerName,
    blocks: [
      {
        kind: 'paragraph',
        text: `The defective device was due back${data.returnDeadline ? ` by ${formatDay(data.returnDeadline, ctx.reader)}` : ''} and we did not receive it, so the claim is closed as unreturned.`,
      },
      { kind: 'paragraph', text: 'The unreturned device may be billed to your account. Please call us if you believe it was sent.' },
    ],
  };
}
