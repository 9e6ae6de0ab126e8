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
  type Tracer,
} from '@opentelemetry/api';
import { Logger } from '@nestjs/common';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_ERROR_TYPE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

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

const propagator = new W3CTraceContextPropagator();

/**
 * The active context travels with async work through one AsyncLocalStorage for the whole process (the API is
 * OpenTelemetry's, and global). Registered once, when the first app with tracing starts; it holds no app's state,
 * so two apps in one process (the tests) share it safely. Only the tracer provider is each app's own.
 */
let contextManagerSet = false;
function ensureContextManager(): void {
  if (contextManagerSet) return;
  contextManagerSet = context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
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

  constructor(options: TracingOptions) {
    if (!options.url) return;
    ensureContextManager();
    this.provider = new TracerProvider({
      resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
      sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.sampleRatio) }),
      spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: options.url, headers: options.headers }) })],
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
    if (!this.tracer) return undefined;
    const parent = propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
    const span = this.tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
    return { span, ctx: trace.setSpan(parent, span) };
  }

  /**
   * Runs `work` in a span, a child of the active one. Without an active trace (and without `root` or a
   * `traceparent`) the work runs untraced: a relay's empty poll makes no trace of its own. A throw marks the span
   * as an error and goes on.
   */
  span<T>(name: string, options: SpanOptions, work: (span?: Span) => Promise<T>): Promise<T> {
    if (!this.tracer) return work();
    let parent = context.active();
    if (options.traceparent) parent = propagator.extract(ROOT_CONTEXT, { traceparent: options.traceparent }, defaultTextMapGetter);
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
    if (!this.tracer || !trace.getSpan(context.active())) return undefined;
    const carrier: Record<string, string> = {};
    propagator.inject(context.active(), carrier, defaultTextMapSetter);
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
