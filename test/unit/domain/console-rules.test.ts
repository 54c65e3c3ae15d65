/** The console's pure rules: the repeat-claim flag, the coverage preview, the work queues and the cancel refusal. */
import { coveragePreview } from '../../../domain/coverage';
import { decideEligibility } from '../../../domain/eligibility';
import { repeatClaimFlag, repeatIfOpenedNow } from '../../../domain/repeat-claim';
import { cancelRefusal } from '../../../domain/status';
import { taskKinds } from '../../../domain/types';
import { attentionOfTimelineKey, kindsOfQueue, TASK_QUEUE } from '../../../domain/work-queues';
import { emailOutcomeKey, emailOutcomeOfKey } from '../../../domain/email-outcomes';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();

describe('the repeat-claim flag', () => {
  it('flags two claims within 90 days, not two 90 days apart, and ignores claims after the moment read', () => {
    expect(repeatClaimFlag({ at: day(100), claimsOpenedAt: [day(20), day(100)] })).toEqual({ repeat: true, reasons: ['2 claims on this device in the last 90 days'] });
    expect(repeatClaimFlag({ at: day(110), claimsOpenedAt: [day(20), day(110)] }).repeat).toBe(false);
    expect(repeatClaimFlag({ at: day(30), claimsOpenedAt: [day(30), day(40)] }).repeat).toBe(false);
  });

  it('flags a claim on a replacement under 30 days old, not one at 30 days', () => {
    expect(repeatClaimFlag({ at: day(12), claimsOpenedAt: [day(12)], replacementShippedAt: day(1) }))
      .toEqual({ repeat: true, reasons: ['a claim 11 days after this replacement shipped (under 30 days)'] });
    expect(repeatClaimFlag({ at: day(31), claimsOpenedAt: [day(31)], replacementShippedAt: day(1) }).repeat).toBe(false);
    expect(repeatClaimFlag({ at: day(2), claimsOpenedAt: [day(2)], replacementShippedAt: day(1) }).reasons).toEqual(['a claim 1 day after this replacement shipped (under 30 days)']);
  });

  it('says whether a claim opened now would be a repeat', () => {
    expect(repeatIfOpenedNow({ at: day(50), claimsOpenedAt: [day(10)] })?.reasons).toEqual(['2 claims on this device in the last 90 days']);
    expect(repeatIfOpenedNow({ at: day(150), claimsOpenedAt: [day(10)] })).toBeNull();
  });
});

describe('the coverage preview', () => {
  const device = { mac: '00:15:65:AB:CD:EF', accountId: 'A-1', model: 'm', channel: 'installation' as const, purchasedOn: '2025-06-01' };
  it('is what the claim would record for each fault (the same rules, the same sentence)', () => {
    const preview = coveragePreview(device.mac, device, '2026-01-15');
    expect(preview.defect).toEqual(decideEligibility({ mac: device.mac, device, fault: 'defect', reportedOn: '2026-01-15' }));
    expect(preview['physical-damage'].rule).toBe('physical-damage-without-lease');
    expect(coveragePreview(device.mac, null, '2026-01-15').defect.outcome).toBe('review');
    expect(coveragePreview(device.mac, null, '2026-01-15', 'lease L-9 missing').defect.explanation).toContain('lease L-9 missing');
  });
});

describe('the work queues', () => {
  it('gives every task kind one queue, and the support and supervisor queues their kinds', () => {
    expect(Object.keys(TASK_QUEUE).sort()).toEqual([...taskKinds].sort());
    expect(kindsOfQueue('support')).toEqual(['fix-address', 'backorder-escalation', 'provisioning-problem', 'confirm-emergency-address']);
    expect(kindsOfQueue('supervisor')).toEqual(['review-device']);
    expect(kindsOfQueue('shipping')).toEqual(['pick-pack-ship', 'receive-return']);
  });

  it('puts carrier trouble and emails that may not have arrived on support’s attention list', () => {
    expect(['outbound-failure', 'outbound-returned', 'email-unconfirmed-replacement-shipped-1', 'email-rejected-claim-received-1', 'email-failed-return-reminder-2', 'status-shipped', 'label-outbound']
      .map(attentionOfTimelineKey)).toEqual(['carrier-trouble', 'carrier-trouble', 'email-problem', 'email-problem', 'email-problem', null, null]);
  });

  it('leaves a sent email, and keys that only look like an email outcome, off the list', () => {
    expect(['email-sent-replacement-shipped-1', 'email-bounced-claim-received-1', 'emails-unconfirmed-x']
      .map(attentionOfTimelineKey)).toEqual([null, null, null]);
    expect(emailOutcomeKey('sent', 'return-reminder', 2)).toBe('email-sent-return-reminder-2');
    expect(emailOutcomeOfKey(emailOutcomeKey('unconfirmed', 'claim-denied', 1))).toBe('unconfirmed');
  });
});

describe('the cancel refusal', () => {
  it('refuses after hand-over or once finished, in the workflow’s words, and allows it before', () => {
    expect(cancelRefusal({ status: 'shipped', handedOverAt: '2026-01-02T10:00:00.000Z' })).toBe('cannot cancel: the replacement was handed to the carrier on 2026-01-02T10:00:00.000Z');
    expect(cancelRefusal({ status: 'delivered' })).toBe('cannot cancel: the replacement was handed to the carrier on an earlier date');
    expect(cancelRefusal({ status: 'denied' })).toBe('cannot cancel: the claim is already denied');
    expect(cancelRefusal({ status: 'awaiting-shipment' })).toBeNull();
  });
});
