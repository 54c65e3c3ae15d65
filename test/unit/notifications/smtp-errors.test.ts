import { classifySmtpError } from '../../../notifications/smtp-errors';

describe('classifySmtpError', () => {
  it.each([
    ['connection refused', { code: 'ESOCKET', originalCode: 'ECONNREFUSED', command: 'CONN' }, 'not-sent'],
    ['untrusted certificate', { code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT', command: 'CONN' }, 'not-sent'],
    ['expired certificate', { code: 'ESOCKET', originalCode: 'CERT_HAS_EXPIRED', command: 'CONN' }, 'not-sent'],
    ['greeting timeout', { code: 'ETIMEDOUT', timeoutType: 'GREETING_TIMEOUT', command: 'CONN' }, 'not-sent'],
    ['451 at end of data', { code: 'EMESSAGE', responseCode: 451, command: 'DATA' }, 'not-sent'],
    ['421 shutting down', { code: 'ECONNECTION', responseCode: 421, command: 'CONN' }, 'not-sent'],
    ['503 bad sequence', { code: 'EPROTOCOL', responseCode: 503, command: 'RSET' }, 'not-sent'],
    ['535 bad login (configuration)', { code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' }, 'not-sent'],
    ['530 authentication required at MAIL FROM', { code: 'EENVELOPE', responseCode: 530, command: 'MAIL FROM' }, 'not-sent'],
    ['550 mailbox unavailable', { code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }, 'rejected'],
    ['554 message refused', { code: 'EMESSAGE', responseCode: 554, command: 'DATA' }, 'rejected'],
    ['invalid recipient before connecting', { code: 'EENVELOPE', command: 'API' }, 'rejected'],
    ['connection closed mid-transaction', { code: 'ECONNECTION', command: 'CONN' }, 'unknown'],
    ['socket timeout', { code: 'ETIMEDOUT', timeoutType: 'SOCKET_TIMEOUT', command: 'CONN' }, 'unknown'],
    ['not an error object', 'boom', 'unknown'],
  ])('%s → %s', (_name, error, expected) => {
    expect(classifySmtpError(error)).toBe(expected);
  });
});
