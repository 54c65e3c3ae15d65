/**
 * The provisioning port: what the claim needs to move an extension's identity from the defective phone's MAC to the
 * replacement's, independent of how the provider provisions phones (a directory its provisioning server serves, or
 * its own PBX told by a signed webhook). Every operation is idempotent for the same move: a retry after a crash
 * changes nothing that was done, and the credentials of an extension are rotated once per move.
 */
import type { MacAddress } from '../domain/types';

/** A phone family the product renders configuration files for. */
export type PhoneVendor = 'yealink' | 'poly' | 'grandstream';

/** A programmable key: busy-lamp field, speed dial, or a line appearance. */
export interface LineKey {
  type: 'blf' | 'speed-dial' | 'line';
  value: string;
  label?: string;
}

/** What an extension's phone is configured with (the registry's provisioning record, without the E911 address). */
export interface ExtensionProfile {
  accountId: string;
  extension: string;
  sipUser: string;
  /** `host` or `host:port`. */
  sipServer: string;
  displayName: string;
  lineKeys: LineKey[];
}

/** One claim's move of an extension from the defective MAC to the replacement's. */
export interface IdentityMove {
  /** Names the move (the claim id): the idempotency key of every step. */
  moveId: string;
  profile: ExtensionProfile;
  /** The defective device. */
  from: { mac: MacAddress };
  /** The replacement and the family of its model. */
  to: { mac: MacAddress; vendor: PhoneVendor };
}

/** The provider's provisioning system, as the claim uses it. */
export interface ProvisioningPort {
  /** Puts the extension's configuration on the replacement's MAC; returns what was done, for the timeline. */
  assign(move: IdentityMove): Promise<string>;
  /** Rotates the extension's SIP credentials, once per move (the replacement gets the new ones); returns what was done. */
  rotateCredentials(move: IdentityMove): Promise<string>;
  /** Removes the defective MAC's configuration; returns what was done. */
  release(move: IdentityMove): Promise<string>;
}

/** A vendor's zero-touch redirect service (Yealink RPS, Poly ZTP, Grandstream GDMS): MAC → provisioning server URL. */
export interface RedirectService {
  /** Maps `mac` to the provider's provisioning server (idempotent: the same entry again changes nothing). */
  register(mac: MacAddress): Promise<void>;
  /** Removes the entry of `mac` (idempotent: none left is success). */
  remove(mac: MacAddress): Promise<void>;
}
