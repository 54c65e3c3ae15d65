/**
 * The embedded SMTP sink: a real SMTP server (the `smtp-server` package) that accepts every message and keeps it as
 * an `.eml` file under a directory. Tests can make it refuse a message (4xx/5xx) or act between storing a message and replying.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { readMailbox, type MailboxMessage } from './mailbox';

/** A reply that refuses a message, e.g. `{ code: 451, message: 'try again later' }`. */
export interface SmtpRefusal {
  code: number;
  message: string;
}

/** What the sink hands to its hooks. */
export interface ReceivedMessage {
  from: string;
  to: string[];
  raw: Buffer;
  /** The stored file (only after it was accepted). */
  file?: string;
}

/** Options of `startSmtpSink`. */
export interface SmtpSinkOptions {
  /** Directory the `.eml` files go to (created if missing). */
  dir: string;
  /** 0 or absent: a free port. */
  port?: number;
  host?: string;
  /** Implicit TLS with smtp-server's built-in self-signed certificate (clients must not verify it). */
  secure?: boolean;
  /** When set, clients must log in with these; otherwise any login (or none) is accepted. */
  credentials?: { user: string; pass: string };
  /** Test hook, after the whole message arrived: return a refusal to reject it instead of storing it. */
  screen?: (message: ReceivedMessage) => SmtpRefusal | undefined;
  /**
   * Test hook, awaited after the message was stored (it is in the mailbox) and before the 250 reply goes out:
   * lets a test kill the sending process exactly in the window between the server's accept and the client's record.
   */
  onStored?: (message: ReceivedMessage) => void | Promise<void>;
}

/** A running sink. */
export interface SmtpSink {
  port: number;
  dir: string;
  /** Every message stored in the directory, oldest first. */
  messages(): Promise<MailboxMessage[]>;
  close(): Promise<void>;
}

/** Starts the sink and resolves once it listens. */
export async function startSmtpSink(options: SmtpSinkOptions): Promise<SmtpSink> {
  await fs.mkdir(options.dir, { recursive: true });
  let counter = 0;
  const server = new SMTPServer({
    secure: options.secure ?? false,
    authOptional: !options.credentials,
    disabledCommands: ['STARTTLS'],
    logger: false,
    banner: 'replacement-fulfilment SMTP sink',
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      const wanted = options.credentials;
      if (!wanted || (auth.username === wanted.user && auth.password === wanted.pass)) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      readAll(stream)
        .then(async (raw) => {
          const message: ReceivedMessage = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
          };
          const refusal = options.screen?.(message);
          if (refusal) return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
          counter += 1;
          message.file = await store(options.dir, raw, counter);
          await options.onStored?.(message);
          callback(null, `Message stored as ${path.basename(message.file)}`);
        })
        .catch((error: Error) => callback(Object.assign(error, { responseCode: 451 })));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  server.on('error', () => undefined); // a client's broken connection must not crash the process
  return {
    port: (server.server.address() as AddressInfo).port,
    dir: options.dir,
    messages: () => readMailbox(options.dir),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Writes atomically (temp file, then rename) under a name that sorts by receive time. */
async function store(dir: string, raw: Buffer, counter: number): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const name = `${stamp}-${String(counter).padStart(4, '0')}-${randomBytes(3).toString('hex')}.eml`;
  const target = path.join(dir, name);
  await fs.writeFile(`${target}.tmp`, raw);
  await fs.rename(`${target}.tmp`, target);
  return target;
}
