/**
 * Structured JSON logs (pino) for every process, and the adapter that routes Temporal's SDK, workflow and activity
 * logs (which carry workflowId, runId, activityType…) into the same pino logger. Secrets are redacted by key.
 */
import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import pino, { type DestinationStream, type LogFn, type Logger } from 'pino';
import { secretSettings } from '../config/env';

/** Keys whose values never reach a log line, wherever they appear (top level or one object down). */
export const redactedKeys: readonly string[] = [
  ...secretSettings, 'password', 'pass', 'apiKey', 'apiToken', 'token', 'secret', 'authorization', 'cookie',
];

/**
 * pino's `hooks.logMethod` that makes logging never throw: when a line cannot be written (a serializer, a getter or a
 * `toJSON` throws while it is formatted), a line saying so is written instead. Installed on every logger of the product,
 * so a request whose log line fails is still answered.
 */
export function logWithoutThrowing(this: Logger, args: Parameters<LogFn>, method: LogFn): void {
  try {
    method.apply(this, args);
  } catch (error) {
    try {
      method.call(this, { logFailure: String((error as Error)?.message ?? error).slice(0, 300) }, 'a log line could not be written');
    } catch {
      // Even the replacement line failed (the destination itself throws): the line is dropped, the caller goes on.
    }
  }
}

/** What `createLogger` needs. */
export interface LoggerOptions {
  /** `worker` or `api`: put on every line as `service`. */
  service: string;
  level: string;
  /** Where lines go (default stdout). Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

/** A pino logger writing one JSON object per line, with ISO times, level names and secret redaction. */
export function createLogger(options: LoggerOptions): Logger {
  const paths = redactedKeys.flatMap((key) => [key, `*.${key}`]);
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths, censor: '[redacted]' },
      hooks: { logMethod: logWithoutThrowing },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error',
};

/** Temporal's `Logger` over pino: for `Runtime.install({ logger })`; SDK metadata becomes JSON fields. */
export function temporalLogger(logger: Logger): TemporalLogger {
  const write = (level: LogLevel, message: string, meta?: LogMetadata): void => {
    logger[levels[level] ?? 'info'](meta ? { ...meta } : {}, message);
  };
  return {
    log: write,
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}
