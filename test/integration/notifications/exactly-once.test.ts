/** Exactly once per (claim, kind, sequence), against a real SMTP server and the real outbox on FerretDB/MongoDB. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from 'mongodb';
import { openTestDatabase, type TestDatabase } from '../../support/mongo';
import { ensureIndexes } from '../../../storage/migrations';
import { notificationIndexes } from '../../../notifications/indexes';
import { EmailOutbox } from '../../../notifications/outbox';
import { createEmailActivities } from '../../../activities/emails';
import { applyClaimChange } from '../../../data/claim-projection';
import { emailOutcomeKey } from '../../../domain/email-outcomes';
import { commandsSent } from '../../support/mongo';
import type { MailboxMessage } from '../../../sandbox/smtp/mailbox';
import type { ReceivedMessage, SmtpRefusal, SmtpSink } from '../../../sandbox/smtp/sink';
import { startDroppingServer } from './dropping-server';
import { emailActivity, emailInput, ensureClaim, mailerFor, startTestSink } from './harness';

let database: TestDatabase;
let db: Db;
let outbox: EmailOutbox;
let sink: SmtpSink;
/** Per-test behaviour of the sink's hooks. */
let screen: (message: ReceivedMessage) => SmtpRefusal | undefined = () => undefined;
let onStored: (message: ReceivedMessage) => void | Promise<void> = () => undefined;
/** Every DATA transaction the server saw (accepted or refused). */
let transactions: ReceivedMessage[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
  await ensureIndexes(db, notificationIndexes); // as the data migration applies them
  outbox = new EmailOutbox(db);
  sink = await startTestSink({
    screen: (message) => {
      transactions.push(message);
      return screen(message);
    },
    onStored: (message) => onStored(message),
  });
});
afterEach(() => {
  screen = () => undefined;
  onStored = () => undefined;
  transactions = [];
});
afterAll(async () => {
  await sink.close();
  await database.close();
});

async function stored(claimId: string): Promise<MailboxMessage[]> {
  return (await sink.messages()).filter((m) => m.headers['x-claim-id'] === claimId);
}

