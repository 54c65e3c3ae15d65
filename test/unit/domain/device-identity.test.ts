/** Which MAC holds the extension when: provision at hand-over, release at the first boot, the return or the close. */
import { nextIdentityStep, releaseReason, retryDelayMs, type IdentityProgress } from '../../../domain/device-identity';

const handedOver: IdentityProgress = {
  originalMac: '00:15:65:AB:CD:EF', replacementMac: 'AA:BB:CC:DD:00:01', assigned: false, released: false,
  replacementOnline: false, returnReceived: false, claimEnded: false,
};

test('nothing moves before the hand-over recorded a replacement MAC, or when the same device comes back', () => {
  expect(nextIdentityStep({ ...handedOver, replacementMac: undefined })).toBe('done');
  expect(nextIdentityStep({ ...handedOver, replacementMac: handedOver.originalMac })).toBe('done');
});

test('the replacement is provisioned first, whatever else already happened', () => {
  expect(nextIdentityStep(handedOver)).toBe('assign');
  expect(nextIdentityStep({ ...handedOver, replacementOnline: true, returnReceived: true, claimEnded: true })).toBe('assign');
});

test('once provisioned, the defective MAC waits for the first boot, the return or the close; then it is released once', () => {
  const assigned = { ...handedOver, assigned: true };
  expect(nextIdentityStep(assigned)).toBe('wait');
  expect(nextIdentityStep({ ...assigned, replacementOnline: true })).toBe('release');
  expect(nextIdentityStep({ ...assigned, returnReceived: true })).toBe('release');
  expect(nextIdentityStep({ ...assigned, claimEnded: true })).toBe('release');
  expect(nextIdentityStep({ ...assigned, claimEnded: true, released: true })).toBe('done');
});

test('the release says why it happened, the first boot before the return before the close', () => {
  expect(releaseReason({ ...handedOver, replacementOnline: true, returnReceived: true })).toBe('the replacement fetched its configuration');
  expect(releaseReason({ ...handedOver, returnReceived: true, claimEnded: true })).toBe('the defective device was received');
  expect(releaseReason({ ...handedOver, claimEnded: true })).toBe('the claim closed without the replacement reporting in');
});

test('retries wait the first delay, then twice as long each time, up to the longest', () => {
  expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => retryDelayMs(n, 600_000, 86_400_000) / 60_000)).toEqual([10, 20, 40, 80, 160, 320, 640, 1280, 1440]);
  expect(retryDelayMs(500, 600_000, 86_400_000)).toBe(86_400_000);
  expect(retryDelayMs(1, 0, 1000)).toBe(1);
});
