/**
 * The business customers behind a seeded history: accounts with a company, an address, a few contacts (whose
 * emails several claims share) and a block of extensions. Each account is drawn from its own seeded stream.
 */
import type { Contact, PostalAddress } from '../../../domain/types';
import { randomSource, seedOf } from './random';

/** One account of the seeded history. */
export interface Customer {
  accountId: string;
  contacts: Contact[];
  /** The office's address (each claim addresses it to its contact). */
  shipTo: PostalAddress;
  /** How many desk phones (extensions 1001, 1002, …) the account has. */
  phones: number;
}

/** Claims per account on average: a provider's customers are offices with a few dozen phones. */
export const CLAIMS_PER_ACCOUNT = 20;

const FIRST = ['Dana', 'Alex', 'Priya', 'Marcus', 'Elena', 'Tom', 'Aisha', 'Luis', 'Grace', 'Omar', 'Hannah', 'Wei'];
const LAST = ['Whitfield', 'Nguyen', 'Patel', 'Okafor', 'Garcia', 'Schmidt', 'Kowalski', 'Brennan', 'Haddad', 'Lindqvist'];
const COMPANY = ['Acme', 'Lakeside', 'Summit', 'Harbor', 'Pinecrest', 'Redwood', 'Northgate', 'Bluebird', 'Ironwood', 'Meridian'];
const TRADE = ['Dental', 'Law Group', 'Realty', 'Clinic', 'Logistics', 'Insurance', 'Accounting', 'Veterinary'];
const STREET = ['Elm St', 'Main St', 'Commerce St', 'Oak Ave', 'Market St', 'Lamar Blvd', 'Congress Ave', 'Peachtree St'];
const PLACES: ReadonlyArray<Pick<PostalAddress, 'city' | 'state' | 'postalCode'> & { timeZone: string }> = [
  { city: 'Dallas', state: 'TX', postalCode: '75202', timeZone: 'America/Chicago' },
  { city: 'Austin', state: 'TX', postalCode: '78701', timeZone: 'America/Chicago' },
  { city: 'Denver', state: 'CO', postalCode: '80202', timeZone: 'America/Denver' },
  { city: 'Atlanta', state: 'GA', postalCode: '30303', timeZone: 'America/New_York' },
  { city: 'Seattle', state: 'WA', postalCode: '98101', timeZone: 'America/Los_Angeles' },
  { city: 'Chicago', state: 'IL', postalCode: '60601', timeZone: 'America/Chicago' },
  { city: 'Boston', state: 'MA', postalCode: '02108', timeZone: 'America/New_York' },
  { city: 'Phoenix', state: 'AZ', postalCode: '85004', timeZone: 'America/Phoenix' },
];

/** How many accounts a history of `claims` claims has. */
export function accountCount(claims: number): number {
  return Math.max(1, Math.ceil(claims / CLAIMS_PER_ACCOUNT));
}

/** Account `index` of the history seeded with `seed`. */
export function customerOf(seed: number, index: number): Customer {
  const random = randomSource(seedOf(seed, index, 3));
  const company = `${random.pick(COMPANY)} ${random.pick(TRADE)}`;
  const domain = `${company.toLowerCase().replace(/[^a-z]+/g, '-')}-${index}.example`;
  const place = random.pick(PLACES);
  const phone = () => `+1 ${random.int(200, 989)} 555 ${String(random.int(100, 9999)).padStart(4, '0')}`;
  const contacts = Array.from({ length: random.int(1, 3) }, (): Contact => {
    const first = random.pick(FIRST);
    const last = random.pick(LAST);
    return { name: `${first} ${last}`, phone: phone(), email: `${first}.${last}@${domain}`.toLowerCase(), locale: 'en-US', timeZone: place.timeZone };
  });
  const shipTo: PostalAddress = {
    name: contacts[0]!.name, company, street1: `${random.int(100, 9899)} ${random.pick(STREET)}`,
    city: place.city, state: place.state, postalCode: place.postalCode, country: 'US',
  };
  return { accountId: `ACCT-${String(index + 1).padStart(5, '0')}`, contacts, shipTo, phones: random.int(5, 60) };
}
