/** API key configuration parsing and caller identification. */
import { devApiKeysSetting, hashApiKey, identifyCaller, isAllowed, parseApiKeys, DEV_API_KEYS } from '../../../client/api/api-keys';

describe('API keys', () => {
  const entries = parseApiKeys(`support:${hashApiKey('s-key')},shipping:sam:${hashApiKey('p-key')}`);

  it('identifies the caller of a configured key, with its role and name', () => {
    expect(identifyCaller(entries, 's-key')).toEqual({ role: 'support', name: 'support' });
    expect(identifyCaller(entries, 'p-key')).toEqual({ role: 'shipping', name: 'sam' });
  });

  it('refuses unknown and missing keys', () => {
    expect(identifyCaller(entries, 'nope')).toBeNull();
    expect(identifyCaller(entries, undefined)).toBeNull();
  });

  it('names each bad entry of API_KEYS', () => {
    expect(() => parseApiKeys('boss:abc,support:xyz')).toThrow(/API_KEYS\[0\]: role must be one of.*\n.*API_KEYS\[1\]: hash must be 64 hex digits/s);
  });

  it('lets admin use every role route and others only theirs', () => {
    expect(isAllowed({ role: 'admin', name: 'a' }, ['shipping'])).toBe(true);
    expect(isAllowed({ role: 'support', name: 's' }, ['shipping'])).toBe(false);
    expect(isAllowed({ role: 'shipping', name: 's' }, ['shipping', 'support'])).toBe(true);
  });

  it('builds a working setting for the documented dev keys', () => {
    const dev = parseApiKeys(devApiKeysSetting());
    expect(identifyCaller(dev, DEV_API_KEYS.supervisor)?.role).toBe('supervisor');
  });
});
