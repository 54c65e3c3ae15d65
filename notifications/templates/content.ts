/** The shape every template returns, and its rendering to a plain-text and an HTML part (customer data escaped). */

/** One piece of an email body; templates compose these, the renderer turns them into text and HTML. */
export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'facts'; rows: Array<[label: string, value: string]> }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'steps'; title: string; items: string[] };

/** What a template produces before rendering: a subject, a greeting name and the body blocks. */
export interface EmailContent {
  subject: string;
  greetingName: string;
  blocks: Block[];
}

/** A rendered email, ready for the mailer. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** Who signs and where the customer can call; from the warranty policy. */
export const SIGNATURE = {
  team: 'SpectrumVoIP Replacements',
  phone: '(469) 429-2500',
} as const;

/** Escapes the five HTML-significant characters, so customer data can never become markup. */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Renders the content as a plain-text part and an HTML part. */
export function renderContent(content: EmailContent): RenderedEmail {
  return { subject: content.subject, text: renderText(content), html: renderHtml(content) };
}

function renderText(content: EmailContent): string {
  const body = content.blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return block.text;
      case 'facts':
        return block.rows.map(([label, value]) => `${label}: ${value}`).join('\n');
      case 'link':
        return `${block.label}: ${block.url}`;
      case 'steps':
        return [block.title, ...block.items.map((item, i) => `  ${i + 1}. ${item}`)].join('\n');
    }
  });
  const signature = `${SIGNATURE.team}\nQuestions? Call us at ${SIGNATURE.phone}.`;
  return [`Hello ${content.greetingName},`, ...body, signature].join('\n\n') + '\n';
}

function renderHtml(content: EmailContent): string {
  const body = content.blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return `<p>${escapeHtml(block.text)}</p>`;
      case 'facts':
        return `<table>${block.rows.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</table>`;
      case 'link':
        return `<p><a href="${escapeHtml(block.url)}">${escapeHtml(block.label)}</a></p>`;
      case 'steps':
        return `<p><strong>${escapeHtml(block.title)}</strong></p><ol>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ol>`;
    }
  });
  return [
    '<!doctype html>',
    `<html><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="font-family: Arial, sans-serif; line-height: 1.5">',
    `<p>Hello ${escapeHtml(content.greetingName)},</p>`,
    ...body,
    `<p>${escapeHtml(SIGNATURE.team)}<br>Questions? Call us at ${escapeHtml(SIGNATURE.phone)}.</p>`,
    '</body></html>',
  ].join('\n');
}
