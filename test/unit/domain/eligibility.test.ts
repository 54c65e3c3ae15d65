/** The eligibility decision against the policy's edge cases. */
import { decideEligibility, decisionAtOpening, leaseActiveOn, STATUS_AFTER_DECISION, supervisorDecision, warrantyLastDay } from '../../../domain/eligibility';
import type { DeviceRecord, FaultKind } from '../../../domain/types';

const MAC = '00:15:65:AB:CD:EF';
const device = (overrides: Partial<DeviceRecord> = {}): DeviceRecord => ({
  mac: MAC, accountId: 'acct-1', model: 'T54W', channel: 'installation', purchasedOn: '2025-03-10', ...overrides,
});
const decide = (d: DeviceRecord | null, reportedOn: string, fault: FaultKind = 'defect') => decideEligibility({ mac: MAC, device: d, fault, reportedOn });
const lease = (startsOn: string, endsOn: string, contractId = 'L-1') => ({ contractId, startsOn, endsOn });

describe('warranty end date', () => {
  test('ends on the same calendar date one year later', () => {
    expect(warrantyLastDay('2025-03-10')).toBe('2026-03-10');
  });
  test('a 29 Feb purchase ends on 28 Feb', () => {
    expect(warrantyLastDay('2024-02-29')).toBe('2025-02-28');
  });
  test('a 28 Feb purchase before a leap year still ends on 28 Feb', () => {
    expect(warrantyLastDay('2027-02-28')).toBe('2028-02-28');
  });
});

describe('manufacturer warranty (defect)', () => {
  test.each(['installation', 'shipping-department', 'web-store'] as const)('a %s device within the year is approved', (channel) => {
    expect(decide(device({ channel }), '2025-09-01')).toMatchObject({ outcome: 'approved', rule: 'manufacturer-warranty', decidedOn: '2025-09-01' });
  });
  test('the last covered day is still covered', () => {
    expect(decide(device(), '2026-03-10').rule).toBe('manufacturer-warranty');
  });
  test('the day after the last covered day is denied', () => {
    expect(decide(device(), '2026-03-11')).toMatchObject({ outcome: 'denied', rule: 'warranty-expired-no-lease' });
  });
  test('29 Feb purchase: 28 Feb next year is covered, 1 Mar is not', () => {
    const leapDevice = device({ purchasedOn: '2024-02-29' });
    expect(decide(leapDevice, '2025-02-28').rule).toBe('manufacturer-warranty');
    expect(decide(leapDevice, '2025-03-01').rule).toBe('warranty-expired-no-lease');
  });
  test('the explanation names the dates support reads to the customer', () => {
    const { explanation } = decide(device(), '2026-03-11');
    expect(explanation).toContain('2026-03-10');
    expect(explanation).toContain('2025-03-10');
    expect(explanation).toContain('2026-03-11');
  });
});

describe('lease replacement program', () => {
  const leased = device({ purchasedOn: '2022-01-15', lease: lease('2022-01-15', '2027-01-14') });
  test('physical damage during the acquiring lease is approved', () => {
    const decision = decide(leased, '2026-06-01', 'physical-damage');
    expect(decision).toMatchObject({ outcome: 'approved', rule: 'lease-replacement-program' });
    expect(decision.explanation).toContain('L-1');
  });
  test('a defect after the warranty but during the lease is approved by the lease program', () => {
    expect(decide(leased, '2026-06-01').rule).toBe('lease-replacement-program');
  });
  test('lease boundaries: first and last day of the term count, the day after does not', () => {
    expect(decide(leased, '2022-01-15', 'physical-damage').rule).toBe('lease-replacement-program');
    expect(decide(leased, '2027-01-14', 'physical-damage').rule).toBe('lease-replacement-program');
    expect(decide(leased, '2027-01-15', 'physical-damage')).toMatchObject({ outcome: 'denied', rule: 'physical-damage-without-lease' });
    expect(decide(leased, '2027-01-15')).toMatchObject({ outcome: 'denied', rule: 'warranty-expired-no-lease' });
  });
  test('only the contract the device was acquired with counts (an ended acquiring lease is not rescued)', () => {
    const endedAcquiringLease = device({ purchasedOn: '2020-05-01', lease: lease('2020-05-01', '2023-04-30', 'L-OLD') });
    expect(leaseActiveOn(endedAcquiringLease, '2026-06-01')).toBe(false);
    expect(decide(endedAcquiringLease, '2026-06-01', 'physical-damage').rule).toBe('physical-damage-without-lease');
  });
  test('a lease that has not started yet does not count', () => {
    const future = device({ purchasedOn: '2022-01-15', lease: lease('2026-07-01', '2029-06-30') });
    expect(decide(future, '2026-06-01', 'physical-damage').rule).toBe('physical-damage-without-lease');
  });
  test('a lease does not extend the warranty: a defect within the year is decided by the warranty rule', () => {
    expect(decide(device({ lease: lease('2025-03-10', '2028-03-09') }), '2025-06-01').rule).toBe('manufacturer-warranty');
  });
});

