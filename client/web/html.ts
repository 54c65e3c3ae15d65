/** HTML building blocks for the server-rendered pages: escaping, the page shell (no external assets) and its CSP. */
import { createHash } from 'node:crypto';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (char) => ENTITIES[char]!);
}

/** Tagged template: interpolated values are escaped unless wrapped in `raw()`. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): RawHtml {
  return new RawHtml(strings.reduce((out, part, i) => out + part + (i < values.length ? render(values[i]) : ''), ''));
}

/** Already-safe HTML. */
export class RawHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Marks trusted markup as safe (only for markup built by this module). */
export const raw = (value: string): RawHtml => new RawHtml(value);

function render(value: unknown): string {
  if (value instanceof RawHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(value);
}

const baseStyle = `
*{box-sizing:border-box}body{font:18px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1b1d21}
header{background:#17324d;color:#fff;padding:14px 20px;display:flex;justify-content:space-between;align-items:center;gap:12px}
header h1{font-size:22px;margin:0}main{padding:16px 20px;max-width:1100px;margin:auto}
.card{background:#fff;border-radius:10px;padding:16px;margin:0 0 16px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
.overdue{border-left:8px solid #c62828}.due{border-left:8px solid #2e7d32}
.badge{display:inline-block;padding:3px 10px;border-radius:999px;font-size:15px;font-weight:600;background:#e3e8ef}
.badge.red{background:#c62828;color:#fff}.badge.green{background:#2e7d32;color:#fff}
button,.button{font-size:18px;min-height:52px;min-width:120px;padding:10px 20px;border:0;border-radius:8px;background:#1565c0;color:#fff;cursor:pointer;text-decoration:none;display:inline-flex;align-items:center;justify-content:center}
button.secondary,.button.secondary{background:#546e7a}
input,select,textarea{font-size:18px;min-height:52px;padding:8px 12px;border:2px solid #90a4ae;border-radius:8px;width:100%}
input:invalid:not(:placeholder-shown){border-color:#c62828}
label{display:block;font-weight:600;margin:10px 0 4px}.row{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-end}.row>*{flex:1 1 220px}
.flash{padding:12px 16px;border-radius:8px;margin-bottom:16px;font-weight:600}.flash.ok{background:#e8f5e9;color:#1b5e20}.flash.error{background:#ffebee;color:#b71c1c}
.field-error{color:#b71c1c;font-size:16px;min-height:1.2em}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:6px 8px;border-bottom:1px solid #e0e0e0}
a{color:#0d47a1}`;

/**
 * The Content-Security-Policy of a page: nothing external, forms post only here, no framing, and inline script only
 * when its exact text is the page's own (sha256 hash), so injected markup could not run script even if it slipped through;
 * images also from `imageOrigins` (the configured logo's origin).
 */
export function contentSecurityPolicy(script?: string, imageOrigins: string[] = []): string {
  const scriptSrc = script ? `'sha256-${createHash('sha256').update(script).digest('base64')}'` : "'none'";
  return `default-src 'none'; style-src 'unsafe-inline'; img-src ${["'self'", ...imageOrigins].join(' ')}; script-src ${scriptSrc}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;
}

/**
 * A complete page: title, optional header actions, body. `script` is inline JS (same-origin, no external assets);
 * `header` replaces the default header content (title and actions), `style` is appended to the base style.
 */
export function page(options: { title: string; body: RawHtml; actions?: RawHtml; script?: string; header?: RawHtml; style?: string; lang?: string }): string {
  const header = options.header?.value ?? `<h1>${escapeHtml(options.title)}</h1>${options.actions?.value ?? ''}`;
  return `<!doctype html><html lang="${escapeHtml(options.lang ?? 'en')}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(options.title)}</title><style>${baseStyle}${options.style ?? ''}</style></head>
<body><header>${header}</header><main>${options.body.value}</main>
${options.script ? `<script>${options.script}</script>` : ''}</body></html>`;
}
