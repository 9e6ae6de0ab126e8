/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { browserJourneys, fillDate } from '../support/browser-journeys.js';
import { demoContractId } from '../support/contract-fixtures.js';

browserJourneys(
  'outcomes read in context, reviews before sanction and payments in Chromium',
  (j) => {
    it('lets the contract manager read the outcomes in context, validate a result, conclude a review and approve a payment', async () => {
      const id = await demoContractId(j.t);
      await j.fresh();
      await j.signIn('contracts@northmere.test');
      // The dashboard says what waits: the newest quarter's two results and the re-offending review.
      await j.page.goto('/');
      const row = j.page.locator('tr', { hasText: 'NCC-2023-031' });
      await expect(row.textContent()).resolves.toMatch(/2 results to validate, 1 review to conclude/);
      await j.check('dashboard-outcomes');
      await row.getByRole('link', { name: /results to validate/ }).click();
      await j.page.waitForLoadState('load');
      expect(new URL(j.page.url()).pathname).toBe(`/contracts/${id}`);
      const outcomes = await j.page.locator('main').textContent();
      expect(outcomes).toContain('RO-1: No proven re-offending within 12 months');
      expect(outcomes).toContain('Expected of this cohort');
      expect(outcomes).toContain('Below expected');
      expect(outcomes).toMatch(/Adjusted to \d+: Two of the cohort matched a later proven offence/);
      await j.check('contract-outcomes');

      // The KPIs, each measurement rated; a new one is refused without a value, then rated.
      const waits = () => j.page.locator('#kpis ~ .govuk-summary-card', { hasText: 'KPI-2: Days from referral to first appointment' });
      await expect(waits().textContent()).resolves.toContain('Requires improvement');
      await waits()
        .getByRole('button', { name: /^Record the measurement/ })
        .click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
        'Enter the last day of the period measured, for example 30 9 2026',
        'Enter the value measured',
      ]);
      await fillDate(
        waits().getByRole('group', { name: 'Last day of the period measured' }),
        await j.page.evaluate(() => new Date().toISOString().slice(0, 10)),
      );
      await waits().getByLabel('Value').fill('9');
      await waits()
        .getByRole('button', { name: /^Record the measurement/ })
        .click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The measurement is recorded and rated.').count()).resolves.toBe(1);
      await expect(waits().locator('tr').last().textContent()).resolves.toMatch(/9\s*Good/);
      await j.check('contract-kpis');

      // The newest quarter's re-offending result awaits validation: refused without a decision, then accepted.
      const form = j.page.locator('[id^="validate-"]').first();
      const heading = (await form.locator('h3').textContent())!;
      expect(heading).toMatch(/^RO-1 period \d+/);
      await form.getByRole('button', { name: 'Validate the result' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
        'Choose whether to accept, adjust or reject the result',
      ]);
      await j.check('contract-validation-refused');
      await j.page.locator('[id^="validate-"]').first().getByLabel('Accept').check();
      await j.page.locator('[id^="validate-"]').first().getByRole('button', { name: 'Validate the result' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The result is validated.').count()).resolves.toBe(1);

      // The re-offending review: explained by the provider, for the contract manager to conclude.
      const review = j.page.locator('.govuk-summary-card', { hasText: 'Explained: to conclude' });
      await expect(review.textContent()).resolves.toContain('Two approved premises closed in the quarter');
      await review.getByRole('radio', { name: 'A deduction' }).check();
      await review.getByRole('button', { name: 'Conclude the review' }).click();
      await j.page.waitForLoadState('load');
      const refused = await j.page.locator('.govuk-error-summary__list a').allTextContents();
      expect(refused).toEqual(['Give the reasons for the conclusion']);
      await j.page.locator('.govuk-summary-card', { hasText: 'Explained: to conclude' }).getByLabel('No action: the context explains the result').check();
      await j.page
        .locator('.govuk-summary-card', { hasText: 'Explained: to conclude' })
        .getByLabel('Your reasons, which the provider reads')
        .fill('The closures were outside the provider’s control; the result is in line with the quarters before.');
      await j.page.locator('.govuk-summary-card', { hasText: 'Explained: to conclude' }).getByRole('button', { name: 'Conclude the review' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The review is concluded. The provider is told by e-mail.').count()).resolves.toBe(1);
      await expect(j.page.locator('#reviews ~ .govuk-summary-card').allTextContents()).resolves.toEqual([
        expect.stringMatching(/EMP-1[\s\S]*A deduction of £5,000\.00/),
        expect.stringMatching(/RO-1[\s\S]*No action: The closures/),
      ]);
      await j.check('contract-reviews');

      // The payment the validation wrote is due: approved, then recorded as paid.
      const due = j.page.locator('#payments ~ .cw-table-scroll tr', { hasText: 'Due' }).last();
      const label = (await due.locator('td').first().textContent())!;
      await due.getByRole('button', { name: /^Approve/ }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The payment is approved.').count()).resolves.toBe(1);
      const approved = j.page.locator('#payments ~ .cw-table-scroll tr', { hasText: label.trim().split('\n')[0] });
      await approved.getByRole('button', { name: /^Record as paid/ }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The payment is recorded as paid.').count()).resolves.toBe(1);
      await j.check('contract-payments');
    });

    it('lets the provider report a quarter’s result with the population it served, and read its reviews and payments', async () => {
      const id = await demoContractId(j.t);
      await j.fresh();
      await j.signIn('bids@brightpath.test');
      await j.page.goto(`/my-contracts/${id}`);
      const main = await j.page.locator('main').textContent();
      expect(main).toContain('HOU-1: In settled accommodation at 6 months');
      expect(main).toContain('A deduction of £5,000.00');
      await j.check('provider-contract-outcomes');
      const form = j.page.locator('[id^="report-"]', { hasText: 'Report a result: HOU-1' });
      await form.getByRole('button', { name: 'Send the result' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
        'Enter how many people you served in the period',
        'Enter how many of them achieved the outcome',
        'Say what happened in the period and how you know',
      ]);
      await j.check('provider-report-refused');
      const again = j.page.locator('[id^="report-"]', { hasText: 'Report a result: HOU-1' });
      await again.getByLabel('People served in the period').fill('80');
      await again.getByLabel('How many of them achieved the outcome').fill('81');
      await again.getByLabel('What happened in the period, and how you know').fill('Tenancies checked against the housing options records.');
      await again.getByRole('button', { name: 'Send the result' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
        'The number who achieved the outcome cannot be more than the cohort',
      ]);
      const third = j.page.locator('[id^="report-"]', { hasText: 'Report a result: HOU-1' });
      await third.getByLabel('People served in the period').fill('80');
      await third.getByLabel('How many of them achieved the outcome').fill('31');
      await third.getByLabel('What happened in the period, and how you know').fill('Tenancies checked against the housing options records.');
      await third.getByRole('button', { name: 'Send the result' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('Your result is sent.', { exact: false }).count()).resolves.toBe(1);
      await expect(j.page.locator('[id^="report-"]', { hasText: 'Report a result: HOU-1' }).count()).resolves.toBe(0);
      await j.check('provider-reported');
    });

    it('lets the contract manager assess the year’s performance from the KPIs, and the provider read the notice', async () => {
      const id = await demoContractId(j.t);
      await j.fresh();
      await j.signIn('contracts@northmere.test');
      // The dashboard says the third year's assessment is due.
      await j.page.goto('/');
      await expect(j.page.locator('tr', { hasText: 'NCC-2023-031' }).textContent()).resolves.toMatch(/assessment (due by|overdue since) \d{4}-\d{2}-\d{2}/);
      await j.page.goto(`/contracts/${id}#assessments`);
      const made = j.page.locator('#assessments ~ .cw-table-scroll').first();
      await expect(made.locator('tbody tr').allTextContents()).resolves.toEqual([
        expect.stringMatching(/Notice 1[\s\S]*Yearly/),
        expect.stringMatching(/Notice 2[\s\S]*Yearly[\s\S]*the assessor's, with reasons/),
      ]);
      await expect(j.page.locator('.govuk-inset-text', { hasText: 'The next assessment covers' }).textContent()).resolves.toMatch(/Overall: [A-Z]/);
      await j.page.getByRole('button', { name: 'Record the assessment' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
        'Enter the last day the assessment covers, for example 31 3 2026',
        'Say how the contract performed in the period',
      ]);
      await j.check('assessment-refused');
      const hint = (await j.page.locator('#assessment-periodTo-hint').textContent())!;
      // The hint names the latest day it may cover, as people write dates (31 March 2026).
      const latest = new Date(`${hint.match(/at most (\d{1,2} \w+ \d{4})/)![1]} UTC`).toISOString().slice(0, 10);
      await fillDate(j.page.getByRole('group', { name: 'Last day it covers' }), latest);
      await j.page.getByLabel(/^The rating the KPIs give/).check();
      await j.page
        .getByLabel('How the contract performed in the period, as the notice publishes it')
        .fill('Waits for a first appointment are back within target.');
      await j.page.getByRole('button', { name: 'Record the assessment' }).click();
      await j.page.waitForLoadState('load');
      expect(new URL(j.page.url()).pathname).toMatch(new RegExp(`^/contracts/${id}/assessments/`));
      await expect(j.page.getByText('The assessment is recorded and the provider is e-mailed this notice.').count()).resolves.toBe(1);
      const notice = await j.page.locator('main').textContent();
      expect(notice).toContain('Contract performance notice NCC-2023-031-3');
      expect(notice).toMatch(new RegExp(`Period assessed\\s*\\d{4}-\\d{2}-\\d{2} to ${latest}`));
      expect(notice).toContain('KPI-2: Days from referral to first appointment');
      await j.check('assessment-notice');

      await j.fresh();
      await j.signIn('bids@brightpath.test');
      await j.page.goto(`/my-contracts/${id}#assessments`);
      await j.page.getByRole('link', { name: 'Notice 2' }).click();
      await j.page.waitForLoadState('load');
      const second = await j.page.locator('main').textContent();
      expect(second).toContain('Northmere City Council');
      expect(second).toContain('Why the rating differs');
      await j.check('provider-assessment-notice');
    });
  },
  12,
);
