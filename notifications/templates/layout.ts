/**
 * The compiled MJML layout (layout/compiled.ts, from layout/email.mjml) cut into its page and block fragments once,
 * then filled per email: `{{name}}` with escaped text, `{{{name}}}` with HTML this module's callers built.
 */
import type { Branding } from '../branding';
import { COMPILED_EMAIL_LAYOUT } from './layout/compiled';

/** HTML that is already safe (built from escaped parts); anything else given to `fill` is escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
}

/** The block kinds of the layout, plus the two variants of the brand header. */
export type FragmentName = 'brand-logo' | 'brand-name' | 'paragraph' | 'button' | 'link' | 'facts' | 'steps' | 'next';

/** The layout for one branding: the page with its `brand` and `body` slots, and one template per fragment. */
export interface EmailLayout {
  page: string;
  fragments: Record<FragmentName, string>;
}

/** The accent colour stand-in and the URL stand-ins of email.mjml (MJML validates colours and URLs). */
const ACCENT_STAND_IN = /#0a0b0c/gi;
const URL_STAND_INS: Array<[RegExp, string]> = [
  [/https:\/\/logo\.example\/logo\.png/g, '{{logoUrl}}'],
  [/https:\/\/button\.example\//g, '{{url}}'],
  [/https:\/\/link\.example\//g, '{{url}}'],
  [/lang="x-lang"/g, 'lang="{{lang}}"'],
];
const FRAGMENT = /<!--begin:([a-z-]+)-->([\s\S]*?)<!--end:\1-->/g;
const PLACEHOLDER = /\{\{\{([a-zA-Z]+)\}\}\}|\{\{([a-zA-Z]+)\}\}/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes the five HTML-significant characters, so customer data can never become markup. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/** Fills the placeholders; a placeholder without a value is a template bug and throws. */
export function fill(template: string, values: Record<string, string | SafeHtml>): string {
  return template.replace(PLACEHOLDER, (_match, rawName: string | undefined, textName: string | undefined) => {
    const name = (rawName ?? textName)!;
    const value = values[name];
    if (value === undefined) throw new Error(`email layout: no value for {{${name}}}`);
    if (rawName !== undefined && !(value instanceof SafeHtml)) throw new Error(`email layout: {{{${name}}}} needs built HTML`);
    return value instanceof SafeHtml ? value.value : escapeHtml(value);
  });
}

const layouts = new Map<string, EmailLayout>();

/** The layout in the brand's accent colour (cut once per colour). */
export function emailLayout(brand: Pick<Branding, 'accentColor'>): EmailLayout {
  const cached = layouts.get(brand.accentColor);
  if (cached) return cached;
  let compiled = COMPILED_EMAIL_LAYOUT.replace(ACCENT_STAND_IN, brand.accentColor);
  for (const [standIn, placeholder] of URL_STAND_INS) compiled = compiled.replace(standIn, placeholder);
  const fragments: Partial<Record<FragmentName, string>> = {};
  const page = compiled.replace(FRAGMENT, (_match, name: FragmentName, body: string) => {
    fragments[name] = body;
    return '';
  });
  const layout = { page, fragments: fragments as Record<FragmentName, string> };
  layouts.set(brand.accentColor, layout);
  return layout;
}
