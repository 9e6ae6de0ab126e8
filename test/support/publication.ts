import { asOwner, type TestApp } from './test-app.js';
import { waitUntil } from './wait.js';

/** Every Open Contracting publication queued so far has been handled by the job (a timeout names what is left, and why). */
export async function publicationsDone(t: TestApp) {
  const left = () =>
    asOwner<{ status: string; last_error: string | null }>(
      t,
      `SELECT status, last_error FROM outbox_messages WHERE topic = 'ocds.publish-process' AND status <> 'done' ORDER BY id LIMIT 5`,
    );
  try {
    await waitUntil(async () => (await left()).length === 0, 60_000, 'the Open Contracting publications');
  } catch (err) {
    throw new Error(`${(err as Error).message}: ${JSON.stringify(await left())}`);
  }
}
