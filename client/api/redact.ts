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

/** Query parameter names whose values are secrets: any name containing token, key, secret, password, passwd, pwd, auth, session, signature or credential. */
const SECRET_NAME = /token|key|secret|passw(or)?d|pwd|auth|session|signature|credential/i;

/** `decodeURIComponent` of a query part (`+` as space), or null when the text is not valid percent-encoded UTF-8. */
function decodeQueryPart(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

function maskParameter(pair: string): string {
  const equals = pair.indexOf('=');
  if (equals < 0) return pair;
  const rawName = pair.slice(0, equals);
  const name = decodeQueryPart(rawName) ?? rawName;
  const value = decodeQueryPart(pair.slice(equals + 1));
  if (SECRET_NAME.test(name)) return `${rawName}=***`;
  if (/e-?mail$/i.test(name)) return `${rawName}=${value === null ? '***' : maskEmail(value)}`;
  if (/phone/i.test(name)) return `${rawName}=${value === null ? '***' : maskPhone(value)}`;
  return pair;
}

/**
 * A request URL safe to log: the customer tracking token in the path, every query parameter named like a secret
 * (`token`, `apiKey`, `x-api-key`, `password`, …: by name pattern, case-insensitive) and any email or phone in the
 * query masked. Never throws: a value that is not valid percent-encoding is masked whole.
 */
export function maskUrl(url: string): string {
  const text = String(url);
  const hash = text.indexOf('#');
  const withoutFragment = hash < 0 ? text : text.slice(0, hash);
  const question = withoutFragment.indexOf('?');
  const path = (question < 0 ? withoutFragment : withoutFragment.slice(0, question)).replace(/^\/track\/[^/]+/, '/track/***');
  if (question < 0) return path;
  return `${path}?${withoutFragment.slice(question + 1).split('&').map(maskParameter).join('&')}`;
}

/** Masks every email address and phone-like number inside free text (e.g. an error message). */
export function maskText(text: string): string {
  return text
    .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, (email) => maskEmail(email))
    .replace(/\+?\d[\d ().-]{6,}\d/g, (phone) => maskPhone(phone));
}
