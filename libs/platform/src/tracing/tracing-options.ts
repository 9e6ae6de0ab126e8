import type { AppConfig } from '../config/app-config.js';
import type { TracingOptions } from './tracing.js';

/** Which of the deployables a process is: its spans are told apart by service name. */
export type ProcessRole = 'api' | 'worker';

/**
 * The tracing options the environment asks for, read as OpenTelemetry's own variables are read by every SDK
 * (so an IT team's existing settings work): the traces endpoint in full, or the collector's base with
 * `/v1/traces` added; headers as `key=value` pairs, comma separated, values URL-encoded.
 */
export function tracingOptions(config: AppConfig, role: ProcessRole): TracingOptions {
  const base = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  const url = config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  return {
    url,
    headers: parseHeaders(config.OTEL_EXPORTER_OTLP_HEADERS),
    serviceName: config.OTEL_SERVICE_NAME ?? `commonweal-${role}`,
    sampleRatio: config.OTEL_TRACES_SAMPLER_ARG,
  };
}

/** `api-key=abc%3D,team=x` as headers; the configuration's own check has already refused a malformed list. */
export function parseHeaders(list: string | undefined): Record<string, string> | undefined {
  if (!list) return undefined;
  const headers: Record<string, string> = {};
  for (const pair of list.split(',')) {
    const at = pair.indexOf('=');
    headers[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}
