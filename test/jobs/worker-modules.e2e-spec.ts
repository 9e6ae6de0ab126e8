import { describe, expect, it } from '@jest/globals';
import type { DynamicModule, Type } from '@nestjs/common';
import { loadConfig } from '#platform';
import { AppModule } from '../../apps/api/src/app.module.js';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';

const moduleName = (m: unknown) => ((m as DynamicModule).module ?? (m as Type)).name;

/**
 * With Redis, the worker runs every job and the API none: a context module the API imports and the worker does
 * not is a job handler that never runs (the Open Contracting publication was one: "no handler for outbox topic
 * ocds.publish-process", retried until it failed, and nothing was published).
 */
describe('the worker', () => {
  it('imports every module the API imports', () => {
    const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'a-test-secret-a-test-secret-a-test-secret', COMMONWEAL_DATA_DIR: 'memory://' });
    const api = new Set((AppModule.forRoot(config).imports ?? []).map(moduleName));
    const worker = new Set((WorkerModule.forRoot(config).imports ?? []).map(moduleName));
    expect(api.size).toBeGreaterThan(8);
    expect([...api].filter((m) => !worker.has(m))).toEqual([]);
  });
});
