/** Runs the SMTP sink on its own: `npx tsx sandbox/smtp/main.ts` (port SMTP_SINK_PORT, default 2525; dir MAIL_DIR, default .data/mail). */
import path from 'node:path';
import { dataDir } from '../../scripts/lib/paths';
import { runMain, UserFacingError } from '../../entry/errors';
import { startSmtpSink } from './sink';

/** Where the sink keeps its messages unless MAIL_DIR says otherwise. */
export const defaultMailDir = (): string => process.env.MAIL_DIR ?? path.join(dataDir, 'mail');

function sinkPort(): number {
  const raw = process.env.SMTP_SINK_PORT ?? '2525';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserFacingError(`SMTP_SINK_PORT: must be a port number 1–65535, got '${raw}'`);
  return port;
}

if (require.main === module) {
  runMain(async () => {
    const dir = defaultMailDir();
    const sink = await startSmtpSink({ port: sinkPort(), dir }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') throw new UserFacingError(`port ${process.env.SMTP_SINK_PORT ?? 2525} is in use: set SMTP_SINK_PORT to a free port`);
      throw error;
    });
    console.log(`SMTP sink listening on 127.0.0.1:${sink.port}, storing messages in ${dir}`);
    console.log('Read them with: npx tsx scripts/mail.ts list');
    const stop = () => void sink.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
