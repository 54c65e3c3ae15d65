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

  it('never throws on malformed percent-escapes: the undecodable value is masked whole', () => {
    expect(maskUrl('/healthz?email=%')).toBe('/healthz?email=***');
    expect(maskUrl('/healthz?phone=%E0%A4%A')).toBe('/healthz?phone=***');
    expect(maskUrl('/healthz?Email=%zz&x=%')).toBe('/healthz?Email=***&x=%');
    expect(maskUrl('/claims?email=%C0%AF')).toBe('/claims?email=***');
    expect(maskUrl('/%E0%A4%A?%=%')).toBe('/%E0%A4%A?%=%');
  });

  it('masks query parameters named like secrets, by name pattern and case-insensitively', () => {
    const url = '/healthz?apiKey=k1&x-api-key=k2&password=p1&Secret=s1&access_token=t1&MyKey=k3&%74oken=t2&status=shipped';
    expect(maskUrl(url)).toBe('/healthz?apiKey=***&x-api-key=***&password=***&Secret=***&access_token=***&MyKey=***&%74oken=***&status=shipped');
    for (const secret of ['k1', 'k2', 'p1', 's1', 't1', 'k3', 't2']) expect(maskUrl(url)).not.toMatch(new RegExp(`=${secret}(&|$)`));
  });

  it('masks emails and phone numbers inside free text', () => {
    const masked = maskText('call +1 214 555 0101 or write to dana.whitfield@acme.example');
    expect(masked).toBe('call ***0101 or write to d***@acme.example');
    expect(masked).not.toContain('dana.whitfield');
  });
});
