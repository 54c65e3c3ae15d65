/** Sorts an SMTP send failure into what it means for the message: surely not sent, refused for good, or unknown. */

/**
 * `not-sent`: the server never took the message (no connection, 4xx, auth/TLS set-up failed) — retry.
 * `rejected`: the server refused the message with a permanent 5xx — do not retry.
 * `unknown`: the connection broke without a reply while the message may have been transmitted — it may have arrived.
 */
export type SmtpFailureOutcome = 'not-sent' | 'rejected' | 'unknown';

/** The fields nodemailer puts on its errors that the classification reads. */
export interface SmtpErrorLike {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  timeoutType?: string;
  command?: string;
}

/** Failures that happen before a connection exists: nothing can have been transmitted. */
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
/** TLS handshake failures (untrusted or expired certificate, protocol mismatch): before any SMTP command. */
const TLS_HANDSHAKE_CODE = /CERT|SELF_SIGNED|SIGNATURE|^ERR_SSL_|^ERR_TLS_|^EPROTO$/;
const SETUP_TIMEOUTS = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']);
const SETUP_ERROR_CODES = new Set(['EAUTH', 'ENOAUTH', 'ETLS', 'EDNS', 'ECONFIG', 'EREQUIRETLS']);
/** 5xx replies about authentication (RFC 4954): the mailer's configuration is wrong, not the message. */
const AUTH_REPLY_CODES = new Set([530, 534, 535, 538]);

/** Classifies a nodemailer SMTP error (see `SmtpFailureOutcome`). */
export function classifySmtpError(error: unknown): SmtpFailureOutcome {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpErrorLike;
  // Auth and TLS problems are configuration, not the message's fault: never "rejected", always retryable.
  if (e.code && SETUP_ERROR_CODES.has(e.code)) return 'not-sent';
  if (typeof e.responseCode === 'number') {
    if (AUTH_REPLY_CODES.has(e.responseCode)) return 'not-sent';
    // An explicit reply means the server did not take the message. 503 is a session-state error (RFC 5321), retryable.
    return e.responseCode >= 500 && e.responseCode < 600 && e.responseCode !== 503 ? 'rejected' : 'not-sent';
  }
  if (e.originalCode && (CONNECT_CODES.has(e.originalCode) || TLS_HANDSHAKE_CODE.test(e.originalCode))) return 'not-sent';
  if (e.timeoutType && SETUP_TIMEOUTS.has(e.timeoutType)) return 'not-sent';
  // Refused by nodemailer itself before talking to the server: a malformed envelope never goes through.
  if (e.command === 'API') return e.code === 'EENVELOPE' || e.code === 'EMESSAGE' ? 'rejected' : 'not-sent';
  return 'unknown';
}
