/** Claim status transitions, carrier status order and the deterministic workflow id. */
import { claimWorkflowId } from '../../../domain/ids';
import { assertTransition, cancelRefusal, canTransition, isTerminalStatus, nextStatuses, TERMINAL_STATUSES } from '../../../domain/status';
import { advancesTracking, isCarrierScan, isFinalStatus, trackingRank } from '../../../domain/tracking';
import { claimStatuses, type ClaimStatus } from '../../../domain/types';

test('the main path is a chain of allowed transitions', () => {
  const path: ClaimStatus[] = ['received', 'approved', 'awaiting-shipment', 'shipped', 'delivered', 'return-in-transit', 'return-received', 'closed'];
  for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
});

test('terminal statuses allow nothing', () => {
  for (const status of TERMINAL_STATUSES) {
    expect(isTerminalStatus(status)).toBe(true);
    expect(nextStatuses(status)).toEqual([]);
  }
  expect(isTerminalStatus('delivered')).toBe(false);
});

test('cancel is possible until hand-over, not after', () => {
  for (const status of ['received', 'under-review', 'approved', 'backordered', 'address-problem', 'awaiting-shipment'] as const) {
    expect(canTransition(status, 'cancelled')).toBe(true);
  }
  for (const status of ['shipped', 'delivered', 'return-overdue', 'return-in-transit'] as const) {
    expect(canTransition(status, 'cancelled')).toBe(false);
  }
});

test('the claim never moves back, and an illegal move names both statuses', () => {
  expect(canTransition('delivered', 'shipped')).toBe(false);
  expect(canTransition('return-in-transit', 'delivered')).toBe(false);
  expect(() => assertTransition('closed', 'shipped')).toThrow('claim status cannot move from "closed" to "shipped"; allowed: none (terminal)');
  expect(() => assertTransition('return-overdue', 'closed-unreturned')).not.toThrow();
});

test('carrier status order: an older status never advances a leg', () => {
  expect(advancesTracking(undefined, 'PRE_TRANSIT')).toBe(true);
  expect(advancesTracking(undefined, 'UNKNOWN')).toBe(false);
  expect(advancesTracking('PRE_TRANSIT', 'TRANSIT')).toBe(true);
  expect(advancesTracking('TRANSIT', 'DELIVERED')).toBe(true);
  expect(advancesTracking('DELIVERED', 'TRANSIT')).toBe(false);
  expect(advancesTracking('TRANSIT', 'PRE_TRANSIT')).toBe(false);
  expect(advancesTracking('TRANSIT', 'TRANSIT')).toBe(false);
  expect(advancesTracking('FAILURE', 'DELIVERED')).toBe(true);
  expect(advancesTracking('DELIVERED', 'RETURNED')).toBe(false);
  expect(['UNKNOWN', 'PRE_TRANSIT', 'TRANSIT', 'FAILURE', 'DELIVERED'].map((s) => trackingRank(s as never))).toEqual([0, 1, 2, 3, 4]);
  expect(trackingRank('RETURNED')).toBe(trackingRank('DELIVERED'));
});

test('a leg is done tracking once delivered or returned to sender', () => {
  expect(['PRE_TRANSIT', 'TRANSIT', 'FAILURE', 'DELIVERED', 'RETURNED', 'UNKNOWN'].filter((s) => isFinalStatus(s as never))).toEqual(['DELIVERED', 'RETURNED']);
});

test('a carrier scan is anything past the label', () => {
  expect(isCarrierScan('PRE_TRANSIT')).toBe(false);
  expect(isCarrierScan('UNKNOWN')).toBe(false);
  expect(isCarrierScan('TRANSIT')).toBe(true);
});

test('claimWorkflowId is deterministic from the normal-form MAC', () => {
  expect(claimWorkflowId('00:15:65:AB:CD:EF')).toBe('claim-001565ABCDEF');
});

test('a cancel is allowed exactly where the lifecycle allows moving to cancelled, and refused with the reason elsewhere', () => {
  for (const status of claimStatuses) expect([status, cancelRefusal({ status }) === null]).toEqual([status, canTransition(status, 'cancelled')]);
  expect(cancelRefusal({ status: 'awaiting-shipment', handedOverAt: '2026-11-30T10:00:00.000Z' })).toBe('cannot cancel: the replacement was handed to the carrier on 2026-11-30T10:00:00.000Z');
  expect(cancelRefusal({ status: 'delivered' })).toBe('cannot cancel: the replacement was handed to the carrier on an earlier date');
  expect(cancelRefusal({ status: 'denied' })).toBe('cannot cancel: the claim is already denied');
});
