/** Customer-page tokens: a new token names its claim (no lookup document); an older token names none. */
import { newTrackingToken } from '../../../data/claim-index';
import { claimIdNamedBy, TRACKING_TOKEN_PATTERN } from '../../../domain/ids';

describe('tracking tokens', () => {
  it('names the claim it was made for, with 144 random bits after it, in the accepted shape', () => {
    const token = newTrackingToken('RC-20261202-7KQ2M9');
    expect(token).toMatch(/^RC-20261202-7KQ2M9\.[A-Za-z0-9_-]{24}$/);
    expect(claimIdNamedBy(token)).toBe('RC-20261202-7KQ2M9');
    expect(TRACKING_TOKEN_PATTERN.test(token)).toBe(true);
    expect(newTrackingToken('RC-20261202-7KQ2M9')).not.toBe(token);
  });

  it('finds no claim id in an older token, nor in a dot without a full random part', () => {
    expect(claimIdNamedBy('AbCdEfGhIjKlMnOpQrStUvWx')).toBeUndefined(); // 24 characters alone: found through its lookup document
    expect(claimIdNamedBy('.AbCdEfGhIjKlMnOpQrStUvWx')).toBeUndefined();
    expect(claimIdNamedBy('RC-1.short')).toBeUndefined();
    expect(claimIdNamedBy('RC-1.AbCdEfGhIjKlMnOpQrStUvWx.json')).toBeUndefined();
  });
});
