/** `ApplicationFailure` types thrown by activities and handled by the workflow. No runtime dependencies. */
export const FailureTypes = {
  /** The carrier says the ship-to address is not deliverable; support must correct it. */
  InvalidAddress: 'InvalidAddress',
  /** The carrier offers no rate the rate policy allows. */
  NoRates: 'NoRates',
  /** The carrier refused the purchase for a reason that retrying won't change. */
  CarrierRejected: 'CarrierRejected',
  /** Credentials or account set-up are wrong; an operator must fix configuration. */
  CarrierConfiguration: 'CarrierConfiguration',
  /** A stored or received document failed validation. */
  InvalidData: 'InvalidData',
  /** A human step arrived when the claim could no longer take it (e.g. a cancel after the claim ended). */
  InvalidState: 'InvalidState',
} as const;

/** One of the failure type names above. */
export type FailureType = (typeof FailureTypes)[keyof typeof FailureTypes];

/**
 * What a carrier refusal carries for support, as the failure's first detail: the reason in plain words (the carrier's
 * own text, without HTTP codes or SDK names), shown on the claim and on support's task.
 */
export interface RefusalDetails {
  reason: string;
}
