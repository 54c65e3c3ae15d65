/** Rate choice: a pure function of the offered rates and a configurable policy. */
import type { RateOption } from './port';

/** Which rates may be bought. Empty or missing lists allow everything. */
export interface RatePolicy {
  /** Carriers allowed, by provider name (case-insensitive), e.g. `['USPS', 'UPS']`. */
  allowedCarriers?: string[];
  /** Service level tokens allowed, e.g. `['usps_ground_advantage', 'ups_ground']`. */
  allowedServiceLevels?: string[];
  /** Currency the amounts must be in (default `USD`); rates in other currencies are ignored. */
  currency?: string;
}

/** Amount in the smallest unit the comparison needs (1/10000), from the carrier's decimal string; NaN when unreadable. */
export function amountInTenThousandths(amount: string): number {
  const match = /^(\d+)(?:\.(\d{1,4}))?$/.exec(amount.trim());
  if (!match) return Number.NaN;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(4, '0'));
  return whole * 10_000 + fraction;
}

function sameText(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** True when the rate passes the policy (and, when given, belongs to `requiredCarrier`). */
export function isRateAllowed(rate: RateOption, policy: RatePolicy, requiredCarrier?: string): boolean {
  const currency = policy.currency ?? 'USD';
  if (!sameText(rate.currency, currency)) return false;
  if (Number.isNaN(amountInTenThousandths(rate.amount))) return false;
  if (requiredCarrier && !sameText(rate.carrier, requiredCarrier)) return false;
  const carriers = policy.allowedCarriers ?? [];
  if (carriers.length > 0 && !carriers.some((carrier) => sameText(carrier, rate.carrier))) return false;
  const levels = policy.allowedServiceLevels ?? [];
  if (levels.length > 0 && !levels.some((level) => sameText(level, rate.serviceLevel))) return false;
  return true;
}

/** Orders rates cheapest first; ties broken by fewer estimated days, then carrier, service level and rate id. */
export function compareRates(a: RateOption, b: RateOption): number {
  const byAmount = amountInTenThousandths(a.amount) - amountInTenThousandths(b.amount);
  if (byAmount !== 0) return byAmount;
  const byDays = (a.estimatedDays ?? Number.MAX_SAFE_INTEGER) - (b.estimatedDays ?? Number.MAX_SAFE_INTEGER);
  if (byDays !== 0) return byDays;
  return (
    a.carrier.localeCompare(b.carrier, 'en') ||
    a.serviceLevel.localeCompare(b.serviceLevel, 'en') ||
    a.rateId.localeCompare(b.rateId, 'en')
  );
}

/** The cheapest allowed rate, or `null` when the policy allows none. Same input → same choice, whatever the order. */
export function chooseRate(rates: readonly RateOption[], policy: RatePolicy, requiredCarrier?: string): RateOption | null {
  const allowed = rates.filter((rate) => isRateAllowed(rate, policy, requiredCarrier));
  if (allowed.length === 0) return null;
  return [...allowed].sort(compareRates)[0] ?? null;
}
