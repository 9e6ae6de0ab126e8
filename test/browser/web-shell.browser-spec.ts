/// <reference lib="dom" />
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../apps/api/src/demo/demo-world.js';
import { hasChromium, launchChromium, screenshot, seriousViolations } from '../support/browser.js';
import { describeWhen } from '../support/services.js';
import { asOwner, startTestApp, type TestApp } from '../support/test-app.js';
import { waitUntil } from '../support/wait.js';

/**
 * The web shell in a real browser: every demo role signs in through the form
 * and lands on its own dashboard; every page visited passes axe-core with no
 * serious or critical WCAG 2.2 AA violation, loads without a console error,
 * and is saved as a screenshot under test/artifacts/.
 */
/** Chromium logs the HTTP status of every error page as a console error; the journeys assert those statuses themselves. */
const STATUS_LOG = /^Failed to load resource: the server responded with a status of \d{3}/;

describeWhen(
  hasChromium(),
  'Chromium not installed at /usr/bin/chromium',
  'the pages are tested in a real browser',
)('the web shell in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];
  const brokenResources: string[] = [];
  const visited: { name: string; violations: string[] }[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000', LOG_LEVEL: process.env.DEBUG_LOG ?? 'silent' } });
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function fresh() {
    await context?.close();
    context = await browser.newContext({ baseURL: base });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && !STATUS_LOG.test(m.text())) consoleErrors.push(`${m.location().url}: ${m.text()}`);
    });
    // Stylesheets, scripts, images: everything a page pulls in must be served (from our own origin).
    page.on('response', (r) => {
      if (['stylesheet', 'script', 'image', 'font'].includes(r.request().resourceType()) && r.status() >= 400)
        brokenResources.push(`${r.status()} ${r.url()} on ${page.url()}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) brokenResources.push(`other host: ${r.url()}`);
    });
  }

  /** Every page the journeys reach goes through here. */
  async function check(name: string) {
    await page.waitForLoadState('load');
    await screenshot(page, name);
    visited.push({
      name,
      violations: (await seriousViolations(page)).map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    });
  }

  async function signIn(email: string, password = DEMO_PASSWORD) {
    await page.goto('/sign-in');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
  }

  const roles: [string, string, string][] = [
    ['admin@northmere.test', 'Authority admin', 'E-mails sent for your authority'],
    ['commissioner@northmere.test', 'Commissioner', 'Youth services: community youth clubs under franchise'],
    ['evaluator1@northmere.test', 'Evaluator', 'Reducing re-offending: outcomes partnership'],
    ['contracts@northmere.test', 'Contract manager', 'NCC-2023-031: Reducing re-offending: outcomes partnership'],
    ['auditor@northmere.test', 'Auditor', 'The audit log of your authority holds'],
    ['scrutiny@northmere.test', 'Scrutiny member', 'No reports have been shared with you yet'],
    ['bids@brightpath.test', 'Provider', 'Tenders you follow at Northmere City Council'],
    ['operator@commonweal.test', 'Platform operator', 'Southvale NHS Integrated Care Board'],
  ];

  it.each(roles)('%s signs in and sees the %s dashboard', async (email, heading, content) => {
    await fresh();
    await signIn(email);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    await expect(page.getByRole('heading', { level: 2, name: heading }).count()).resolves.toBe(1);
    await expect(page.locator('main').textContent()).resolves.toContain(content);
    // Only the navigation this role may use.
    await expect(page.getByRole('link', { name: 'E-mails sent', exact: true }).count()).resolves.toBe(heading === 'Authority admin' ? 1 : 0);
    await check(`dashboard-${heading}`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('You have signed out').count()).resolves.toBe(1);
    await page.goto('/dashboard');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('offers a skip link as the first thing a keyboard reaches, leading to the main content', async () => {
    await fresh();
    await page.goto('/sign-in');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe('Skip to main content');
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('main-content');
  });

  it('shows the GOV.UK error summary for a wrong password and for empty fields, linked to the fields', async () => {
    await fresh();
    await signIn('commissioner@northmere.test', 'not-the-password');
    const summary = page.locator('.govuk-error-summary');
    await expect(summary.textContent()).resolves.toContain('The e-mail address or password is not right');
    await expect(page.title()).resolves.toMatch(/^Error: /);
    // GOV.UK Frontend moves focus to the summary so a screen reader announces it.
    await expect(page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).resolves.toBe(true);
    await expect(page.getByLabel('E-mail address').inputValue()).resolves.toBe('commissioner@northmere.test');
    await check('sign-in-wrong-password');

    await page.getByLabel('E-mail address').fill('');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Enter your e-mail address', 'Enter your password']);
    await page.locator('.govuk-error-summary__list a').first().click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('email');
    await check('sign-in-empty');
  });

  it('refuses a form posted without its CSRF token, signed in or not', async () => {
    await fresh();
    await page.goto('/sign-in');
    await page.evaluate(() => document.querySelector('input[name=_csrf]')?.remove());
    await page.getByLabel('E-mail address').fill('admin@northmere.test');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/sign-in') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    expect(response.status()).toBe(403);
    await expect(page.locator('h1').textContent()).resolves.toBe('The form has expired');
    await check('csrf-refused');

    await signIn('admin@northmere.test');
    // A form from another site: right cookies (the browser sends them), no token.
    const status = await page.evaluate(
      async () => (await fetch('/sign-out', { method: 'POST', body: new URLSearchParams({ _csrf: 'forged' }), redirect: 'manual' })).status,
    );
    expect(status).toBe(403);
    await page.goto('/dashboard');
    expect(new URL(page.url()).pathname).toBe('/dashboard');
  });

  it('lets a provider switch between the authorities it bids to', async () => {
    await fresh();
    await signIn('bids@castleton.test');
    await expect(page.locator('main').textContent()).resolves.toContain('Tenders you follow at Northmere City Council');
    await expect(page.locator('main').textContent()).resolves.toContain('NCC-2026-017');
    await page.getByLabel('Authority you are looking at').selectOption({ label: 'Southvale NHS Integrated Care Board' });
    await page.getByRole('button', { name: 'Switch authority' }).click();
    await page.waitForLoadState('load');
    const main = await page.locator('main').textContent();
    expect(main).toContain('Tenders you follow at Southvale NHS Integrated Care Board');
    expect(main).toContain('SVICB-2026-004');
    expect(main).not.toContain('NCC-2026-017');
    await check('provider-switched');
  });

  it('lets a provider find open tenders of every authority and follow one, which then shows on its dashboard', async () => {
    await fresh();
    await signIn('bids@meadow.test');
    await page.getByRole('link', { name: 'Find a tender' }).click();
    await page.waitForLoadState('load');
    const main = await page.locator('main').textContent();
    expect(main).toContain('Northmere City Council');
    expect(main).toContain('Southvale NHS Integrated Care Board');
    await check('find-a-tender');
    await page.getByRole('button', { name: 'Follow Youth services: community youth clubs under franchise' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('You are following the tender').count()).resolves.toBe(1);
    await check('find-a-tender-followed');
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForLoadState('load');
    await page.getByLabel('Authority you are looking at').selectOption({ label: 'Northmere City Council' });
    await page.getByRole('button', { name: 'Switch authority' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('main').textContent()).resolves.toContain('NCC-2026-014');
  });

  it('shows the authority admin the e-mails sent, each with its message, and the failed jobs', async () => {
    await fresh();
    await signIn('admin@northmere.test');
    await page.getByRole('link', { name: 'E-mails sent', exact: true }).click();
    await page.waitForLoadState('load');
    await check('admin-emails');
    const subjects = await page.locator('tbody a').allTextContents();
    expect(subjects.length).toBeGreaterThan(0);
    // A deadline reminder (the demo's contract manager is sent a commitment review reminder too).
    await page.locator('tbody a', { hasText: 'Closes in' }).first().click();
    await page.waitForLoadState('load');
    await expect(page.locator('main').textContent()).resolves.toContain('Bids cannot be submitted or replaced after the deadline.');
    await check('admin-email');
    await page.getByRole('link', { name: 'Failed jobs' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('h1').textContent()).resolves.toBe('Failed jobs');
    await check('admin-failed-jobs');
  });

  it('lets a commissioner read a commissioning cycle whole, start one and build its outcomes framework', async () => {
    await fresh();
    await signIn('commissioner@northmere.test');
    await page.getByRole('link', { name: 'Commissioning cycles' }).click();
    await page.waitForLoadState('load');
    await check('cycles');
    await page.getByRole('link', { name: 'Youth services for Northmere' }).click();
    await page.waitForLoadState('load');
    const main = await page.locator('main').textContent();
    expect(main).toContain('Restricted category: Youth services');
    expect(main).toContain('Ready for tender');
    expect(main).toContain('white (ethnicity) is over-represented');
    expect(main).toContain('Keep clubs open on Friday and Saturday evenings.');
    expect(main).toContain('The service depends on a close personal relationship with the citizen');
    await check('cycle-youth-services');

    await page.goto('/cycles/new');
    await page.getByRole('button', { name: 'Start the cycle' }).click();
    await page.waitForLoadState('load');
    await expect(page.title()).resolves.toMatch(/^Error: /);
    await expect(page.locator('.govuk-error-summary__list a').count()).resolves.toBeGreaterThan(3);
    await check('cycle-new-errors');
    await page.getByLabel('Reference').fill('NCC-CYC-2027-B1');
    await page.getByLabel('Service need').fill('Holiday activities and food');
    await page.getByLabel('What is this service for?').fill('Children eat well and play in the school holidays');
    await page.getByLabel('To whom is it accountable?').fill('Families, and the Children and Young People Scrutiny Committee');
    await page.getByLabel('How will we know it succeeds?').fill('Children attend, and families say it helped');
    await page.getByRole('button', { name: 'Start the cycle' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('The cycle has been started.').count()).resolves.toBe(1);
    await expect(page.locator('main').textContent()).resolves.toContain('The cycle has no outcomes framework yet');

    await page.getByText('Add an outcome').click();
    await page.getByLabel('Describe the outcome').fill('Fewer children go hungry in the holidays');
    await page.getByRole('button', { name: 'Add the outcome' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
      'Select whether it is an outcome or an output',
      'Select where the outcome comes from',
    ]);
    await expect(page.getByLabel('Describe the outcome').inputValue()).resolves.toBe('Fewer children go hungry in the holidays');
    await page.locator('#kind-outcome').check();
    await page.locator('#source-community').check();
    await page.getByLabel('Indicators').fill('Children attending each week\nFamilies reporting food insecurity');
    await page.getByRole('button', { name: 'Add the outcome' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('The outcome has been added.').count()).resolves.toBe(1);
    await expect(page.locator('#outcomes + table').textContent()).resolves.toContain('Children attending each week; Families reporting food insecurity');
    await check('cycle-outcome-added');

    // The delivery model decision: refused without in-house considered, then recorded with its flags.
    await page.getByRole('button', { name: 'Decide the delivery model' }).click();
    await page.waitForLoadState('load');
    await page.getByLabel('Competitive tender', { exact: true }).first().fill('Local groups and schools could run holiday clubs');
    await page.getByLabel('Grant').first().fill('Grants to existing holiday clubs');
    await page.locator('#chosen-grant').check();
    await page.getByLabel('Rationale').fill('Existing clubs know the families; grants keep them going');
    await page.getByLabel('In-house comparator cost over the term (£)').fill('1,200,000');
    await page.getByLabel('Annual value of the contract (£)').fill('350000');
    await page.getByLabel('Length (months)').fill('36');
    await page.getByLabel('Capital a provider needs (£)').fill('0');
    await page.locator('#forProfitEligible-no').check();
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
      'Consider delivering the service in-house before choosing another route',
    ]);
    await check('cycle-decision-errors');
    await page.getByLabel('In-house', { exact: true }).first().fill('No holiday provision left in-house; rebuilding it would take two summers');
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('The delivery model decision has been recorded.').count()).resolves.toBe(1);
    await expect(page.locator('main').textContent()).resolves.toContain('The delivery model decision chose grant, not a competitive tender');

    // Engagement, with who took part against the area's mix, and "you said, we did".
    await page.getByRole('button', { name: 'Record an engagement activity' }).click();
    await page.waitForLoadState('load');
    await page.getByLabel('Activity').fill('Drop-in sessions at three primary schools');
    await page.getByLabel('Customer service').check();
    await page.getByLabel('Consult', { exact: true }).check();
    await page.getByLabel('What is up for grabs?').fill('Venues, days and the food on offer');
    await page.getByLabel('Senior owner').fill('Head of Early Help');
    await page.getByLabel('Cost (£)').fill('850');
    await page.getByLabel('First day').fill('2026-10-05');
    await page.getByLabel('Last day').fill('2026-10-16');
    await page.locator('#p-sex-female').fill('40');
    await page.locator('#p-sex-male').fill('8');
    await check('cycle-engagement-form');
    await page.getByRole('button', { name: 'Record the activity' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('The engagement activity has been recorded.').count()).resolves.toBe(1);
    await expect(page.locator('main').textContent()).resolves.toContain('female (sex) is over-represented: 83.3% of participants against 51.0% of the area');
    await page.getByText('Add what participants said').click();
    await page.getByLabel('You said').fill('Open at 8am so parents can drop off before work');
    await page.getByLabel('The decision it concerns').selectOption('specification');
    await page.locator('input[name=changed][value=yes]').check();
    await page.getByLabel('We did (or why nothing changed)').fill('Sessions open at 8am in the specification');
    await page.getByRole('button', { name: 'Record it' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('main').textContent()).resolves.toContain('Open at 8am so parents can drop off before work');
    await check('cycle-you-said-we-did');

    // Home care has outputs only: the commissioner records why.
    await page.goto('/cycles');
    await page.getByRole('link', { name: 'Care at home for adults' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('button', { name: 'Record the reason' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Say why outputs alone are right for this service']);
    await page
      .getByLabel('Why are outputs alone right here?')
      .fill('Hours delivered is the statutory measure; outcomes are tracked through the adult social care survey');
    await page.getByRole('button', { name: 'Record the reason' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('The reason for outputs alone has been recorded.').count()).resolves.toBe(1);
    await expect(page.locator('main').textContent()).resolves.not.toContain('Every item in the outcomes framework is an output');
  });

  it('lets a commissioner answer a question, see bids sealed before the deadline and open them after it', async () => {
    await fresh();
    await signIn('commissioner@northmere.test');
    await page.getByRole('link', { name: 'Tenders', exact: true }).click();
    await page.waitForLoadState('load');
    await check('authority-tenders');
    await page.getByRole('link', { name: 'Youth services: community youth clubs under franchise' }).click();
    await page.waitForLoadState('load');
    let main = await page.locator('main').textContent();
    expect(main).toContain('Bids are sealed until the deadline');
    // Two providers have bid (the demo): neither price nor answer is anywhere on the page.
    expect(main).not.toContain('1,695,000');
    expect(main).not.toContain('will run the clubs with local volunteers');
    expect(main).toContain('Can one organisation bid for clubs in more than one ward?');
    expect(main).toContain('Youth services for Northmere');
    await check('authority-tender-open');
    await page
      .getByLabel('Attach a document')
      .setInputFiles({ name: 'tool.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ\x90\x00\x03binary') });
    await page.getByRole('button', { name: 'Attach the document' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').first().textContent()).resolves.toContain('This kind of file is not accepted');
    await page
      .getByLabel('Attach a document')
      .setInputFiles({ name: 'Specification.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n') });
    await page.getByRole('button', { name: 'Attach the document' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByRole('link', { name: 'Specification.pdf' }).count()).resolves.toBe(1);

    await page.goto('/authority/tenders');
    await page.getByRole('link', { name: 'Community meals and lunch clubs for older people' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('button', { name: 'Publish the answer' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Enter the answer']);
    await page.getByLabel('Answer').fill('The council lends its community centres free of charge on weekdays.');
    await page.getByRole('button', { name: 'Publish the answer' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('main').textContent()).resolves.toContain('The answer has been published to every bidder');
    await check('authority-tender-answered');

    await page.goto('/authority/tenders');
    await page.getByRole('link', { name: 'Short breaks for carers' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('main').textContent()).resolves.toContain('The deadline has passed');
    await page.getByRole('button', { name: 'Open the bids' }).click();
    await page.waitForLoadState('load');
    main = await page.locator('main').textContent();
    expect(main).toContain('The bids are open');
    for (const provider of ['Brightpath Community Interest Company', 'Castleton Care Ltd', 'Meadow Mutual']) expect(main).toContain(provider);
    expect(main).toContain('£598,000.00');
    await check('authority-tender-bids-opened');

    // A draft from the home care cycle, which is not ready for tender: publishing is refused with the reasons.
    await page.goto('/authority/tenders');
    await page.getByRole('button', { name: 'Draft a tender' }).click();
    await page.waitForLoadState('load');
    await page.getByLabel('Reference').fill('NCC-2027-HC1');
    await page.getByLabel('Title', { exact: true }).fill('Care at home in the rural localities');
    await page.getByLabel('Commissioning cycle (optional)').selectOption({ label: 'NCC-CYC-2026-01: Care at home for adults' });
    await page.getByLabel('Deadline for bids: date (optional until you publish)').fill('2027-07-30');
    await page.getByLabel('Deadline for bids: time (London)').fill('12:00');
    await page.getByRole('button', { name: 'Save the draft' }).click();
    await page.waitForLoadState('load');
    main = await page.locator('main').textContent();
    expect(main).toContain('The draft has been saved');
    expect(main).toContain('Friday 30 July 2027 at midday BST');
    // Weights: social value below Northmere's 20% is refused with the rule; a valid change is saved.
    await page.getByRole('button', { name: 'Change the weights and price method' }).click();
    await page.waitForLoadState('load');
    await page.getByLabel('Price', { exact: true }).fill('50');
    await page.getByLabel('Social value', { exact: true }).fill('10');
    await page.getByRole('button', { name: 'Save the model' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain('social value');
    await check('authority-tender-model-refused');
    await page.getByLabel('Price', { exact: true }).fill('35');
    await page.getByLabel('Social value', { exact: true }).fill('25');
    await page.getByRole('button', { name: 'Save the model' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('The evaluation model is saved and meets your policy pack.').count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Publish the tender' }).click();
    await page.waitForLoadState('load');
    // (The cycle journey above has recorded why home care has outputs only; the decision is still missing.)
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toContain(
      'Record the delivery model decision before going to tender',
    );
    await check('authority-tender-not-ready');
    // Cancelling needs a reason.
    await page.getByText('Cancel the tender', { exact: true }).first().click();
    await page.getByRole('button', { name: 'Cancel the tender' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
      'Say why the tender is cancelled: bidders and auditors will see it',
    ]);
    await page.getByText('Cancel the tender', { exact: true }).first().click();
    await page.getByLabel('Why is it cancelled?').fill('The home care cycle is not ready: the delivery decision comes first');
    await page.getByRole('button', { name: 'Cancel the tender' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('The tender is cancelled.').count()).resolves.toBe(1);
  });

  it('lets a commissioner start an evaluation and assign an evaluator, who declares, then marks with the descriptors beside the answer', async () => {
    await fresh();
    await signIn('commissioner@northmere.test');
    // The demo's awarded tender: every bid verified, and the winner's public character now contract commitments.
    await page.goto('/authority/tenders');
    await page.getByRole('link', { name: 'Reducing re-offending: outcomes partnership' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('link', { name: 'Public character verification' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('#queue tbody tr').count()).resolves.toBe(4);
    await expect(page.locator('#commitments + p + table tbody tr').count()).resolves.toBe(10);
    await check('public-character-commitments');
    await page.goto('/authority/tenders');
    await page.getByRole('link', { name: 'Short breaks for carers' }).click();
    await page.getByRole('link', { name: 'Evaluation and award' }).click();
    await page.getByRole('button', { name: 'Start the evaluation' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('The evaluation has started.').count()).resolves.toBe(1);
    await page.getByLabel('Evaluator', { exact: true }).selectOption({ label: 'Evaluator Two, Northmere City Council' });
    await page.getByRole('button', { name: 'Assign the evaluator' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Choose a criterion group']);
    await page.getByLabel('Criterion group').selectOption({ label: 'Quality' });
    await page.getByRole('button', { name: 'Assign the evaluator' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('main table').textContent()).resolves.toMatch(/Evaluator Two.*Quality.*Not yet declared.*0 of 6/s);
    await check('evaluation-overview');
    await page.getByLabel('Evaluator', { exact: true }).selectOption({ label: 'Evaluator Two, Northmere City Council' });
    await page.getByLabel('Criterion group').selectOption({ label: 'Social value' });
    await page.getByRole('button', { name: 'Assign the evaluator' }).click();
    await page.waitForLoadState('load');

    await fresh();
    await signIn('evaluator2@northmere.test');
    await page.locator('tr', { hasText: 'Quality' }).getByRole('link', { name: 'NCC-2026-011: Short breaks for carers' }).click();
    // Bidders are named for the declaration; no answer is on the page yet.
    await expect(page.locator('main').textContent()).resolves.toContain('Castleton Care Ltd');
    await expect(page.locator('main').textContent()).resolves.not.toContain('open five evenings a week');
    await check('evaluation-declaration');
    await page.getByLabel('No, I have no conflict of interest').check();
    await page.getByRole('button', { name: 'Record my declaration' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('link', { name: 'Service delivery' }).click();
    await expect(page.locator('aside').textContent()).resolves.toContain('Band descriptors');
    const first = page.locator('.govuk-summary-card').first();
    await expect(first.textContent()).resolves.toContain('open five evenings a week');
    await first.getByLabel('4', { exact: true }).check();
    await first.getByRole('button', { name: /Save the mark/ }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
      'Enter the reason for your mark, against the band descriptors',
    ]);
    await page.locator('.govuk-summary-card').first().getByLabel('Why this mark?').fill('Clear plan; evening opening matches what carers asked for.');
    await page
      .locator('.govuk-summary-card')
      .first()
      .getByRole('button', { name: /Save the mark/ })
      .click();
    await page.waitForLoadState('load');
    await expect(page.getByText('Your mark is saved.').count()).resolves.toBe(1);
    await check('evaluation-criterion');
    await page.getByRole('link', { name: 'Back to your criteria' }).click();
    await page.getByRole('button', { name: 'Submit my marks' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['5 marks are still to give']);
    // The social value method statement is marked as quality, with each bid's commitments beside it.
    await page.goto('/');
    await page.locator('tr', { hasText: 'Social value' }).getByRole('link', { name: 'NCC-2026-011: Short breaks for carers' }).click();
    await page.getByLabel('No, I have no conflict of interest').check();
    await page.getByRole('button', { name: 'Record my declaration' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('link', { name: 'Local jobs and skills' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-summary-card').first().textContent()).resolves.toMatch(
      /Social value commitments \(£[\d,]+\.\d\d, [\d.]+% of the price\)/,
    );
    await check('evaluation-criterion-social-value');

    // Evaluator Two falls ill: the commissioner withdraws them, the reason asked for and kept beside the assignment.
    await fresh();
    await signIn('commissioner@northmere.test');
    await page.goto('/authority/tenders');
    await page.getByRole('link', { name: 'Short breaks for carers' }).click();
    await page.getByRole('link', { name: 'Evaluation and award' }).click();
    await page.getByRole('link', { name: 'Withdraw Evaluator Two, Northmere City Council from Quality' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('main dl').textContent()).resolves.toMatch(/Marks given\s*1 of 6/);
    await page.getByRole('button', { name: 'Withdraw the evaluator' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Say why the evaluator is withdrawn']);
    await check('evaluation-withdrawal');
    await page.getByLabel('Why is the evaluator withdrawn?').fill('Off sick for the evaluation period');
    await page.getByRole('button', { name: 'Withdraw the evaluator' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('The evaluator is withdrawn.').count()).resolves.toBe(1);
    await expect(page.locator('main table').textContent()).resolves.toMatch(/Evaluator Two.*Quality.*Withdrawn.*Off sick for the evaluation period.*1 of 6/s);
    await expect(page.getByRole('link', { name: 'Withdraw Evaluator Two, Northmere City Council from Quality' }).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'Withdraw Evaluator Two, Northmere City Council from Social value' }).count()).resolves.toBe(1);
  });

  it('shows the demo’s evaluated tender: the matrix and its chart, moderation beside the spread, the award with its sensitivity, and a bidder’s summary', async () => {
    await fresh();
    await signIn('commissioner@northmere.test');
    await page.goto('/authority/tenders');
    await page.getByRole('link', { name: 'Reducing re-offending: outcomes partnership' }).click();
    await page.getByRole('link', { name: 'Evaluation and award' }).click();
    await page.getByRole('link', { name: 'Evaluation matrix' }).click();
    await expect(page.locator('svg.cw-chart rect').count()).resolves.toBe(16);
    await expect(page.locator('main table tbody tr').first().textContent()).resolves.toContain('Brightpath Community Interest Company');
    await check('evaluation-matrix');
    await page.getByRole('link', { name: 'Moderation' }).click();
    await expect(page.getByText('Wide spread', { exact: true }).count()).resolves.toBe(1);
    await check('evaluation-moderation');
    await page.getByRole('link', { name: 'Award', exact: true }).click();
    await expect(page.locator('main').textContent()).resolves.toMatch(/the winner would stay the winner in [\d.]+%/);
    await check('evaluation-award');
    const tender = new URL(page.url()).pathname.split('/')[3];
    // Every bidder's summary, as it was sent (the demo's were fixed without e-mail, and say so).
    await expect(page.locator('#summaries + p + table tbody tr').count()).resolves.toBe(4);
    await expect(page.locator('#summaries + p + table').textContent()).resolves.toContain('No e-mail recorded');
    await page.locator('#summaries + p + table').getByRole('link', { name: 'Castleton Care Ltd', exact: true }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('main').textContent()).resolves.toMatch(/As sent to Castleton Care Ltd[\s\S]*Ranked 2 of 4\./);
    await check('assessment-summary-authority');

    await fresh();
    await signIn('bids@castleton.test');
    await page.goto(`/tenders/${tender}`);
    await page.getByRole('link', { name: 'Read your assessment summary' }).click();
    // Castleton ranks second: its lowest price, and partly shared ownership as verified (2 of 4: 2.5 of 5).
    await expect(page.locator('main').textContent()).resolves.toContain('Ranked 2 of 4.');
    await expect(page.locator('main').textContent()).resolves.toContain('Public character verified at level 2 (accepted)');
    await check('assessment-summary');
  });

  it('lets a commissioner import the social value catalogue from CSV, with every bad line reported and nothing imported', async () => {
    await fresh();
    await signIn('commissioner@northmere.test');
    await page.getByRole('link', { name: 'Social value', exact: true }).click();
    await expect(page.locator('.govuk-warning-text').textContent()).resolves.toContain('illustrative');
    await check('social-value-catalogue');
    const header = 'theme,outcome,measure_code,measure,unit,proxy_value,source';
    const bad = [header, 'Jobs,Local work,J-1,Local hires,FTE year,28000,Council study', 'Jobs,Local work,J-1,Apprentices,week,two hundred,Council study'].join(
      '\n',
    );
    await page.getByLabel('CSV file').setInputFiles({ name: 'catalogue.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: 'Import the catalogue' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
      'The file has 2 problems to correct, listed below. Nothing was imported.',
    ]);
    await expect(page.locator('#report tbody tr').allTextContents()).resolves.toEqual([
      expect.stringMatching(/^3\s*measure_code/),
      expect.stringMatching(/^3\s*proxy_value/),
    ]);
    await check('social-value-import-report');
    const good = [header, 'Jobs,Local work,J-1,Local hires,FTE year,28000,Council study', 'Jobs,Local work,J-2,Apprentices,week,200.50,Council study'].join(
      '\n',
    );
    await page.getByLabel('CSV file').setInputFiles({ name: 'catalogue.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: 'Import the catalogue' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('Version 1 of the catalogue is now in force.').count()).resolves.toBe(1);
    await expect(page.locator('main table').first().textContent()).resolves.toContain('£200.50');
    // One measure changed in the page: a bad proxy value comes back on its field; a good one is the next version.
    await page.getByRole('link', { name: 'J-2 (change)' }).click();
    await page.waitForLoadState('load');
    await check('social-value-measure');
    await page.getByLabel('Proxy value per unit, in pounds').fill('a lot');
    await page.getByRole('button', { name: 'Save as the next version' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').first().getAttribute('href')).resolves.toBe('#proxyValue');
    await page.getByLabel('Proxy value per unit, in pounds').fill('210.00');
    await page.getByRole('button', { name: 'Save as the next version' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('Version 2 of the catalogue is now in force.').count()).resolves.toBe(1);
    await expect(page.locator('main table').first().textContent()).resolves.toContain('£210.00');
    await page.getByRole('link', { name: 'J-1 (change)' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('button', { name: 'Remove this measure' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('Version 3 of the catalogue is now in force.').count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'J-1 (change)' }).count()).resolves.toBe(0);
  });

  it('lets a bid writer read a tender, ask a question and send a sealed bid, with a receipt', async () => {
    await fresh();
    await signIn('bids@meadow.test');
    await page.getByRole('link', { name: 'Find a tender' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('link', { name: 'Youth services: community youth clubs under franchise' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('main').textContent()).resolves.toContain('Each franchise covers one ward');
    await page.getByLabel('Ask a question').fill('Must youth workers hold a JNC qualification?');
    await page.getByRole('button', { name: 'Send the question' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('Your question has been sent.').count()).resolves.toBe(1);

    // Before sending: what the bid would carry of Meadow's public character.
    await page.getByText('What your bid would carry of your public character, if sent now').click();
    await expect(page.locator('#public-character-preview').textContent()).resolves.toMatch(/Employees\s*4: Fully/);
    await page.getByRole('button', { name: 'Send the bid' }).click();
    await page.waitForLoadState('load');
    const summary = await page.locator('.govuk-error-summary__list a').allTextContents();
    expect(summary[0]).toBe('Answer “Service delivery”');
    expect(summary.at(-1)).toBe('Enter your price');
    // Three written answers and the price: shared ownership is marked from the verified self-assessment the bid carries.
    expect(summary).toHaveLength(4);
    await check('tender-bid-errors');
    await page
      .getByLabel('Upload a document for your bid')
      .setInputFiles({ name: 'Method statement.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await page.getByRole('button', { name: 'Upload the document' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('The document is uploaded.').count()).resolves.toBe(1);
    await page.getByLabel('Method statement.pdf').check();
    for (const box of await page.locator('textarea[id^="answer-"]').all()) await box.fill('Local people run the clubs, with young people on every committee.');
    await page.getByLabel('Your price for the whole contract').fill('1,705,000.00');
    // A social value commitment from the tender's catalogue: a wrong quantity and no method come back on their fields.
    await page.locator('#sv-0-measure').selectOption('JOB-3');
    await page.locator('#sv-0-y1').fill('a year');
    await page.getByRole('button', { name: 'Send the bid' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
      'Say how you will deliver it (the method statement)',
      'Quantity must be a number with at most 2 decimal places, e.g. "12" or "2.5"',
    ]);
    await expect(page.locator('.govuk-error-summary__list a').first().getAttribute('href')).resolves.toBe('#sv-0-method');
    await check('tender-bid-social-value-errors');
    for (const box of await page.locator('textarea[id^="answer-"]').all()) await box.fill('Local people run the clubs, with young people on every committee.');
    await page.getByLabel('How you will deliver it').first().fill('Two apprentice youth workers a year, trained with the college');
    await page.locator('#sv-0-y1').fill('52');
    await page.getByRole('button', { name: 'Send the bid' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('Your bid has been received.').count()).resolves.toBe(1);
    // 52 apprenticeship weeks at £240 (illustrative): £12,480, 0.73% of £1,705,000.
    await expect(page.locator('main').textContent()).resolves.toContain('£12,480.00 (0.73% of the price)');
    await expect(page.locator('#bid + table, #bid ~ table').first().textContent()).resolves.toMatch(/[0-9a-f]{64}/);
    await check('tender-bid-sent');
  });

  it('lets a provider build its evidence library and assess itself on a test, with the level descriptors beside the choice', async () => {
    await fresh();
    await signIn('bids@castleton.test');
    await page.getByRole('link', { name: 'Public character', exact: true }).click();
    await page.waitForLoadState('load');
    await check('public-character-overview');
    await page.getByRole('button', { name: 'Add the link' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Enter a title', 'Enter the web address']);
    await page.getByLabel('Title', { exact: true }).fill('Freedom of information policy');
    await page.getByLabel('Type', { exact: true }).selectOption('foi_policy');
    await page.getByLabel('Web address').fill('https://castleton.example/foi');
    await page.getByLabel('Expires on (optional)', { exact: true }).fill('2025-03-31');
    await page.getByRole('button', { name: 'Add the link' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('The evidence is in your library.').count()).resolves.toBe(1);
    await expect(page.locator('#library tbody tr').first().textContent()).resolves.toMatch(/Freedom of information policy[\s\S]*Expired/);

    await page.getByRole('link', { name: 'Values' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('#level-3-hint').textContent()).resolves.toContain('Largely');
    await check('public-character-test');
    // The demo's Castleton has assessed itself already: its answer is in the form, to change.
    await expect(page.getByLabel('1: Emerging').isChecked()).resolves.toBe(true);
    await page.getByLabel('What shows this level').fill('');
    await page.getByRole('button', { name: 'Save this test' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Say what shows this level']);
    await page.getByLabel('1: Emerging').check();
    await page.getByLabel('What shows this level').fill('A new transparency policy, adopted in October; publication of board papers starts next year.');
    await page.getByLabel(/Freedom of information policy/).check();
    await page.getByRole('button', { name: 'Save this test' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('Your answer on Values is saved.').count()).resolves.toBe(1);
    await expect(page.getByRole('row', { name: /^Values Champions/ }).textContent()).resolves.toMatch(/1: Emerging[\s\S]*1[\s\S]*Expired evidence/);
  });

  it('lets a commissioner verify a bid’s public character beside its evidence, ask for more, and the provider answer by the date', async () => {
    await fresh();
    await signIn('commissioner@northmere.test');
    await page.goto('/authority/tenders');
    await page.getByRole('link', { name: 'Short breaks for carers' }).click();
    await page.waitForLoadState('load');
    if (await page.getByRole('button', { name: 'Open the bids' }).count()) {
      await page.getByRole('button', { name: 'Open the bids' }).click();
      await page.waitForLoadState('load');
    }
    await page.getByRole('link', { name: 'Public character verification' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('#queue tbody tr').count()).resolves.toBe(3);
    await check('public-character-queue');
    await page.getByRole('link', { name: 'Castleton Care Ltd' }).click();
    await page.waitForLoadState('load');
    // The provider's own words and evidence beside the decision: its living wage accreditation has expired.
    await expect(page.locator('#employees').textContent()).resolves.toMatch(/Living wage accreditation[\s\S]*Expired 2025-04-30/);
    await check('public-character-bid');
    await page.locator('#values').getByLabel('Adjusted').check();
    await page.locator('#values').getByRole('button').click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
      'Give the reason: the provider sees it',
      'Choose the verified level: an adjustment gives one (0 to 4)',
    ]);
    await page.locator('#values').getByLabel('More evidence asked for').check();
    await page
      .locator('#values')
      .getByLabel('Reason (the provider sees it)')
      .fill('Will you answer information requests about this contract as a public body would?');
    await page
      .locator('#values')
      .getByLabel('Answer by (for more evidence)')
      .fill(new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10));
    await page.locator('#values').getByRole('button').click();
    await page.waitForLoadState('load');
    await expect(page.getByText('Your decision on values is recorded, and the provider is being told.').count()).resolves.toBe(1);
    await expect(page.locator('#values-heading').textContent()).resolves.toContain('More evidence asked for');
    await page.locator('#shared_ownership').getByLabel('Accepted').check();
    await page.locator('#shared_ownership').getByRole('button').click();
    await page.waitForLoadState('load');
    await expect(page.locator('#shared_ownership-heading').textContent()).resolves.toContain('Accepted');

    const tenderId = new URL(page.url()).pathname.split('/')[3];

    await fresh();
    await signIn('bids@castleton.test');
    await page.goto(`/tenders/${tenderId}`);
    await page.getByRole('link', { name: 'See how the commissioner verified it' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('#shared_ownership').textContent()).resolves.toContain('Accepted');
    await check('public-character-outcomes');
    await page.getByRole('button', { name: 'Send your answer' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Enter your answer']);
    await page.getByLabel('Your answer on Values').fill('Yes: we will answer requests about this contract within 20 working days, and publish the answers.');
    await page.getByLabel(/Annual report and accounts 2025/).check();
    await page.getByRole('button', { name: 'Send your answer' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('Your answer is sent to the commissioner.').count()).resolves.toBe(1);
    await expect(page.locator('#values').textContent()).resolves.toContain('Answered: to decide');
  });

  it('shows the contract manager social value committed against delivered, to accept or query, and lets the provider report again', async () => {
    await fresh();
    await signIn('contracts@northmere.test');
    await page.goto('/authority/tenders');
    await page.getByRole('link', { name: 'Reducing re-offending: outcomes partnership' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('link', { name: 'Social value delivery' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('svg.cw-chart rect').count()).resolves.toBeGreaterThan(0);
    const table = await page.locator('#delivery').textContent();
    expect(table).toMatch(/SOC-4[\s\S]*Queried/);
    expect(table).toContain('Awaiting review');
    await check('delivery-authority');
    const tenderId = new URL(page.url()).pathname.split('/')[3];
    // The awaiting report: recorded without a choice, then accepted.
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Record the review' }) }).first();
    await form.getByRole('button', { name: 'Record the review' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Choose accept or query']);
    await page.getByLabel('Accept').first().check();
    await page.getByRole('button', { name: 'Record the review' }).first().click();
    await page.waitForLoadState('load');
    await expect(page.getByText('The review is recorded, and the provider can see it.').count()).resolves.toBe(1);

    await fresh();
    await signIn('bids@brightpath.test');
    await page.goto(`/tenders/${tenderId}/delivery`);
    await expect(page.locator('main').textContent()).resolves.toContain('Query: Please send the referral log');
    await check('delivery-provider');
    await page.getByLabel('Commitment').selectOption({ label: 'SOC-4: People supported away from re-offending (person)' });
    await page.getByRole('textbox', { name: 'Contract year' }).fill('2');
    await page.getByLabel('Quantity delivered').fill('20');
    await page.getByRole('button', { name: 'Send the report' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Say what was delivered and how you know']);
    await page.getByLabel('What was delivered, and how you know').fill('Twenty people mentored; the referral log for the year is attached.');
    await page.getByRole('button', { name: 'Send the report' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('Your report is sent to the contract manager.').count()).resolves.toBe(1);
  });

  it('shows the contract manager what waits on each contract, and lets them record a commitment’s yearly review, which the provider reads', async () => {
    await fresh();
    await signIn('contracts@northmere.test');
    await page.goto('/');
    const row = page.locator('tr', { hasText: 'NCC-2023-031' });
    await expect(row.textContent()).resolves.toMatch(/to review[\s\S]*reviews overdue/);
    await check('dashboard-contract-manager');
    await row.getByRole('link', { name: /reviews overdue/ }).click();
    await page.waitForLoadState('load');
    const employees = () => page.locator('.govuk-summary-card').filter({ has: page.getByRole('heading', { name: /^Employees: level/ }) });
    // The demo's first review found the staff commitment slipped; the second is overdue.
    await expect(employees().textContent()).resolves.toMatch(/Year 2 review overdue[\s\S]*Not kept/);
    await check('commitments-authority');
    await employees()
      .getByRole('button', { name: /Record the year 2 review/ })
      .click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
      'Choose the level the review found',
      'Say what the review found and on what evidence',
    ]);
    await employees().getByLabel('2: Partly').check();
    await employees().getByLabel('What did the review find, and on what evidence?').fill('Staff survey repeated; living wage accreditation renewed on time.');
    await employees()
      .getByRole('button', { name: /Record the year 2 review/ })
      .click();
    await page.waitForLoadState('load');
    await expect(page.getByText('The review is recorded, and the provider is told.').count()).resolves.toBe(1);
    await expect(employees().textContent()).resolves.toMatch(/Year 3 review due[\s\S]*Kept[\s\S]*living wage accreditation renewed on time/);
    const tenderId = new URL(page.url()).pathname.split('/')[3];

    await fresh();
    await signIn('bids@brightpath.test');
    await page.goto(`/tenders/${tenderId}/public-character`);
    await expect(page.locator('#commitments + p + table').textContent()).resolves.toMatch(/Year 2: found at 2: Partly \(kept\)\. Staff survey repeated/);
    await check('public-character-commitments-provider');
  });

  it('lets the authority admin rewrite a public character test’s descriptors and add a test, each a new version', async () => {
    await fresh();
    await signIn('admin@southvale.test');
    await page.getByRole('link', { name: 'Public character', exact: true }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('main').textContent()).resolves.toContain('(the default)');
    await check('framework');
    await page.getByRole('link', { name: 'Change Values' }).click();
    await page.waitForLoadState('load');
    await page.getByLabel('Level 4: Fully').fill('');
    await page.getByRole('button', { name: 'Adopt as the next version' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Describe level 4 (Fully)']);
    await check('framework-test-errors');
    await page.getByLabel('Level 4: Fully').fill('Fully: answers information requests as a public body would, and publishes board papers and contract spend.');
    await page.getByRole('button', { name: 'Adopt as the next version' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText(/Version \d+ of the framework is now in force/).count()).resolves.toBe(1);
    await expect(page.locator('#values').textContent()).resolves.toContain('publishes board papers and contract spend');
    await page.getByRole('link', { name: 'Add a test of your own' }).click();
    await page.waitForLoadState('load');
    await page.getByLabel('Code').fill('values');
    await page.getByLabel('Name').fill('Welsh language');
    await page.getByLabel('The question it asks').fill('Serves people in Welsh as well as English');
    for (let i = 0; i < 5; i++) await page.locator(`#descriptor-${i}`).fill(`Level ${i} descriptor`);
    await page.getByRole('button', { name: 'Adopt as the next version' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['The framework already has a test values']);
    await page.getByLabel('Code').fill('welsh_language');
    await page.getByRole('button', { name: 'Adopt as the next version' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('#welsh_language').textContent()).resolves.toContain('Serves people in Welsh as well as English');
  });

  it('lets a provider register its organisation, invite a colleague by e-mail, and the colleague join from the link', async () => {
    await fresh();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'register your organisation' }).click();
    await page.waitForLoadState('load');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').first().textContent()).resolves.toBe('Enter your organisation’s name');
    await check('register-errors');
    await page.getByLabel('Name', { exact: true }).fill('Westfield Food Co-operative');
    await page.getByLabel('Co-operative or mutual').check();
    await page.getByLabel('Micro (fewer than 10 staff)').check();
    await page.locator('#vcs-yes').check();
    await page.getByLabel('Your name').fill('Jo Park');
    await page.getByLabel('E-mail address').fill('jo@westfield.test');
    await page.getByLabel('Choose a password').fill('westfield grows vegetables');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.waitForLoadState('load');
    expect(new URL(page.url()).pathname).toBe('/team');
    await expect(page.locator('main').textContent()).resolves.toContain('Your organisation is registered');
    await check('team');

    await page.getByLabel('Name', { exact: true }).fill('Ravi Shah');
    await page.getByLabel('E-mail address').fill('ravi@westfield.test');
    await page.getByRole('button', { name: 'Send the invitation' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('main').textContent()).resolves.toContain('ravi@westfield.test');

    // The colleague, in another browser, follows the link in the e-mail.
    const mail = async () => asOwner<{ text_body: string }>(t, `SELECT text_body FROM email_deliveries WHERE to_address = 'ravi@westfield.test'`);
    await waitUntil(async () => (await mail()).length > 0, 20_000, 'the invitation e-mail');
    const link = /https?:\/\/\S+(\/invitations\/[A-Za-z0-9_-]{43})/.exec((await mail())[0].text_body)![1];
    await fresh();
    await page.goto(link);
    await expect(page.locator('h1').textContent()).resolves.toBe('Join Westfield Food Co-operative');
    await check('invitation');
    await page.getByLabel('Choose a password').fill('ravi picks a long one');
    await page.getByRole('button', { name: 'Create my account and join' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('main').textContent()).resolves.toContain('You have joined the team.');
    await expect(page.locator('tbody').first().textContent()).resolves.toContain('Ravi Shah');
  });

  it('lets the authority admin adopt a new version of the policy pack, refusing a broken one with the field named', async () => {
    await fresh();
    await signIn('admin@northmere.test');
    await page.getByRole('link', { name: 'Policy pack' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('main').textContent()).resolves.toContain('Version 1 is in force.');
    await check('policy-pack');
    await page.getByLabel('Abnormally low: % below the next lowest bid').fill('130');
    await page.getByRole('button', { name: 'Adopt the new version' }).click();
    await page.waitForLoadState('load');
    await expect(page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
      'abnormallyLow.belowNextLowestPercent must be a decimal number written as a string, e.g. "10" or "12.5"',
    ]);
    await page.locator('.govuk-error-summary__list a').first().click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('belowNextLowestPercent');
    await page.getByLabel('Abnormally low: % below the next lowest bid').fill('25');
    await page.getByLabel('Standstill (working days)').fill('10');
    await page.getByRole('button', { name: 'Adopt the new version' }).click();
    await page.waitForLoadState('load');
    await expect(page.getByText('Version 2 of the policy pack is now in force.').count()).resolves.toBe(1);
    await expect(page.locator('main').textContent()).resolves.toContain('10 working days');
    await check('policy-pack-adopted');
  });

  it('shows error pages in the same style: 404, 403, and sign-in for a signed-out visitor', async () => {
    await fresh();
    await page.goto('/accessibility');
    await check('accessibility');
    await page.goto('/cookies');
    await check('cookies');
    await page.goto('/admin/emails');
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/sign-in?next=%2Fadmin%2Femails');
    await signIn('evaluator1@northmere.test');
    await page.goto('/admin/emails');
    await expect(page.locator('h1').textContent()).resolves.toBe('You cannot open this page');
    await check('error-403');
    const missing = await page.goto('/no-such-page');
    expect(missing?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Page not found');
    await check('error-404');
  });

  it('found no serious or critical accessibility violation and no console error on any page visited', () => {
    expect(visited.length).toBeGreaterThanOrEqual(15);
    expect(visited.filter((v) => v.violations.length)).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(brokenResources).toEqual([]);
  });
});
