/**
 * The extension's registered emergency (E911) address against the ship-to: when they are not the same dispatchable
 * location (street, suite or floor, city, state, ZIP), support confirms where the phone will be used. Pure rules.
 */
import type { PostalAddress } from './types';

/** A dispatchable location as the registry holds it for an extension (street and suite/floor, city, state, ZIP, country). */
export type EmergencyAddress = Pick<PostalAddress, 'street1' | 'street2' | 'city' | 'state' | 'postalCode' | 'country'>;

/** USPS street-suffix and unit abbreviations (Publication 28) used in the comparison, so `Street` equals `St`. */
const ABBREVIATIONS: Record<string, string> = {
  street: 'st', avenue: 'ave', boulevard: 'blvd', road: 'rd', drive: 'dr', lane: 'ln', court: 'ct', place: 'pl',
  parkway: 'pkwy', highway: 'hwy', circle: 'cir', terrace: 'ter', square: 'sq', suite: 'ste', floor: 'fl',
  building: 'bldg', apartment: 'apt', room: 'rm', unit: 'unit', north: 'n', south: 's', east: 'e', west: 'w',
  northeast: 'ne', northwest: 'nw', southeast: 'se', southwest: 'sw', '#': 'ste',
};

/** A line as words, lower-cased, punctuation dropped, each word abbreviated the USPS way. */
function words(line: string | undefined): string {
  return (line ?? '').toLowerCase().replace(/#/g, ' # ').replace(/[.,]/g, ' ').split(/\s+/).filter(Boolean)
    .map((word) => ABBREVIATIONS[word] ?? word).join(' ');
}

/** The comparison key of an address: street lines, city, state, the 5-digit ZIP (or the whole postcode), country. */
function locationKey(address: EmergencyAddress | PostalAddress): string {
  const zip = address.postalCode.trim().toLowerCase();
  const country = address.country.trim().toUpperCase();
  const postcode = country === 'US' ? zip.slice(0, 5) : zip.replace(/\s+/g, '');
  return [words(address.street1), words(address.street2), words(address.city), words(address.state), postcode, country].join('|');
}

/** True when the ship-to is the extension's registered emergency location (spelling variants aside). */
export function sameDispatchableLocation(registered: EmergencyAddress, shipTo: PostalAddress): boolean {
  return locationKey(registered) === locationKey(shipTo);
}

/** The address on one line, as support and the customer read it. */
export function formatEmergencyAddress(address: EmergencyAddress): string {
  const street = [address.street1, address.street2].filter((line) => line && line.trim()).join(', ');
  return `${street}, ${address.city}, ${address.state} ${address.postalCode}, ${address.country}`;
}
