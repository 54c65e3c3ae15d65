import type { Track } from 'shippo/models/components';
import { toTrackingSnapshot } from '../../../carrier/shippo-mapping';
import { stripNulls } from '../../../carrier/validation';
import { formatIssues } from '../../../schemas/issues';
import { tokensMatch } from '../../../carrier/webhook';

describe('carrier helpers', () => {
  it('strips nulls deeply and formats issues as field: reason', () => {
    expect(stripNulls({ a: null, b: { c: null, d: 1 }, e: [null, { f: null }] })).toEqual({ b: { d: 1 }, e: [{}] });
    expect(formatIssues([{ path: ['data', 'tracking_history', 0, 'status'], message: 'Invalid input', code: 'invalid_value', values: ['A', 'B'] }]))
      .toEqual(['data.tracking_history.0.status: must be one of A, B']);
    expect(formatIssues([{ path: [], message: 'bad' }], '(root)')).toEqual(['(root): bad']);
    expect(formatIssues([{ path: ['shipTo', 'city'], message: 'Invalid input: expected string, received undefined', code: 'invalid_type', expected: 'string' }]))
      .toEqual(['shipTo.city: is required']);
  });

  it('compares webhook tokens exactly', () => {
    expect(tokensMatch('secret-secret-secret', 'secret-secret-secret')).toBe(true);
    expect(tokensMatch('secret-secret-secreT', 'secret-secret-secret')).toBe(false);
    expect(tokensMatch(undefined, 'secret-secret-secret')).toBe(false);
    expect(tokensMatch('', 'secret-secret-secret')).toBe(false);
  });

  it('maps a Track to a snapshot, oldest first, without UNKNOWN scans or duplicate current status', () => {
    const at = (hour: number) => new Date(Date.UTC(2026, 10, 29, hour));
    const entry = (id: string, status: 'UNKNOWN' | 'TRANSIT' | 'PRE_TRANSIT', hour: number) => ({ objectId: id, objectCreated: at(hour), objectUpdated: at(hour), status, statusDetails: status, statusDate: at(hour) });
    const track: Track = {
      carrier: 'usps', trackingNumber: '9400', messages: [],
      trackingHistory: [entry('u', 'UNKNOWN', 1), entry('t', 'TRANSIT', 3), entry('p', 'PRE_TRANSIT', 2)],
      trackingStatus: entry('t', 'TRANSIT', 3),
    };
    const snapshot = toTrackingSnapshot(track);
    expect(snapshot.status).toBe('TRANSIT');
    expect(snapshot.history.map((checkpoint) => `${checkpoint.status}@${checkpoint.occurredAt}`)).toEqual(['PRE_TRANSIT@2026-11-29T02:00:00.000Z', 'TRANSIT@2026-11-29T03:00:00.000Z']);
  });
});

describe('stripNulls on hostile payloads', () => {
  it('copies a payload nested 100,000 deep without exhausting the stack, in key order', () => {
    let deep: unknown = [null, 1];
    for (let i = 0; i < 100_000; i++) deep = { z: deep, gone: null, a: [1] };
    const copy = stripNulls(deep) as Record<string, unknown>;
    expect(Object.keys(copy)).toEqual(['z', 'a']);
  });

  it('keeps a __proto__ key as a key: the copy’s prototype stays Object.prototype', () => {
    const copy = stripNulls(JSON.parse('{"__proto__":{"polluted":true},"b":null}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__']);
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
