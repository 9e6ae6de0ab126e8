import { createRequire } from 'node:module';
import {
  type Attributes,
  type Context,
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type TextMapPropagator,
  type Tracer,
} from '@opentelemetry/api';
import { Logger } from '@nestjs/common';
import type { TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_ERROR_TYPE, ATTR_SERVICE_NAME } from './attributes.js';

export interface TracingOptions {
  /** Where spans are sent (OTLP over HTTP, JSON), in full: `https://collector:4318/v1/traces`. Unset: tracing is off. */
  url?: string;
  /** Sent with every export (a hosted collector's key). */
  headers?: Record<string, string>;
  serviceName: string;
  /** The share of new traces kept; a caller's traceparent decides its own trace. */
  sampleRatio: number;
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /**
   * A trace to continue, as a W3C traceparent (a job carries the one of the request that caused it). Makes the span
   * even when nothing is active.
   */
  traceparent?: string | null;
  /** Make the span even when no trace is active (a scheduled job starts its own). Otherwise the work runs untraced. */
  root?: boolean;
}

/**
 * OpenTelemetry's SDK (the tracer provider, the OTLP exporter, the context manager), loaded only when a collector is
 * configured: a process without tracing never holds its 1.3 MB of source (issue 19, memory). Required, not imported,
 * so that a Tracing is still made synchronously; the packages are CommonJS.
 */
const sdk = () => {
  const load = createRequire(import.meta.url);
  return {
    ...(load('@opentelemetry/context-async-hooks') as typeof import('@opentelemetry/context-async-hooks')),
    ...(load('@opentelemetry/core') as typeof import('@opentelemetry/core')),
    ...(load('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')),
    ...(load('@opentelemetry/resources') as typeof import('@opentelemetry/resources')),
    ...(load('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace')),
  };
};

/**
 * The active context travels with async work through one AsyncLocalStorage for the whole process (the API is
 * OpenTelemetry's, and global). Registered once, when the first app with tracing starts; it holds no app's state,
 * so two apps in one process (the tests) share it safely. Only the tracer provider is each app's own.
 */
let contextManagerSet = false;
function ensureContextManager(otel: ReturnType<typeof sdk>): void {
  if (contextManagerSet) return;
  contextManagerSet = context.setGlobalContextManager(new otel.AsyncLocalStorageContextManager().enable());
}

/**
 * OpenTelemetry traces for an IT team's collector (Jaeger, Tempo, Honeycomb through an OpenTelemetry Collector):
 * a span per request, per database transaction and statement, per job and per malware scan, one trace from a
 * request to the jobs it caused. Off unless a collector is configured, and then every method below is a plain
 * call of the work: a request pays nothing for tracing it does not have.
 *
 * The tracer provider is this app's own, never registered globally, so two apps in one process never mix their
 * spans; code that makes spans asks this service, never `trace.getTracer()`.
 */
export class Tracing {
  private readonly provider?: TracerProvider;
  private readonly tracer?: Tracer;
  /** W3C trace context: reads a caller's traceparent, writes ours for a job. */
  private readonly propagator?: TextMapPropagator;

  constructor(options: TracingOptions) {
    if (!options.url) return;
    const otel = sdk();
    ensureContextManager(otel);
    this.propagator = new otel.W3CTraceContextPropagator();
    this.provider = new otel.TracerProvider({
      resource: otel.resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
      sampler: new otel.ParentBasedSampler({ root: new otel.TraceIdRatioBasedSampler(options.sampleRatio) }),
      spanProcessors: [new otel.BatchSpanProcessor({ exporter: new otel.OTLPTraceExporter({ url: options.url, headers: options.headers }) })],
    });
    this.tracer = this.provider.getTracer('commonweal');
  }

  get enabled(): boolean {
    return this.tracer !== undefined;
  }

  /**
   * A span for a request arriving, continuing the caller's trace when it sent a traceparent (a gateway's, a load
   * balancer's). The caller ends it, and runs the request's work in the returned context.
   */
  startServer(name: string, headers: Record<string, string | string[] | undefined>, attributes: Attributes): { span: Span; ctx: Context } | undefined {
    if (!this.tracer || !this.propagator) return undefined;
    const parent = this.propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
    const span = this.tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
    return { span, ctx: trace.setSpan(parent, span) };
  }

  /**
   * Runs `work` in a span, a child of the active one. Without an active trace (and without `root` or a
   * `traceparent`) the work runs untraced: a relay's empty poll makes no trace of its own. A throw marks the span
   * as an error and goes on.
   */
  span<T>(name: string, options: SpanOptions, work: (span?: Span) => Promise<T>): Promise<T> {
    if (!this.tracer || !this.propagator) return work();
    let parent = context.active();
    if (options.traceparent) parent = this.propagator.extract(ROOT_CONTEXT, { traceparent: options.traceparent }, defaultTextMapGetter);
    else if (!trace.getSpan(parent) && !options.root) return work();
    const span = this.tracer.startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent);
    return context.with(trace.setSpan(parent, span), async () => {
      try {
        return await work(span);
      } catch (err) {
        failed(span, err);
        throw err;
      } finally {
        span.end();
      }
    });
  }

  /** The active trace as a W3C traceparent, for work done later in its name (a job); none when tracing is off. */
  traceparent(): string | undefined {
    if (!this.propagator || !trace.getSpan(context.active())) return undefined;
    const carrier: Record<string, string> = {};
    this.propagator.inject(context.active(), carrier, defaultTextMapSetter);
    return carrier.traceparent;
  }

  /** Sends what is waiting (a test reads its collector after it; shutdown calls it). */
  async flush(): Promise<void> {
    await this.provider?.forceFlush();
  }

  /**
   * Nest calls it as the app closes: what is waiting is sent, then the exporter stops. A collector that is away
   * loses those spans and is said in the log; it never stops the process closing.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.provider?.shutdown().catch((err: Error) => new Logger('Tracing').warn(`Spans not sent at shutdown: ${err.message}`));
  }
}

/**
 * The active trace's ids for a log line (`trace_id`, `span_id`, as OpenTelemetry's log conventions name them), so
 * an IT team goes from a log line to its trace and back; nothing outside a trace.
 */
export function traceFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/**
 * Marks a span failed with the kind of what went wrong: a code when the error has one (PostgreSQL's SQLSTATE,
 * Node's errno name), else the error's class; never its message, which may quote what a person typed.
 */
export function failed(span: Span, err: unknown): void {
  const code = (err as { code?: unknown } | null)?.code;
  const type = typeof code === 'string' && code ? code : err instanceof Error ? err.constructor.name : typeof err;
  span.setAttribute(ATTR_ERROR_TYPE, type);
  span.setStatus({ code: SpanStatusCode.ERROR });
}
