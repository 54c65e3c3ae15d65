/** Masks personal data and secrets before anything is logged: emails, phone numbers, tracking and webhook tokens. */

/** `dana.whitfield@acme.example` → `d***@acme.example`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** `+1 214 555 0101` → `***0101` (last four digits only). */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `***${digits.slice(-4)}`;
}

/** A request URL with the customer tracking token, the webhook token and any email or phone in the query masked. */
export function maskUrl(url: string): string {
  return url
    .replace(/^\/track\/[^/?#]+/, '/track/***')
    .replace(/([?&](?:token|key|api_key)=)[^&#]*/gi, '$1***')
    .replace(/([?&]email=)([^&#]*)/gi, (_match, prefix: string, value: string) => `${prefix}${maskEmail(decodeURIComponent(value))}`)
    .replace(/([?&]phone=)([^&#]*)/gi, (_match, prefix: string, value: string) => `${prefix}${maskPhone(decodeURIComponent(value))}`);
}

/** Masks every email address and phone-like number inside free text (e.g. an error message). */
export function maskText(text: string): string {
  return text
    .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, (email) => maskEmail(email))
    .replace(/\+?\d[\d ().-]{6,}\d/g, (phone) => maskPhone(phone));
}
