import { amountInTenThousandths, chooseRate, compareRates } from '../../../carrier/rate-policy';
import type { RateOption } from '../../../carrier/port';

function rate(id: string, carrier: string, serviceLevel: string, amount: string, estimatedDays?: number, currency = 'USD'): RateOption {
  return { rateId: id, shipmentId: 's', carrier, serviceLevel, serviceName: serviceLevel, amount, currency, ...(estimatedDays ? { estimatedDays } : {}) };
}

const rates = [
  rate('r1', 'USPS', 'usps_priority', '9.35', 2),
  rate('r2', 'USPS', 'usps_ground_advantage', '7.85', 5),
  rate('r3', 'UPS', 'ups_ground', '7.85', 5),
  rate('r4', 'UPS', 'ups_next_day_air', '42.10', 1),
  rate('r5', 'DHL Express', 'dhl_express_worldwide', '6.00', 3, 'EUR'),
];

describe('rate policy', () => {
  it('reads decimal amounts exactly and rejects unreadable ones', () => {
    expect(amountInTenThousandths('7.85')).toBe(78_500);
    expect(amountInTenThousandths('10')).toBe(100_000);
    expect(amountInTenThousandths('0.1')).toBe(1_000);
    expect(amountInTenThousandths('7,85')).toBeNaN();
  });

  it('picks the cheapest allowed rate in the policy currency', () => {
    expect(chooseRate(rates, {})?.rateId).toBe('r3');
    expect(chooseRate(rates, { currency: 'EUR' })?.rateId).toBe('r5');
  });

  it('breaks ties by estimated days, then carrier, service level and rate id, whatever the input order', () => {
    const reversed = [...rates].reverse();
    expect(chooseRate(reversed, {})?.rateId).toBe(chooseRate(rates, {})?.rateId);
    const faster = rate('r6', 'USPS', 'usps_ground_advantage', '7.85', 3);
    expect(chooseRate([...rates, faster], {})?.rateId).toBe('r6');
    expect(compareRates(rate('b', 'UPS', 'x', '1'), rate('a', 'UPS', 'x', '1'))).toBeGreaterThan(0);
  });

  it('honours allowed carriers and service levels (case-insensitive) and the required carrier of a return', () => {
    expect(chooseRate(rates, { allowedCarriers: ['usps'] })?.rateId).toBe('r2');
    expect(chooseRate(rates, { allowedServiceLevels: ['USPS_PRIORITY', 'ups_next_day_air'] })?.rateId).toBe('r1');
    expect(chooseRate(rates, {}, 'UPS')?.rateId).toBe('r3');
    expect(chooseRate(rates, { allowedCarriers: ['USPS'] }, 'UPS')).toBeNull();
    expect(chooseRate([], {})).toBeNull();
  });
});
