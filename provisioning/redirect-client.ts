/**
 * The zero-touch redirect client: registers a MAC with the vendor's redirect service (Yealink RPS, Poly ZTP,
 * Grandstream GDMS) so a factory-fresh phone is sent to the provider's provisioning server, and removes the entry of
 * a released MAC. It speaks one small REST shape, `PUT <base>/devices/<mac>` `{ "serverUrl": … }` and
 * `DELETE <base>/devices/<mac>` with a bearer token (the provisioning sandbox serves it); provisioning/README.md
 * says how each vendor's own API maps to these two calls.
 */
import { macFileStem } from './templates/files';
import { callWithRetries } from './http-call';
import type { RedirectService } from './port';

/** The service's base URL and token, and the provisioning server phones are sent to. */
export interface RedirectClientOptions {
  baseUrl: string;
  token: string;
  serverUrl: string;
  timeoutMs?: number;
  backoffMs?: number;
}

/** Builds the client. */
export function createRedirectClient(options: RedirectClientOptions): RedirectService {
  const deviceUrl = (mac: string) => `${options.baseUrl.replace(/\/+$/, '')}/devices/${macFileStem(mac)}`;
  const headers = () => ({ authorization: `Bearer ${options.token}`, 'content-type': 'application/json' });
  const timing = { ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}) };
  return {
    // Idempotent: PUT of the same entry.
    async register(mac) {
      await callWithRetries({ what: `registering ${mac} with the redirect service`, url: deviceUrl(mac), method: 'PUT', headers, body: JSON.stringify({ serverUrl: options.serverUrl }), ...timing });
    },
    // Idempotent: an entry already gone (404) is success.
    async remove(mac) {
      await callWithRetries({ what: `removing ${mac} from the redirect service`, url: deviceUrl(mac), method: 'DELETE', headers, alsoDone: [404], ...timing });
    },
  };
}
