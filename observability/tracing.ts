/**
 * Optional OpenTelemetry tracing (`@temporalio/interceptors-opentelemetry`), on only when OTEL_EXPORTER_OTLP_ENDPOINT
 * is set: spans of the client calls (start, update, signal, query), the workflow runs (exported from the workflow
 * sandbox through the `exporter` sink) and the activities go over OTLP/HTTP (JSON) to `<endpoint>/v1/traces`, linked
 * into one trace per claim start through Temporal headers. Unset: nothing is created or registered.
 */
import { context, diag, DiagLogLevel, propagation, ROOT_CONTEXT, trace, type Context, type ContextManager } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ClientInterceptors } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AppConfig } from '../config/env';

/** The workflow interceptor module of `@temporalio/interceptors-opentelemetry`, bundled with the workflows when tracing. */
export const tracingWorkflowInterceptorModule: string = require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

/** Tracing of one process: interceptors for its Temporal client and worker, and `shutdown()` to flush. */
export interface Tracing {
  /** `service.name` on every span of this process. */
  serviceName: string;
  /** The OTLP/HTTP URL spans are POSTed to. */
  tracesUrl: string;
  /** For `new Client({ interceptors })` / `connectTemporal(config, { interceptors })`. */
  clientInterceptors: ClientInterceptors;
  /** Activity interceptors and the workflow span `exporter` sink, for `Worker.create` (see `tracingWorkerOptions`). */
  workerOptions: Required<Pick<WorkerOptions, 'sinks'>> & { interceptors: { activity: NonNullable<NonNullable<WorkerOptions['interceptors']>['activity']> } };
  /** Exports the spans still buffered (a failure is logged, not thrown), then unregisters the global OpenTelemetry state. */
  shutdown(): Promise<void>;
}

/** Where tracing reports its own trouble (a collector that cannot be reached): the process's pino logger. */
export interface TracingLogger {
  warn(details: object, message: string): void;
}

/** Where spans of `config` go, or undefined when tracing is off (OTEL_EXPORTER_OTLP_ENDPOINT unset). */
export function tracesUrlOf(config: AppConfig): string | undefined {
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  return `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
}

/**
 * Starts tracing for a process (`component` is `worker` or `api`, the default service name's suffix) and registers
 * the global tracer provider, W3C trace-context propagator and an AsyncLocalStorage context manager, which the
 * interceptors use to carry the trace into Temporal headers. Returns undefined, touching nothing, when tracing is off.
 */
export function startTracing(config: AppConfig, component: 'worker' | 'api', logger: TracingLogger): Tracing | undefined {
  const tracesUrl = tracesUrlOf(config);
  if (!tracesUrl) return undefined;
  const warn = (message: string) => (...args: unknown[]) => logger.warn({ component: 'tracing', details: args.map(String) }, message);
  diag.setLogger({ error: warn('opentelemetry error'), warn: warn('opentelemetry warning'), info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
  const serviceName = config.OTEL_SERVICE_NAME ?? `replacement-fulfilment-${component}`;
  const resource = new Resource({ 'service.name': serviceName, 'service.namespace': 'replacement-fulfilment' });
  const spanProcessor: SpanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl }), { scheduledDelayMillis: 1_000 });
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  const contextManager = new AsyncLocalStorageContextManager();
  provider.register({ contextManager });
  const tracer = provider.getTracer('replacement-fulfilment');
  return {
    serviceName,
    tracesUrl,
    clientInterceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer })] },
    workerOptions: {
      interceptors: {
        activity: [(ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer }),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        })],
      },
      sinks: { exporter: makeWorkflowExporter(spanProcessor, resource) },
    },
    async shutdown() {
      try {
        await provider.shutdown(); // flushes the batch processor, then shuts the exporter down
      } catch (error) {
        logger.warn({ component: 'tracing', err: error, tracesUrl }, 'tracing: buffered spans not exported at shutdown');
      }
      diag.disable();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

/** The OpenTelemetry context carried across awaits with AsyncLocalStorage (what `@opentelemetry/context-async-hooks` does). */
class AsyncLocalStorageContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();

  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.storage.run(ctx, () => fn.apply(thisArg, args));
  }

  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const run = (...args: unknown[]) => this.with(ctx, () => (target as (...a: unknown[]) => unknown)(...args));
    return run as T;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.storage.disable();
    return this;
  }
}
