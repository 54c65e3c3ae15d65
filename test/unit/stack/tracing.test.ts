/**
 * observability/tracing.ts and its settings: off (nothing registered) unless OTEL_EXPORTER_OTLP_ENDPOINT is set; bad
 * values named; on, it registers the global provider, propagator and context manager, and shutdown() removes them.
 * Also the workflow-source choice: a traced worker uses a prebuilt bundle only if it holds the tracing module.
 */
import { context, createContextKey, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../../config/env';
import { startTracing, tracesUrlOf, tracingWorkflowInterceptorModule } from '../../../observability/tracing';
import { prebuiltBundlePath } from '../../../worker/create-worker';
import { workflowInterceptorModules, workflowSourceOptions } from '../../../worker/workflow-source';

const probeKey = createContextKey('probe');

/** Collects what tracing warns about. */
function recordingLogger() {
  const warnings: Array<{ details: object; message: string }> = [];
  return { warnings, warn: (details: object, message: string) => void warnings.push({ details, message }) };
}

/** What the global OpenTelemetry API does now: records spans, propagates a trace, carries context across awaits. */
async function globalApiState() {
  const span = trace.getTracer('probe').startSpan('probe');
  const recording = span.isRecording();
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), carrier);
  const carried = await context.with(ROOT_CONTEXT.setValue(probeKey, 'kept'), async () => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return context.active().getValue(probeKey);
  });
  span.end();
  return { recording, traceparent: 'traceparent' in carrier, carried: carried === 'kept' };
}

describe('tracing settings', () => {
  it('is off by default', () => {
    const config = loadConfig({});
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(tracesUrlOf(config)).toBeUndefined();
  });

  it('names a bad endpoint or service name with the reason', () => {
    let problems: string[] = [];
    try {
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://collector:4318', OTEL_SERVICE_NAME: 'has spaces' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual(expect.arrayContaining([
      'OTEL_EXPORTER_OTLP_ENDPOINT: must be an http(s) URL',
      'OTEL_SERVICE_NAME: must be 1–100 characters without spaces',
    ]));
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow('OTEL_EXPORTER_OTLP_ENDPOINT: must be an http(s) URL');
  });

  it('sends spans to <endpoint>/v1/traces', () => {
    expect(tracesUrlOf(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318/' }))).toBe('http://otel-collector:4318/v1/traces');
    expect(tracesUrlOf(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.example.com/otlp' }))).toBe('https://otlp.example.com/otlp/v1/traces');
  });
});

describe('startTracing', () => {
  it('with the endpoint unset installs nothing: the global API stays a no-op', async () => {
    expect(startTracing(loadConfig({ OTEL_SERVICE_NAME: 'ignored' }), 'worker', recordingLogger())).toBeUndefined();
    expect(await globalApiState()).toEqual({ recording: false, traceparent: false, carried: false });
  });

  it('with the endpoint set registers provider, W3C propagator and context manager until shutdown', async () => {
    const logger = recordingLogger();
    const tracing = startTracing(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' }), 'api', logger)!;
    try {
      expect(tracing).toMatchObject({ serviceName: 'replacement-fulfilment-api', tracesUrl: 'http://127.0.0.1:1/v1/traces' });
      expect(tracing.clientInterceptors.workflow).toHaveLength(1);
      expect(tracing.workerOptions.interceptors.activity).toHaveLength(1);
      expect(Object.keys(tracing.workerOptions.sinks)).toEqual(['exporter']);
      expect(await globalApiState()).toEqual({ recording: true, traceparent: true, carried: true });
    } finally {
      await tracing.shutdown();
    }
    expect(await globalApiState()).toEqual({ recording: false, traceparent: false, carried: false });
    // Nothing listens on port 1: the probe span could not be exported, which is logged, not thrown.
    expect(logger.warnings.map((warning) => warning.message)).toContain('tracing: buffered spans not exported at shutdown');
  });

  it('takes the service name from OTEL_SERVICE_NAME', async () => {
    const tracing = startTracing(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1', OTEL_SERVICE_NAME: 'rf-eu-worker' }), 'worker', recordingLogger())!;
    await tracing.shutdown();
    expect(tracing.serviceName).toBe('rf-eu-worker');
  });
});

describe('workflowSourceOptions with tracing', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rf-tracing-bundle-'));
  const plainBundle = path.join(dir, 'plain.js');
  const tracedBundle = path.join(dir, 'traced.js');
  fs.writeFileSync(plainBundle, '/* ./observability/workflow-log-attributes.ts */');
  fs.writeFileSync(tracedBundle, '/* ./node_modules/@temporalio/interceptors-opentelemetry/lib/workflow-interceptors.js */');

  const noPrebuiltBundle = fs.existsSync(prebuiltBundlePath) ? it.skip : it; // dist/ present: the bundle is used instead

  noPrebuiltBundle('bundles the tracing workflow module only when tracing', () => {
    expect(workflowSourceOptions(undefined, false)).toEqual({ interceptors: { workflowModules: workflowInterceptorModules } });
    expect(workflowSourceOptions(undefined, true)).toEqual({ interceptors: { workflowModules: [...workflowInterceptorModules, tracingWorkflowInterceptorModule] } });
  });

  it('uses a prebuilt bundle when tracing only if it holds the tracing module', () => {
    expect(workflowSourceOptions(plainBundle, false)).toEqual({ workflowBundle: { codePath: plainBundle } });
    expect(workflowSourceOptions(plainBundle, true)).toEqual({ interceptors: { workflowModules: [...workflowInterceptorModules, tracingWorkflowInterceptorModule] } });
    expect(workflowSourceOptions(tracedBundle, true)).toEqual({ workflowBundle: { codePath: tracedBundle } });
  });
});
