/** Reads the SMTP sink's mailbox: `npx tsx scripts/mail.ts [list|show N] [--json]` (dir: MAIL_DIR, default .data/mail). */
import { defaultMailDir } from '../sandbox/smtp/main';
import { readMailbox, type MailboxMessage } from '../sandbox/smtp/mailbox';
import { runMain, UserFacingError } from '../entry/errors';

const USAGE = 'usage: npx tsx scripts/mail.ts [list|show N] [--json]';

/** Formats the mailbox as a table: number, date, to, subject. */
export function formatTable(messages: MailboxMessage[]): string {
  if (messages.length === 0) return 'No messages.';
  const rows = messages.map((m) => [String(m.number), m.date?.toISOString().replace('T', ' ').slice(0, 19) ?? '-', m.to, m.subject]);
  const header = ['#', 'Date (UTC)', 'To', 'Subject'];
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (cells: string[]) => cells.map((c, i) => (c.length > widths[i]! ? c.slice(0, widths[i]! - 1) + '…' : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Formats one message: its main headers, then the text part. */
export function formatMessage(m: MailboxMessage): string {
  const headers = [`Date:       ${m.date?.toISOString() ?? '-'}`, `From:       ${m.from}`, `To:         ${m.to}`, `Subject:    ${m.subject}`, `Message-ID: ${m.messageId ?? '-'}`, `File:       ${m.file}`];
  return `${headers.join('\n')}\n\n${m.text}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const [command = 'list', arg] = args.filter((a) => a !== '--json');
  const dir = defaultMailDir();
  const messages = await readMailbox(dir);
  if (command === 'list') {
    const summary = messages.map(({ number, date, from, to, subject, messageId, file }) => ({ number, date, from, to, subject, messageId, file }));
    console.log(json ? JSON.stringify(summary, null, 2) : `${formatTable(messages)}\n\n${messages.length} message(s) in ${dir}`);
    return;
  }
  if (command === 'show') {
    const n = Number(arg);
    if (!arg || !Number.isInteger(n) || n < 1) throw new UserFacingError(`show needs a message number (1, 2, …). ${USAGE}`);
    const message = messages[n - 1];
    if (!message) throw new UserFacingError(`no message ${n}: the mailbox ${dir} has ${messages.length} message(s)`);
    console.log(json ? JSON.stringify(message, null, 2) : formatMessage(message));
    return;
  }
  throw new UserFacingError(`unknown command '${command}'. ${USAGE}`);
}

if (require.main === module) runMain(main);
