/** Masking of personal data and secrets in log lines. */
import { maskEmail, maskPhone, maskText, maskUrl } from '../../../client/api/redact';

describe('log masking', () => {
  it('keeps only the first letter and the domain of an email', () => {
    expect(maskEmail('dana.whitfield@acme.example')).toBe('d***@acme.example');
    expect(maskEmail('not-an-email')).toBe('***');
  });

  it('keeps only the last four digits of a phone number', () => {
    expect(maskPhone('+1 214 555 0101')).toBe('***0101');
  });

  it('masks tracking tokens, webhook tokens and emails in URLs', () => {
    expect(maskUrl('/track/AbCdEf0123456789abcdefgh.json')).toBe('/track/***');
    expect(maskUrl('/webhooks/shippo?token=super-secret-value&x=1')).toBe('/webhooks/shippo?token=***&x=1');
    expect(maskUrl('/claims?email=dana.whitfield%40acme.example&status=shipped')).toBe('/claims?email=d***@acme.example&status=shipped');
  });

  it('masks emails and phone numbers inside free text', () => {
    const masked = maskText('call +1 214 555 0101 or write to dana.whitfield@acme.example');
    expect(masked).toBe('call ***0101 or write to d***@acme.example');
    expect(masked).not.toContain('dana.whitfield');
  });
});
