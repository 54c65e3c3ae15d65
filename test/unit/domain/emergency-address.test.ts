/** The E911 comparison: the same dispatchable location whatever the spelling; another suite, floor, street or ZIP is not. */
import { formatEmergencyAddress, sameDispatchableLocation, type EmergencyAddress } from '../../../domain/emergency-address';
import type { PostalAddress } from '../../../domain/types';

const registered: EmergencyAddress = { street1: '1401 Elm Street', street2: 'Suite 300', city: 'Dallas', state: 'TX', postalCode: '75202', country: 'US' };
const shipTo = (overrides: Partial<PostalAddress>): PostalAddress => ({
  name: 'Dana Whitfield', company: 'Acme Dental', street1: '1401 Elm St.', street2: 'Ste 300', city: 'DALLAS', state: 'tx', postalCode: '75202-1234', country: 'US', ...overrides,
});

test('spelling variants of the same place are the same location (USPS abbreviations, case, punctuation, ZIP+4, "#")', () => {
  expect(sameDispatchableLocation(registered, shipTo({}))).toBe(true);
  expect(sameDispatchableLocation(registered, shipTo({ street2: '#300' }))).toBe(true);
  expect(sameDispatchableLocation(registered, shipTo({ street2: 'suite   300' }))).toBe(true);
  expect(sameDispatchableLocation({ ...registered, street1: '200 North Main Avenue', street2: undefined }, shipTo({ street1: '200 N. Main Ave', street2: undefined }))).toBe(true);
});

test('another suite or floor, street number, city or ZIP is another dispatchable location', () => {
  expect(sameDispatchableLocation(registered, shipTo({ street2: 'Suite 310' }))).toBe(false);
  expect(sameDispatchableLocation(registered, shipTo({ street2: undefined }))).toBe(false);
  expect(sameDispatchableLocation(registered, shipTo({ street1: '1410 Elm St' }))).toBe(false);
  expect(sameDispatchableLocation(registered, shipTo({ city: 'Plano' }))).toBe(false);
  expect(sameDispatchableLocation(registered, shipTo({ postalCode: '75201' }))).toBe(false);
  expect(sameDispatchableLocation(registered, shipTo({ country: 'CA' }))).toBe(false);
});

test('outside the US the whole postcode counts (spaces aside)', () => {
  const toronto: EmergencyAddress = { street1: '100 King St W', city: 'Toronto', state: 'ON', postalCode: 'M5X 1A9', country: 'CA' };
  expect(sameDispatchableLocation(toronto, { name: 'x', street1: '100 King Street West', city: 'Toronto', state: 'ON', postalCode: 'm5x1a9', country: 'CA' })).toBe(true);
  expect(sameDispatchableLocation(toronto, { name: 'x', street1: '100 King Street West', city: 'Toronto', state: 'ON', postalCode: 'M5X 1A8', country: 'CA' })).toBe(false);
});

test('the address reads on one line', () => {
  expect(formatEmergencyAddress(registered)).toBe('1401 Elm Street, Suite 300, Dallas, TX 75202, US');
  expect(formatEmergencyAddress({ ...registered, street2: undefined })).toBe('1401 Elm Street, Dallas, TX 75202, US');
});