describe('sendCustomerEmail exactly once', () => {
  it('a retry after the server accepted the message sends nothing more', async () => {
    const mailer = mailerFor(sink.port);
    const send = emailActivity(db, mailer);
    const input = emailInput('CLM-RETRY', 'replacement-shipped');
    const first = await send(input);
    const again = await send(input);
    const restarted = await emailActivity(db, mailerFor(sink.port))(input); // a new worker, same key
    mailer.close();

    expect(first.status).toBe('sent');
    expect(again).toEqual({ status: 'already-sent', messageId: first.messageId });
    expect(restarted).toEqual({ status: 'already-sent', messageId: first.messageId });
    expect(await stored('CLM-RETRY')).toHaveLength(1);
    expect(transactions).toHaveLength(1);
    expect(await outbox.get('CLM-RETRY:replacement-shipped:1')).toMatchObject({ state: 'sent', attempts: 1 });

    const nextReminder = await send(emailInput('CLM-RETRY', 'return-reminder', { sequence: 2 }));
    expect(nextReminder.status).toBe('sent'); // another sequence is another email
  });

  it.each([
    ['the outbox update', 'CLM-KILL', false],
    ['the claim recording the send (outcomeOnClaim)', 'CLM-KILL-ONCLAIM', true],
  ])('a worker killed between the SMTP accept and %s, then retried → one message', async (_window, claimId, outcomeOnClaim) => {
    const input = emailInput(claimId, 'replacement-shipped', outcomeOnClaim ? { outcomeOnClaim } : {});
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'child-send.ts')], {
      env: { ...process.env, RF_DB_NAME: db.databaseName, RF_SMTP_PORT: String(sink.port), RF_EMAIL_INPUT: JSON.stringify(input) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let childOutput = '';
    child.stdout.on('data', (chunk: Buffer) => (childOutput += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (childOutput += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
    // The server has stored the message; the worker dies before it can record the outcome (the 250 reaches a dead socket).
    onStored = async () => {
      child.kill('SIGKILL');
      await exited;
    };

    expect(await exited).toBe('SIGKILL');
    expect(childOutput).not.toContain('"status"');
    expect(await stored(claimId)).toHaveLength(1);
    // The kill landed in the window: the outbox says the message was handed over, with no outcome.
    expect(await outbox.current(`${claimId}:replacement-shipped:1`)).toMatchObject({ state: 'sending', attempts: 1 });

    const mailer = mailerFor(sink.port);
    const retry = await emailActivity(db, mailer)(input);
    const retryAgain = await emailActivity(db, mailer)(input);
    mailer.close();

    expect(retry.status).toBe('unconfirmed');
    expect(retry.reason).toMatch(/earlier attempt .* not resent/);
    expect(retryAgain.status).toBe('unconfirmed');
    expect(await stored(claimId)).toHaveLength(1);
    expect(transactions).toHaveLength(1);
    expect(await outbox.current(`${claimId}:replacement-shipped:1`)).toMatchObject({ state: 'unconfirmed', attempts: 1 });
  });

  it('a connection dropped after the whole message went out is unconfirmed, and never resent', async () => {
    const dropper = await startDroppingServer();
    const mailer = mailerFor(dropper.port);
    const send = emailActivity(db, mailer);
    const input = emailInput('CLM-DROP', 'return-overdue');
    const first = await send(input);
    const retry = await send(input);
    mailer.close();
    await dropper.close();

    expect(first.status).toBe('unconfirmed');
    expect(first.reason).toMatch(/may have arrived, not resent/);
    expect(retry).toMatchObject({ status: 'unconfirmed', messageId: first.messageId });
    expect(dropper.messagesRead()).toBe(1);
    expect(await outbox.get('CLM-DROP:return-overdue:1')).toMatchObject({ state: 'unconfirmed', attempts: 1 });
  });

  it('the outbox index refuses a second record for the same (claim, kind, sequence)', async () => {
    const emails = db.collection('email_outbox');
    const copy = { ...(await emails.findOne({ _id: 'CLM-RETRY:replacement-shipped:1' as never })), _id: 'another-id' };
    await expect(emails.insertOne(copy as never)).rejects.toMatchObject({ code: 11000 });
  });

  it('a transient 4xx fails the attempt retryably, and the retry delivers once', async () => {
    let refusals = 1;
    screen = () => (refusals-- > 0 ? { code: 451, message: 'Local problem, try again later' } : undefined);
    const mailer = mailerFor(sink.port);
    const send = emailActivity(db, mailer);
    const input = emailInput('CLM-451', 'claim-received');

    const firstAttempt = await send(input).catch((error: unknown) => error);
    expect(firstAttempt).toBeInstanceOf(Error);
    expect(firstAttempt).not.toBeInstanceOf(ApplicationFailure); // a plain error: Temporal retries it
    expect((firstAttempt as Error).message).toContain('451');
    expect(await outbox.get('CLM-451:claim-received:1')).toMatchObject({ state: 'pending', attempts: 1 });
    expect(await stored('CLM-451')).toHaveLength(0);

    const retry = await send(input);
    mailer.close();
    expect(retry.status).toBe('sent');
    expect(transactions).toHaveLength(2);
    expect(await stored('CLM-451')).toHaveLength(1);
    expect(await outbox.get('CLM-451:claim-received:1')).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('a refused connection is retryable and leaves the email pending', async () => {
    const mailer = mailerFor(1); // nothing listens on port 1 (a freed random port could be taken by a parallel test)
    const error = await emailActivity(db, mailer)(emailInput('CLM-DOWN', 'claim-received')).catch((e: unknown) => e);
    mailer.close();
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ApplicationFailure);
    expect(await outbox.get('CLM-DOWN:claim-received:1')).toMatchObject({ state: 'pending', attempts: 1 });
  });

  it('a permanent 5xx gives a rejected result and outbox state, and is never retried', async () => {
    screen = () => ({ code: 550, message: 'Mailbox unavailable' });
    const mailer = mailerFor(sink.port);
    const send = emailActivity(db, mailer);
    const input = emailInput('CLM-550', 'replacement-delivered');
    const result = await send(input);
    const again = await send(input);
    mailer.close();

    expect(result).toMatchObject({ status: 'rejected', messageId: '<CLM-550.replacement-delivered.1@spectrumvoip.example>' });
    expect(result.reason).toContain('550 Mailbox unavailable');
    expect(again).toEqual(result);
    expect(transactions).toHaveLength(1);
    expect(await stored('CLM-550')).toHaveLength(0);
    expect(await outbox.get('CLM-550:replacement-delivered:1')).toMatchObject({ state: 'rejected', reason: result.reason });
  });

  it('bad data is a non-retryable InvalidData naming the field, and nothing is recorded or sent', async () => {
    const mailer = mailerFor(sink.port);
    const input = emailInput('CLM-BAD', 'replacement-shipped');
    delete input.data.trackingNumber;
    const error = await emailActivity(db, mailer)(input).catch((e: unknown) => e);
    mailer.close();
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ type: 'InvalidData', nonRetryable: true });
    expect((error as Error).message).toContain('data.trackingNumber: is required');
    expect(await outbox.get('CLM-BAD:replacement-shipped:1')).toBeNull();
    expect(transactions).toHaveLength(0);
  });
});

describe('an email whose claim keeps the outcome (outcomeOnClaim)', () => {
  it('costs one outbox command when SMTP accepts it; a retry answers already-sent from the claim\'s timeline', async () => {
    const input = emailInput('CLM-ONCLAIM', 'replacement-shipped', { outcomeOnClaim: true });
    await ensureClaim(db, input.claimId);
    const mailer = mailerFor(sink.port);
    let first: Awaited<ReturnType<ReturnType<typeof emailActivity>>> | undefined;
    const commands = await commandsSent(db, database.uri, async (monitored) => {
      first = await createEmailActivities({ db: monitored, mailer }).sendCustomerEmail(input);
    });
    expect(first?.status).toBe('sent');
    expect(commands.filter((command) => command.endsWith('email_outbox'))).toEqual(['insert email_outbox']);
    expect(await outbox.get('CLM-ONCLAIM:replacement-shipped:1')).toMatchObject({ state: 'sending', outcomeOnClaim: true, attempts: 1 });

    // The claim records the send on its timeline (its next projection); a retry of the attempt then finds it there.
    const key = emailOutcomeKey('sent', 'replacement-shipped', 1);
    await applyClaimChange(db, { claimId: input.claimId, timeline: [{ key, at: new Date().toISOString(), message: 'sent' }] }, new Date());
    const retry = await emailActivity(db, mailer)(input);
    mailer.close();
    expect(retry).toEqual({ status: 'already-sent', messageId: first?.messageId });
    expect(await stored('CLM-ONCLAIM')).toHaveLength(1);
    expect(transactions).toHaveLength(1);
  });

  it('a retry before the claim recorded the send is unconfirmed, and never resent', async () => {
    const input = emailInput('CLM-ONCLAIM-CUT', 'return-reminder', { outcomeOnClaim: true });
    const mailer = mailerFor(sink.port);
    const send = emailActivity(db, mailer);
    const first = await send(input);
    const retry = await send(input); // the attempt's result never reached the claim (its worker died after the send)
    mailer.close();
    expect(first.status).toBe('sent');
    expect(retry).toMatchObject({ status: 'unconfirmed', messageId: first.messageId });
    expect(await stored('CLM-ONCLAIM-CUT')).toHaveLength(1);
    expect(transactions).toHaveLength(1);
  });

  it('a refusal is still written on the outbox record', async () => {
    screen = () => ({ code: 550, message: 'Mailbox unavailable' });
    const mailer = mailerFor(sink.port);
    const input = emailInput('CLM-ONCLAIM-550', 'claim-received', { outcomeOnClaim: true });
    const result = await emailActivity(db, mailer)(input);
    mailer.close();
    expect(result.status).toBe('rejected');
    expect(await outbox.get('CLM-ONCLAIM-550:claim-received:1')).toMatchObject({ state: 'rejected', outcomeOnClaim: true });
  });
});
