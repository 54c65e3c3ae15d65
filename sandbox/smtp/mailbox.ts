/** Reads the sink's mail directory: every `.eml` file, oldest first, parsed with mailparser. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';

/** One stored message, as a person (or a test) reads it. */
export interface MailboxMessage {
  /** 1-based position, oldest first (what `scripts/mail.ts show N` takes). */
  number: number;
  file: string;
  date?: Date;
  from: string;
  to: string;
  subject: string;
  messageId?: string;
  text: string;
  html?: string;
  headers: Record<string, string>;
}

/** The `.eml` file names of a directory, oldest first (names start with the receive time). Missing dir → none. */
export async function listMessageFiles(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  return names.filter((name) => name.endsWith('.eml')).sort();
}

/** Parses every message in `dir`. */
export async function readMailbox(dir: string): Promise<MailboxMessage[]> {
  const files = await listMessageFiles(dir);
  return Promise.all(files.map((file, index) => readMessage(path.join(dir, file), index + 1)));
}

/** Parses one `.eml` file. */
export async function readMessage(file: string, number: number): Promise<MailboxMessage> {
  const parsed = await simpleParser(await fs.readFile(file));
  const headers: Record<string, string> = {};
  for (const line of parsed.headerLines) headers[line.key] = line.line.slice(line.key.length + 1).trim();
  return {
    number,
    file,
    date: parsed.date,
    from: addressText(parsed.from),
    to: addressText(parsed.to),
    subject: parsed.subject ?? '',
    messageId: parsed.messageId,
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : undefined,
    headers,
  };
}

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return '';
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ');
}
