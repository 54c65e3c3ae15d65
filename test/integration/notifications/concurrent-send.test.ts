/**
 * Overlapping attempts of one email (a Temporal retry after a start-to-close timeout while the first attempt still
 * runs, or two workers) on the real FerretDB/MongoDB outbox and a real SMTP server: exactly one hand-off to SMTP.
 * FerretDB v1 does not apply conditional updates atomically, so this only holds if the claim is a unique-key insert.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from 'mongodb';
import type { SendEmailResult } from '../../../activities/contract';
import { ensureIndexes } from '../../../storage/migrations';
import type { Mailer } from '../../../notifications/mailer';
import { notificationIndexes } from '../../../notifications/indexes';
import { EmailOutbox } from '../../../notifications/outbox';
import type { ReceivedMessage, SmtpRefusal, SmtpSink } from '../../../sandbox/smtp/sink';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { emailActivity, emailInput, mailerFor, startTestSink } from './harness';

const CONCURRENT_ATTEMPTS = 20;
const ROUNDS = 10;
/** Separate activity instances with their own SMTP transports, as separate workers would have. */
const WORKERS = 4;

let database: TestDatabase;
let db: Db;
let sink: SmtpSink;
let mailers: Mailer[] = [];
/** SMTP DATA transactions the server saw, per claim id (accepted or refused). */
const transactionsByClaim = new Map<string, number>();
let screen: (message: ReceivedMessage) => SmtpRefusal | undefined = () => undefined;
let onStored: (message: ReceivedMessage) => void | Promise<void> = () => undefined;

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
  await ensureIndexes(db, notificationIndexes);
  sink = await startTestSink({
    screen: (message) => {
      const claimId = /^X-Claim-Id: (.+)$/im.exec(message.raw.toString())?.[1]?.trim() ?? '?';
      transactionsByClaim.set(claimId, (transactionsByClaim.get(claimId) ?? 0) + 1);
      return screen(message);
    },
    onStored: (message) => onStored(message),
  });
  mailers = Array.from({ length: WORKERS }, () => mailerFor(sink.port));
});
afterEach(() => {
  screen = () => undefined;
  onStored = () => undefined;
});
afterAll(async () => {
  for (const mailer of mailers) mailer.close();
  await sink.close();
  await database.close();
});

async function storedFor(claimId: string): Promise<number> {
  return (await sink.messages()).filter((m) => m.headers['x-claim-id'] === claimId).length;
}

/** Fires `CONCURRENT_ATTEMPTS` calls of the same email at once, spread over the workers. */
async function raceSends(claimId: string): Promise<PromiseSettledResult<SendEmailResult>[]> {
  const input = emailInput(claimId, 'replacement-shipped');
  const sends = mailers.map((mailer) => emailActivity(db, mailer));
  return Promise.allSettled(Array.from({ length: CONCURRENT_ATTEMPTS }, (_, n) => sends[n % WORKERS]!(input)));
}

/** What one round saw: messages handed to SMTP, messages stored, calls that reported `sent`, losers that misbehaved. */
interface RoundOutcome {
  handedToSmtp: number;
  delivered: number;
  senders: number;
  /** Losers that failed non-retryably or reported something other than the outcome. */
  badLosers: number;
  /** What a later attempt (Temporal retrying a loser) reported, and the outbox record's state and attempts then. */
  later: string;
}

async function outcomeOf(claimId: string, results: PromiseSettledResult<SendEmailResult>[], earlierTransactions: number): Promise<RoundOutcome> {
  const handedToSmtp = (transactionsByClaim.get(claimId) ?? 0) - earlierTransactions;
  const delivered = await storedFor(claimId);
  const senders = results.filter((r) => r.status === 'fulfilled' && r.value.status === 'sent').length;
  const badLosers = results.filter((r) => (r.status === 'rejected'
    ? r.reason instanceof ApplicationFailure
    : !['sent', 'already-sent', 'unconfirmed'].includes(r.value.status))).length;
  const retried = await emailActivity(db, mailers[1]!)(emailInput(claimId, 'replacement-shipped')).catch((error: Error) => ({ status: error.message }));
  const record = await new EmailOutbox(db).get(`${claimId}:replacement-shipped:1`);
  return { handedToSmtp, delivered, senders, badLosers, later: `${retried.status} ${record?.state}/${record?.attempts}` };
}

describe('sendCustomerEmail under overlapping attempts', () => {
  it(`${CONCURRENT_ATTEMPTS} concurrent attempts of one email hand exactly one message to SMTP, over ${ROUNDS} rounds`, async () => {
    const rounds: RoundOutcome[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const claimId = `CLM-RACE-${round}`;
      rounds.push(await outcomeOf(claimId, await raceSends(claimId), 0));
    }
    const expected: RoundOutcome = { handedToSmtp: 1, delivered: 1, senders: 1, badLosers: 0, later: 'already-sent sent/1' };
    expect(rounds).toEqual(Array(ROUNDS).fill(expected));
  });

  it('a retry while the first attempt is still inside SMTP does not resend: it reports unconfirmed, then the first attempt\'s outcome wins', async () => {
    const claimId = 'CLM-OVERLAP';
    const input = emailInput(claimId, 'replacement-shipped');
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let storedSignal = (): void => undefined;
    const messageStored = new Promise<void>((resolve) => (storedSignal = resolve));
    onStored = async () => {
      storedSignal();
      await held; // the server holds its 250 reply: the first attempt is in flight
    };
    const first = emailActivity(db, mailers[0]!)(input);
    await messageStored;
    const overlapping = await emailActivity(db, mailers[1]!)(input);
    release();
    const firstResult = await first;
    const later = await emailActivity(db, mailers[2]!)(input);

    expect(overlapping.status).toBe('unconfirmed');
    expect(overlapping.reason).toMatch(/earlier attempt .* not resent/);
    expect(firstResult.status).toBe('sent');
    expect(later).toEqual({ status: 'already-sent', messageId: firstResult.messageId });
    expect(transactionsByClaim.get(claimId)).toBe(1);
    expect(await storedFor(claimId)).toBe(1);
    expect(await new EmailOutbox(db).get(`${claimId}:replacement-shipped:1`)).toMatchObject({ state: 'sent', attempts: 1 });
  });

  it('after a definite failure (4xx), concurrent retries still deliver exactly once, over 5 rounds', async () => {
    const rounds: RoundOutcome[] = [];
    for (let round = 0; round < 5; round++) {
      const claimId = `CLM-RETRY-RACE-${round}`;
      let refusals = 1;
      screen = () => (refusals-- > 0 ? { code: 451, message: 'Greylisted, try again later' } : undefined);
      await expect(emailActivity(db, mailers[0]!)(emailInput(claimId, 'replacement-shipped'))).rejects.toThrow(/451/);
      expect(await new EmailOutbox(db).get(`${claimId}:replacement-shipped:1`)).toMatchObject({ state: 'pending', attempts: 1 });
      rounds.push(await outcomeOf(claimId, await raceSends(claimId), 1));
    }
    const expected: RoundOutcome = { handedToSmtp: 1, delivered: 1, senders: 1, badLosers: 0, later: 'already-sent sent/2' };
    expect(rounds).toEqual(Array(5).fill(expected));
  });
});
