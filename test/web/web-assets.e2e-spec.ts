import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** The assets pages load: from our own origin, and never the GDS Transport typeface (GOV.UK services only). */
describe('web assets', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  it('serves GOV.UK Frontend’s stylesheet without the GDS Transport font faces, and everything else in it', async () => {
    const res = await t.http.get('/assets/govuk/govuk-frontend.min.css');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/css/);
    expect(res.text).not.toMatch(/@font-face\{font-family:"?GDS Transport/);
    expect(res.text).not.toContain('/assets/fonts/');
    expect(res.text).toContain('.govuk-button');
    expect(res.text.length).toBeGreaterThan(100_000);
  });
});
