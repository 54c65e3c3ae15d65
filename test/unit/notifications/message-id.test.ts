import { deterministicMessageId, outboxId } from '../../../notifications/message-id';
import { parseSendEmailInput } from '../../../notifications/input';

describe('deterministic message ids', () => {
  it('is the same for the same key and differs per kind and sequence', () => {
    const key = { claimId: 'CLM-1', kind: 'return-reminder', sequence: 1 };
    expect(deterministicMessageId(key, 'example.com')).toBe('<CLM-1.return-reminder.1@example.com>');
    expect(deterministicMessageId({ ...key, sequence: 2 }, 'example.com')).toBe('<CLM-1.return-reminder.2@example.com>');
    expect(outboxId(key)).toBe('CLM-1:return-reminder:1');
  });

  it('hashes a claim id that is not safe inside a Message-ID', () => {
    const id = deterministicMessageId({ claimId: 'a b<c>@d', kind: 'claim-received', sequence: 0 }, 'example.com');
    expect(id).toMatch(/^<h[0-9a-f]{32}\.claim-received\.0@example\.com>$/);
    expect(deterministicMessageId({ claimId: 'a b<c>@d', kind: 'claim-received', sequence: 0 }, 'example.com')).toBe(id);
  });
});

describe('parseSendEmailInput', () => {
  it('names every bad field with its reason', () => {
    const result = parseSendEmailInput({ claimId: '', kind: 'postcard', sequence: 1.5, to: 'nobody', timeZone: 'Mars/Olympus', data: { a: {} } });
    expect(result.ok).toBe(false);
    const problems = result.ok ? '' : result.problems.join('\n');
    expect(problems).toMatch(/^claimId: is required/m);
    expect(problems).toMatch(/^kind: must be one of claim-received/m);
    expect(problems).toMatch(/^sequence: must be a whole number/m);
    expect(problems).toMatch(/^to: must be an email address/m);
    expect(problems).toMatch(/^timeZone: must be an IANA time zone/m);
    expect(problems).toMatch(/^data\.a: /m);
  });
});
