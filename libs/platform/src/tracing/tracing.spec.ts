import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Tracing, traceFields } from './tracing.js';

describe('Tracing', () => {
  // Somewhere to export to that takes everything; what arrives there is the end-to-end suite's to read.
  let sink: Server;
  beforeAll(async () => {
    sink = createServer((req, res) => req.resume().on('end', () => res.end('{}')));
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    sink.closeAllConnections();
    await new Promise((resolve) => sink.close(resolve));
  });
  const on = () => new Tracing({ url: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/v1/traces`, serviceName: 'commonweal-test', sampleRatio: 1 });

  it('names the active trace on log lines, and nothing outside one', async () => {
    const tracing = on();
    expect(traceFields()).toEqual({});
    const inside = await tracing.span('job', { root: true }, async (span) => ({ fields: traceFields(), ids: span!.spanContext() }));
    expect(inside.fields).toEqual({ trace_id: inside.ids.traceId, span_id: inside.ids.spanId });
    expect(inside.fields.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(traceFields()).toEqual({});
    await tracing.onApplicationShutdown();
  });

  it('continues a carried traceparent, and gives the active one to carry on; makes no trace of its own unless asked', async () => {
    const tracing = on();
    const carried = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const { fields, given } = await tracing.span('job', { traceparent: carried }, async () => ({ fields: traceFields(), given: tracing.traceparent() }));
    expect(fields.trace_id).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(given).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(given).not.toContain('b7ad6b7169203331');
    expect(await tracing.span('poll', {}, async (span) => span)).toBeUndefined();
    expect(tracing.traceparent()).toBeUndefined();
    await tracing.onApplicationShutdown();
  });

  it('off, runs the work and nothing else', async () => {
    const tracing = new Tracing({ serviceName: 'commonweal-test', sampleRatio: 1 });
    expect(tracing.enabled).toBe(false);
    expect(await tracing.span('job', { root: true }, async (span) => [span, traceFields()])).toEqual([undefined, {}]);
    await expect(tracing.span('job', { root: true }, async () => Promise.reject(new Error('kept')))).rejects.toThrow('kept');
    expect(tracing.traceparent()).toBeUndefined();
  });
});
