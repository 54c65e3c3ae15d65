/** Renders any customer email: validates the kind's data, then applies its template. */
import type { EmailKind } from '../../domain/types';
import { formatIssues } from '../../schemas/claim-request';
import { claimCancelled, claimDenied, claimReceived, claimUnderReview } from './claim';
import { renderContent, type EmailContent, type RenderedEmail } from './content';
import type { TemplateContext } from './context';
import { claimClosedReturned, claimClosedUnreturned, returnOverdue, returnReminder } from './returns';
import { emailDataSchemas, type EmailData } from './schemas';
import { replacementDelivered, replacementShipped } from './shipping';

export type { RenderedEmail } from './content';
export type { ClaimFacts, TemplateContext } from './context';
export { emailDataSchemas, EMAIL_KINDS, type EmailData } from './schemas';

const templates: { [K in EmailKind]: (data: EmailData<K>, ctx: TemplateContext) => EmailContent } = {
  'claim-received': claimReceived,
  'claim-denied': claimDenied,
  'claim-under-review': claimUnderReview,
  'replacement-shipped': replacementShipped,
  'replacement-delivered': replacementDelivered,
  'return-reminder': returnReminder,
  'return-overdue': returnOverdue,
  'claim-closed-returned': claimClosedReturned,
  'claim-closed-unreturned': claimClosedUnreturned,
  'claim-cancelled': claimCancelled,
};

/** The template data did not fit the kind's schema; `problems` are `data.field: reason` lines. */
export class EmailDataError extends Error {
  override readonly name = 'EmailDataError';
  constructor(readonly kind: EmailKind, readonly problems: string[]) {
    super(`invalid data for email '${kind}': ${problems.join('; ')}`);
  }
}

/** Validates `data` against the kind's schema and renders subject, text and HTML; throws `EmailDataError`. */
export function renderEmail<K extends EmailKind>(kind: K, data: unknown, ctx: TemplateContext): RenderedEmail {
  const parsed = emailDataSchemas[kind].safeParse(data);
  if (!parsed.success) throw new EmailDataError(kind, formatIssues(parsed.error).map((line) => `data.${line}`));
  const template = templates[kind] as (data: EmailData<K>, ctx: TemplateContext) => EmailContent;
  const frame = { brand: ctx.brand, claimId: ctx.claimId, trackingPageUrl: ctx.facts.trackingPageUrl, locale: ctx.reader.locale };
  return renderContent(template(parsed.data as EmailData<K>, ctx), frame);
}
