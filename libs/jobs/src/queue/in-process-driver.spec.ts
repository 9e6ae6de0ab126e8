import { describe, expect, it } from '@jest/globals';
import { InProcessDriver } from './in-process-driver.js';
import type { AttemptInfo, QueuedJob } from './queue-driver.js';

const job = (id: string): QueuedJob => ({ id, name: 'test', data: {} });

describe('the in-process queue driver', () => {
  it('runs a job once however often it is enqueued while queued or running', async () => {
    const d = new InProcessDriver({ attempts: 3, backoffMs: 1, concurrency: 2 });
    const runs: string[] = [];
    await d.start(async (j) => {
      runs.push(j.id);
      await new Promise((r) => setTimeout(r, 5));
    });
    await d.enqueue([job('a'), job('a'), job('b')]);
    await d.enqueue([job('a')]);
    await d.whenIdle();
    expect(runs.sort()).toEqual(['a', 'b']);
    await d.close();
  });

  it('retries with doubling delays, tells the processor which attempt is the last, and stops there', async () => {
    const d = new InProcessDriver({ attempts: 3, backoffMs: 20, concurrency: 1 });
    const attempts: (AttemptInfo & { at: number })[] = [];
    await d.start(async (_j, a) => {
      attempts.push({ ...a, at: Date.now() });
      throw new Error('always fails');
    });
    await d.enqueue([job('x')]);
    await d.whenIdle();
    expect(attempts.map((a) => [a.attempt, a.final])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(18);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(38);
    await d.close();
  });

  it('never runs more than `concurrency` jobs at once', async () => {
    const d = new InProcessDriver({ attempts: 1, backoffMs: 1, concurrency: 3 });
    let running = 0;
    let peak = 0;
    await d.start(async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 3));
      running--;
    });
    await d.enqueue(Array.from({ length: 20 }, (_, i) => job(`j${i}`)));
    await d.whenIdle();
    expect(peak).toBe(3);
    await d.close();
  });

  it('refuses work once closed, so the relay keeps the message in the outbox', async () => {
    const d = new InProcessDriver({ attempts: 1, backoffMs: 1, concurrency: 1 });
    await d.close();
    await expect(d.enqueue([job('late')])).rejects.toThrow('closed');
  });
});
