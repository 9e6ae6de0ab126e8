import { describe, expect, it } from '@jest/globals';
import * as conventions from '@opentelemetry/semantic-conventions';
import * as ours from './attributes.js';

describe('the span attribute names', () => {
  it('are OpenTelemetry’s stable semantic conventions, name for name', () => {
    expect(Object.keys(ours).length).toBeGreaterThan(0);
    for (const [name, value] of Object.entries(ours)) expect([name, value]).toEqual([name, conventions[name as keyof typeof conventions]]);
  });
});
