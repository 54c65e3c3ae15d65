/** Templates of the claim's decision and cancellation: received, denied, under review, cancelled. */
import type { EmailContent } from './content';
import { yourDevice, type TemplateContext } from './context';
import type { EmailData } from './schemas';

/** The claim was opened. */
export function claimReceived(data: EmailData<'claim-received'>, ctx: TemplateContext): EmailContent {
  const device = [data.mac && `MAC ${data.mac}`, data.extension && `extension ${data.extension}`].filter(Boolean).join(', ');
  const rows: Array<[string, string]> = [['Claim', ctx.claimId]];
  if (ctx.facts.modelName) rows.push(['Phone', ctx.facts.modelName]);
  if (data.mac) rows.push(['MAC address', data.mac]);
  if (data.extension) rows.push(['Extension', data.extension]);
  return {
    subject: `We received your replacement request (claim ${ctx.claimId})`,
    preheader: `Claim ${ctx.claimId}: we are checking the warranty coverage of ${yourDevice(ctx.facts.modelName)}.`,
    headline: 'We received your request',
    greetingName: data.customerName,
    blocks: [
      { kind: 'paragraph', text: `We received your request to replace ${yourDevice(ctx.facts.modelName)}${device ? ` (${device})` : ''}.` },
      { kind: 'facts', rows },
    ],
    next: 'We check the warranty coverage of the device and email you the decision.',
  };
}

/** The claim was denied; the explanation is the rule in plain words. */
export function claimDenied(data: EmailData<'claim-denied'>, ctx: TemplateContext): EmailContent {
  return {
    subject: `Your replacement request was not approved (claim ${ctx.claimId})`,
    preheader: 'We cannot replace this device under the warranty coverage policy; here is why.',
    headline: 'Your request was not approved',
    greetingName: data.customerName,
    blocks: [
      { kind: 'paragraph', text: `We are sorry: we cannot replace ${yourDevice(ctx.facts.modelName)} under the warranty coverage policy.` },
      { kind: 'paragraph', text: `Reason: ${data.explanation}` },
      { kind: 'facts', rows: [['Claim', ctx.claimId]] },
    ],
    next: `Nothing more will happen on this claim; if you have a proof of purchase or think this is a mistake, call us at ${ctx.brand.supportPhone} and quote your claim number.`,
  };
}

/** The device is unknown to the registry: a supervisor reviews the claim. */
export function claimUnderReview(data: EmailData<'claim-under-review'>, ctx: TemplateContext): EmailContent {
  return {
    subject: `Your replacement request is being reviewed (claim ${ctx.claimId})`,
    preheader: 'We could not confirm the coverage automatically, so a supervisor reviews your request.',
    headline: 'Your request is being reviewed',
    greetingName: data.customerName,
    blocks: [
      { kind: 'paragraph', text: 'We could not confirm the coverage of your device automatically, so a supervisor will review your request.' },
      ...(data.explanation ? [{ kind: 'paragraph' as const, text: data.explanation }] : []),
      { kind: 'paragraph', text: 'A proof of purchase helps: have it ready if we call.' },
      { kind: 'facts', rows: [['Claim', ctx.claimId]] },
    ],
    next: 'A supervisor decides on your request and we email you the decision.',
  };
}

/** Support cancelled the claim before the replacement was handed to the carrier. */
export function claimCancelled(data: EmailData<'claim-cancelled'>, ctx: TemplateContext): EmailContent {
  return {
    subject: `Your replacement request was cancelled (claim ${ctx.claimId})`,
    preheader: 'Nothing will be shipped and you have nothing to send back.',
    headline: 'Your request was cancelled',
    greetingName: data.customerName,
    blocks: [
      { kind: 'paragraph', text: 'Your replacement request has been cancelled.' },
      ...(data.reason ? [{ kind: 'paragraph' as const, text: `Reason: ${data.reason}` }] : []),
      { kind: 'facts', rows: [['Claim', ctx.claimId]] },
    ],
    next: 'Nothing will be shipped and you have nothing to send back; call us if you still need a replacement.',
  };
}
