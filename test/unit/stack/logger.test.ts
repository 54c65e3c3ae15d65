/** observability/logger.ts: JSON lines with level names and service, secrets redacted, Temporal logs mapped. */
import { Writable } from 'node:stream';
import { createLogger, temporalLogger } from '../../../observability/logger';

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('writes one JSON object per line with level name, ISO time and service', () => {
    const out = capture();
    createLogger({ service: 'worker', level: 'info', destination: out.stream }).info({ claimId: 'RC-1' }, 'hello');
    const [line] = out.lines();
    expect(line).toMatchObject({ level: 'info', service: 'worker', claimId: 'RC-1', msg: 'hello' });
    expect(String(line?.time)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('redacts secret keys at the top level and one object down', () => {
    const out = capture();
    const logger = createLogger({ service: 'api', level: 'info', destination: out.stream });
    logger.info({ SHIPPO_API_TOKEN: 'shippo_live_abc', config: { SMTP_PASSWORD: 'pw-1', TEMPORAL_API_KEY: 'key-1' }, headers: { authorization: 'Bearer x' } }, 'start');
    const text = JSON.stringify(out.lines());
    for (const secret of ['shippo_live_abc', 'pw-1', 'key-1', 'Bearer x']) expect(text).not.toContain(secret);
    expect(out.lines()[0]).toMatchObject({ SHIPPO_API_TOKEN: '[redacted]', config: { SMTP_PASSWORD: '[redacted]' } });
  });

  it('respects the level', () => {
    const out = capture();
    const logger = createLogger({ service: 'worker', level: 'warn', destination: out.stream });
    logger.info('hidden');
    logger.warn('shown');
    expect(out.lines().map((line) => line.msg)).toEqual(['shown']);
  });
});

describe('temporalLogger', () => {
  it('maps Temporal levels to pino and keeps the SDK metadata (workflowId, claimId) as fields', () => {
    const out = capture();
    const logger = temporalLogger(createLogger({ service: 'worker', level: 'trace', destination: out.stream }));
    logger.log('WARN', 'ignored malformed tracking event', { sdkComponent: 'workflow', workflowId: 'claim-00:15:65:AB:CD:EF', claimId: 'RC-1' });
    logger.debug('Activity started', { activityType: 'buyLabel' });
    logger.error('boom');
    expect(out.lines()).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'ignored malformed tracking event', workflowId: 'claim-00:15:65:AB:CD:EF', claimId: 'RC-1', sdkComponent: 'workflow' }),
      expect.objectContaining({ level: 'debug', msg: 'Activity started', activityType: 'buyLabel' }),
      expect.objectContaining({ level: 'error', msg: 'boom' }),
    ]);
  });
});

describe('a log line that cannot be written', () => {
  it('is replaced by a line saying so, and the caller goes on (a throwing serializer; pino itself copes with a throwing toJSON)', () => {
    const out = capture();
    const logger = createLogger({ service: 'api', level: 'info', destination: out.stream });
    expect(() => logger.info({ value: { toJSON() { throw new URIError('URI malformed'); } } }, 'first')).not.toThrow();
    expect(() => logger.child({}, { serializers: { req: () => { throw new Error('serializer broke'); } } }).info({ req: {} }, 'second')).not.toThrow();
    logger.info('third');
    expect(out.lines()).toEqual([
      expect.objectContaining({ level: 'info', msg: 'first' }),
      expect.objectContaining({ level: 'info', logFailure: 'serializer broke', msg: 'a log line could not be written' }),
      expect.objectContaining({ msg: 'third' }),
    ]);
  });

  it('never throws even when the destination itself throws', () => {
    const broken = new Writable({ write() { throw new Error('disk gone'); } });
    const logger = createLogger({ service: 'api', level: 'info', destination: broken });
    expect(() => logger.info('anything')).not.toThrow();
  });
});
