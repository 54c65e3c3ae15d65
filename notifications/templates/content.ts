/** The shape every template returns, and its rendering to a plain-text part and an MJML-built HTML part (data escaped). */
import type { Branding } from '../branding';
import { emailLayout, escapeHtml, fill, SafeHtml, type FragmentName } from './layout';

/** One piece of an email body; templates compose these, the renderer turns them into text and HTML. */
export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'facts'; rows: Array<[label: string, value: string]> }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'steps'; title: string; items: string[] };

/** What a template produces before rendering. */
export interface EmailContent {
  subject: string;
  /** The line mail clients show after the subject in the inbox. */
  preheader: string;
  /** The heading of the message. */
  headline: string;
  greetingName: string;
  blocks: Block[];
  /** What happens next, in one sentence. */
  next: string;
}

/** A rendered email, ready for the mailer. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Where the renderer takes the frame of every email from: the brand, the claim, its page and the reader's language. */
export interface Frame {
  brand: Branding;
  claimId: string;
  trackingPageUrl: string;
  locale: string;
}

/** The label of the button every email ends with. */
export const TRACKING_PAGE_LABEL = 'Follow your claim online';

/** Keeps mail clients from pulling body text into the inbox preview after the preheader. */
const PREHEADER_FILLER = new SafeHtml('&#847;&zwnj;&nbsp;'.repeat(60));

/** Renders the content as a plain-text part and an HTML part. */
export function renderContent(content: EmailContent, frame: Frame): RenderedEmail {
  return { subject: content.subject, text: renderText(content, frame), html: renderHtml(content, frame) };
}

function renderText(content: EmailContent, frame: Frame): string {
  const body = content.blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return block.text;
      case 'facts':
        return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
      case 'link':
        return `${block.label}:\n${block.url}`;
      case 'steps':
        return [block.title, ...block.items.map((item, i) => `  ${i + 1}. ${item}`)].join('\n');
    }
  });
  return [
    `${frame.brand.companyName}: ${content.headline}`,
    `Hello ${content.greetingName},`,
    ...body,
    `What happens next: ${content.next}`,
    `${TRACKING_PAGE_LABEL}:\n${frame.trackingPageUrl}`,
    `--\nQuestions? Call ${frame.brand.supportPhone} or reply to this email (${frame.brand.supportEmail}).\n${frame.brand.companyName} · Claim ${frame.claimId}`,
  ].join('\n\n') + '\n';
}

function renderHtml(content: EmailContent, frame: Frame): string {
  const { page, fragments } = emailLayout(frame.brand);
  const piece = (name: FragmentName, values: Record<string, string | SafeHtml>) => fill(fragments[name], values);
  const brand = frame.brand.logoUrl
    ? piece('brand-logo', { company: frame.brand.companyName, logoUrl: frame.brand.logoUrl })
    : piece('brand-name', { company: frame.brand.companyName });
  const body = content.blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return piece('paragraph', { text: block.text });
      case 'facts':
        return piece('facts', { rows: factRows(block.rows) });
      case 'link':
        return piece('link', { label: block.label, url: block.url });
      case 'steps':
        return piece('steps', { title: block.title, items: new SafeHtml(block.items.map((item) => `<li style="margin:0 0 6px;">${escapeHtml(item)}</li>`).join('')) });
    }
  });
  body.push(piece('next', { text: content.next }), piece('button', { label: TRACKING_PAGE_LABEL, url: frame.trackingPageUrl }));
  // The page is filled before the slots get the (already filled) blocks, so text in the data is never read as a placeholder.
  const framed = fill(page, {
    subject: content.subject, preheader: content.preheader, preheaderFiller: PREHEADER_FILLER, lang: frame.locale,
    headline: content.headline, greeting: `Hello ${content.greetingName},`,
    company: frame.brand.companyName, phone: frame.brand.supportPhone, email: frame.brand.supportEmail, footnote: `Claim ${frame.claimId}`,
  });
  return framed.replace('<!--slot:brand-->', () => brand).replace('<!--slot:body-->', () => body.join(''));
}

function factRows(rows: Array<[string, string]>): SafeHtml {
  return new SafeHtml(rows.map(([label, value]) =>
    `<tr><th align="left" valign="top" style="padding:4px 12px 4px 0;width:40%;font-weight:600;">${escapeHtml(label)}</th>` +
    `<td valign="top" style="padding:4px 0;overflow-wrap:anywhere;word-break:break-word;">${escapeHtml(value)}</td></tr>`).join(''));
}
