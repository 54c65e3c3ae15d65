/** Templates of the claim's decision and cancellation: received, denied, under review, cancelled. */
import type { EmailContent } from './content';
import type { TemplateContext } from './context';
import type { EmailData } from './schemas';

/** The claim was opened. */
export function claimReceived(data: EmailData<'claim-received'>, ctx: TemplateContext): EmailContent {
  const device = [data.mac && `device ${data.mac}`, data.extension && `extension ${data.extension}`].filter(Boolean).join(', ');
  return {
    subject: `We received your replacement request (claim ${ctx.claimId})`,
    greetingName: data.customerName,
    blocks: [
      { kind: 'paragraph', text: `We received your request to replace a defective device${device ? ` (${device})` : ''}.` },
      { kind: 'paragraph', text: 'We are checking its warranty coverage now and will email you as soon as it is decided.' },
      { kind: 'facts', rows: [['Claim', ctx.claimId]] },
    ],
  };
}

/** The claim was denied; the explanation is the rule in plain words. */
export function claimDenied(data: EmailData<'claim-denied'>, ctx: TemplateContext): EmailContent {
  return {
    subject: `Your replacement request was not approved (claim ${ctx.claimId})`,
    greetingName: data.customerName,
    blocks: [
      { kind: 'paragraph', text: 'We are sorry: we cannot replace this device under the warranty coverage policy.' },
      { kind: 'paragraph', text: `Reason: ${data.explanation}` },
      { kind: 'paragraph', text: 'If you have a proof of purchase or think this is a mistake, please call us and quote your claim number.' },
      { kind: 'facts', rows: [['Claim', ctx.claimId]] },
    ],
  };
}

/** The device is unknown to the registry: a supervisor reviews the claim. */
export function claimUnderReview(data: EmailData<'claim-under-review'>, ctx: TemplateContext): EmailContent {
  return {
    subject: `Your replacement request is being reviewed (claim ${ctx.claimId})`,
    greetingName: data.customerName,
    blocks: [
      { kind: 'paragraph', text: 'We could not confirm the coverage of your device automatically, so a supervisor will review your request.' },
      ...(data.explanation ? [{ kind: 'paragraph' as const, text: data.explanation }] : []),
      { kind: 'paragraph', text: 'We will email you with the decision. A proof of purchase helps: have it ready if we call.' },
      { kind: 'facts', rows: [['Claim', ctx.claimId]] },
    ],
  };
}

/** Support cancelled the claim before the replacement was handed to the carrier. */
export function claimCancelled(data: EmailData<'claim-cancelled'>, ctx: TemplateContext): EmailContent {
  return {
    subject: `Your replacement request was cancelled (claim ${ctx.claimId})`,
    greetingName: data.customerName,
    blocks: [
      { kind: 'paragraph', text: 'Your replacement request has been cancelled. Nothing will be shipped and you have nothing to send back.' },
      ...(data.reason ? [{ kind: 'paragraph' as const, text: `Reason: ${data.reason}` }] : []),
      { kind: 'facts', rows: [['Claim', ctx.claimId]] },
    ],
  };
}