describe('denials and review', () => {
  test('third-party purchase is denied even with an active lease and within the year', () => {
    const decision = decide(device({ channel: 'third-party', lease: lease('2025-01-01', '2028-01-01') }), '2025-06-01', 'physical-damage');
    expect(decision).toMatchObject({ outcome: 'denied', rule: 'third-party-not-covered' });
    expect(decide(device({ channel: 'third-party' }), '2025-06-01').rule).toBe('third-party-not-covered');
  });
  test('physical damage within the warranty year but without a lease is denied', () => {
    const decision = decide(device(), '2025-06-01', 'physical-damage');
    expect(decision).toMatchObject({ outcome: 'denied', rule: 'physical-damage-without-lease' });
    expect(decision.explanation).toMatch(/defects only/);
  });
  test('a device without any lease is told so (not that its lease is out of term)', () => {
    for (const decision of [decide(device(), '2025-06-01', 'physical-damage'), decide(device(), '2026-03-11')]) {
      expect(decision.explanation).toContain('this device was not acquired with a lease contract');
      expect(decision.explanation).not.toMatch(/lease contract this device was acquired with|in its term/);
    }
  });
  test('a device whose acquiring lease ended is told which contract and its term', () => {
    const ended = device({ purchasedOn: '2020-05-01', lease: lease('2020-05-01', '2023-04-30', 'L-OLD') });
    for (const decision of [decide(ended, '2026-06-01', 'physical-damage'), decide(ended, '2026-06-01')]) {
      expect(decision.explanation).toContain('the lease contract this device was acquired with (L-OLD, 2020-05-01 to 2023-04-30) is not in its term on 2026-06-01');
    }
  });
  test('an unknown device goes to review', () => {
    const decision = decide(null, '2025-06-01');
    expect(decision).toMatchObject({ outcome: 'review', rule: 'unknown-device-review' });
    expect(decision.explanation).toContain(MAC);
  });
  test('a registry record that could not be read goes to review, whatever else holds', () => {
    const decision = decideEligibility({ mac: MAC, device: null, fault: 'defect', reportedOn: '2025-06-01', registryProblem: 'purchasedOn: Invalid date' });
    expect(decision).toMatchObject({ outcome: 'review', rule: 'unknown-device-review' });
    expect(decision.explanation).toContain('purchasedOn: Invalid date');
  });
  test('a registry record with an impossible date goes to review instead of crashing', () => {
    expect(decide(device({ purchasedOn: '2025-02-29' }), '2025-06-01')).toMatchObject({ outcome: 'review', rule: 'unknown-device-review' });
  });
});

test('a supervisor decision keeps the written reason and who decided', () => {
  expect(supervisorDecision({ approve: true, reason: 'invoice 1234', supervisor: 'sup-1', decidedOn: '2025-06-02' })).toEqual({
    outcome: 'approved', rule: 'supervisor-approved', decidedBy: 'sup-1', decidedOn: '2025-06-02',
    explanation: 'A supervisor approved the claim after review: invoice 1234',
  });
  expect(supervisorDecision({ approve: false, reason: 'no proof', supervisor: 'sup-2', decidedOn: '2025-06-02' }).rule).toBe('supervisor-denied');
});

describe('the decision at opening (what POST /claims answers and the claim workflow decides first)', () => {
  const request = { mac: MAC, fault: 'defect' as const };
  test('is decided on the UTC day the claim was opened: the last covered day late in the evening in Dallas is the next UTC day', () => {
    expect(decisionAtOpening(request, '2026-03-10T23:59:59.999Z', { device: device() })).toMatchObject({ outcome: 'approved', decidedOn: '2026-03-10' });
    expect(decisionAtOpening(request, '2026-03-11T02:00:00.000Z', { device: device() })).toMatchObject({ outcome: 'denied', rule: 'warranty-expired-no-lease', decidedOn: '2026-03-11' });
  });
  test('an unknown device, or one whose record could not be read, goes to a supervisor (under review)', () => {
    const unknown = decisionAtOpening(request, '2025-09-01T10:00:00.000Z', { device: null });
    const unreadable = decisionAtOpening(request, '2025-09-01T10:00:00.000Z', { device: null, registryProblem: 'purchasedOn: not a date' });
    expect([unknown.outcome, unreadable.outcome].map((outcome) => STATUS_AFTER_DECISION[outcome])).toEqual(['under-review', 'under-review']);
    expect(unreadable.explanation).toContain('purchasedOn: not a date');
  });
  test('a third-party device is denied', () => {
    const decision = decisionAtOpening(request, '2025-09-01T10:00:00.000Z', { device: device({ channel: 'third-party' }) });
    expect([decision.rule, STATUS_AFTER_DECISION[decision.outcome]]).toEqual(['third-party-not-covered', 'denied']);
  });
});
