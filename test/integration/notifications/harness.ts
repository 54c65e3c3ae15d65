/** Shared set-up of the notification integration tests: a real SMTP sink in a temp dir, a mailer, the activity. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from 'mongodb';
import type { SendEmailInput } from '../../../activities/contract';
import { createEmailActivities } from '../../../activities/emails';
import { openClaim } from '../../../data/claim-projection';
import type { EmailKind } from '../../../domain/types';
import { createMailer, type Mailer } from '../../../notifications/mailer';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from '../../../sandbox/smtp/sink';
import { claimRequestFixture } from '../../support/fixtures';
import { sampleData } from '../../unit/notifications/fixtures';

/** The From header every test mailer uses. */
export const FROM = 'SpectrumVoIP Replacements <replacements@spectrumvoip.example>';

/** A sink storing into a fresh temp dir. */
export async function startTestSink(options: Omit<SmtpSinkOptions, 'dir'> = {}): Promise<SmtpSink> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-mail-'));
  return startSmtpSink({ ...options, dir });
}

/** A mailer pointed at a port on localhost. */
export function mailerFor(port: number): Mailer {
  return createMailer({ host: '127.0.0.1', port, from: FROM, connectionTimeoutMs: 3000, socketTimeoutMs: 5000 });
}

const claimsOpened = new WeakMap<Db, Map<string, Promise<unknown>>>();

/** Opens claim `claimId` in the read model once (emails link to its tracking page), through the data layer. */
export function ensureClaim(db: Db, claimId: string): Promise<unknown> {
  const opened = claimsOpened.get(db) ?? new Map<string, Promise<unknown>>();
  claimsOpened.set(db, opened);
  if (!opened.has(claimId)) {
    opened.set(claimId, openClaim(db, { claimId, workflowId: `wf-${claimId}`, request: claimRequestFixture('in-warranty'), openedAt: new Date().toISOString() }, new Date()));
  }
  return opened.get(claimId)!;
}

/** The activity under test, over a real database and a real mailer; the claim of each input is opened first. */
export function emailActivity(db: Db, mailer: Mailer) {
  const send = createEmailActivities({ db, mailer }).sendCustomerEmail;
  return async (input: SendEmailInput) => {
    await ensureClaim(db, input.claimId);
    return send(input);
  };
}

/** A valid input of `kind` for `claimId`, with the kind's sample data (overridable). */
export function emailInput(claimId: string, kind: EmailKind, overrides: Partial<SendEmailInput> = {}): SendEmailInput {
  return { claimId, kind, sequence: 1, to: 'ann@example.com', data: { ...sampleData[kind] }, ...overrides };
}
