import { asOwner, type TestApp } from './test-app.js';
import { waitUntil } from './wait.js';

/** Every Open Contracting publication queued so far has been handled by the job. */
export async function publicationsDone(t: TestApp) {
  await waitUntil(
    async () =>
      (await asOwner<{ n: number }>(t, `SELECT count(*)::int AS n FROM outbox_messages WHERE topic = 'ocds.publish-process' AND status <> 'done'`))[0].n === 0,
    60_000,
    'the Open Contracting publications',
  );
}
