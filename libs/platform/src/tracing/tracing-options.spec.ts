import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../config/app-config.js';
import { tracingOptions } from './tracing-options.js';

describe('tracing options, read as OpenTelemetry SDKs read their variables', () => {
  it('is off unless a collector is named', () => {
    expect(tracingOptions(loadConfig({}), 'api').url).toBeUndefined();
  });

  it('adds /v1/traces to the collector base, and takes a traces endpoint as it is', () => {
    expect(tracingOptions(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }), 'api').url).toBe('http://collector:4318/v1/traces');
    const both = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example.org/otlp' });
    expect(tracingOptions(both, 'worker').url).toBe('https://traces.example.org/otlp');
  });

  it('names the service by its role unless told, and keeps every trace unless told', () => {
    const config = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' });
    expect(tracingOptions(config, 'worker')).toMatchObject({ serviceName: 'commonweal-worker', sampleRatio: 1 });
    const told = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SERVICE_NAME: 'procurement', OTEL_TRACES_SAMPLER_ARG: '0.25' });
    expect(tracingOptions(told, 'api')).toMatchObject({ serviceName: 'procurement', sampleRatio: 0.25 });
  });

  it('reads headers as URL-encoded name=value pairs', () => {
    const config = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=abc%3D%3D, x-team = procurement' });
    expect(tracingOptions(config, 'api').headers).toEqual({ 'x-api-key': 'abc==', 'x-team': 'procurement' });
  });

  it('refuses what it cannot use, naming the variable and the rule', () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT must be an http:\/\/ or https:\/\/ address/,
    );
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_HEADERS: 'just-a-key' })).toThrow(/OTEL_EXPORTER_OTLP_HEADERS must be name=value pairs/);
    for (const bad of ['1.5', '-0.1', 'all']) {
      expect(() => loadConfig({ OTEL_TRACES_SAMPLER_ARG: bad })).toThrow(/OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1/);
    }
  });
});
