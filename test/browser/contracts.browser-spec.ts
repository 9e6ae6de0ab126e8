/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { browserJourneys, fillDate } from '../support/browser-journeys.js';
import { demoContractId, pendingContract } from '../support/contract-fixtures.js';

browserJourneys(
  'contract delivery and commitment reviews in Chromium',
  (j) => {
    it('shows the contract manager social value committed against delivered, to accept or query, and lets the provider report again', async () => {
      await j.fresh();
      await j.signIn('contracts@northmere.test');
      await j.page.goto('/authority/tenders');
      await j.page.getByRole('link', { name: 'Reducing re-offending: outcomes partnership' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByRole('link', { name: 'Social value delivery' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('svg.cw-chart rect').count()).resolves.toBeGreaterThan(0);
      const table = await j.page.locator('#delivery').textContent();
      expect(table).toMatch(/SOC-4[\s\S]*Queried/);
      expect(table).toContain('Awaiting review');
      await j.check('delivery-authority');
      const tenderId = new URL(j.page.url()).pathname.split('/')[3];
      // The awaiting report: recorded without a choice, then accepted.
      const form = j.page.locator('form', { has: j.page.getByRole('button', { name: 'Record the review' }) }).first();
      await form.getByRole('button', { name: 'Record the review' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Choose accept or query']);
      await j.page.getByLabel('Accept').first().check();
      await j.page.getByRole('button', { name: 'Record the review' }).first().click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The review is recorded, and the provider can see it.').count()).resolves.toBe(1);

      await j.fresh();
      await j.signIn('bids@brightpath.test');
      await j.page.goto(`/tenders/${tenderId}/delivery`);
      await expect(j.page.locator('main').textContent()).resolves.toContain('Query: Please send the referral log');
      await j.check('delivery-provider');
      await j.page.getByLabel('Commitment').selectOption({ label: 'SOC-4: People supported away from re-offending (person)' });
      await j.page.getByRole('textbox', { name: 'Contract year' }).fill('2');
      await j.page.getByLabel('Quantity delivered').fill('20');
      await j.page.getByRole('button', { name: 'Send the report' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Say what was delivered and how you know']);
      await j.page.getByLabel('What was delivered, and how you know').fill('Twenty people mentored; the referral log for the year is attached.');
      await j.page.getByRole('button', { name: 'Send the report' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('Your report is sent to the contract manager.').count()).resolves.toBe(1);
    });

    it('shows the contract manager what waits on each contract, and lets them record a commitment’s yearly review, which the provider reads', async () => {
      await j.fresh();
      await j.signIn('contracts@northmere.test');
      await j.page.goto('/');
      const row = j.page.locator('tr', { hasText: 'NCC-2023-031' });
      await expect(row.textContent()).resolves.toMatch(/to review[\s\S]*reviews overdue/);
      await j.check('dashboard-contract-manager');
      await row.getByRole('link', { name: /reviews overdue/ }).click();
      await j.page.waitForLoadState('load');
      const employees = () => j.page.locator('.govuk-summary-card').filter({ has: j.page.getByRole('heading', { name: /^Employees: level/ }) });
      // The demo's first review found the staff commitment slipped; the second is overdue.
      await expect(employees().textContent()).resolves.toMatch(/Year 2 review overdue[\s\S]*Not kept/);
      await j.check('commitments-authority');
      await employees()
        .getByRole('button', { name: /Record the year 2 review/ })
        .click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
        'Choose the level the review found',
        'Say what the review found and on what evidence',
      ]);
      await employees().getByLabel('2: Partly').check();
      await employees().getByLabel('What did the review find, and on what evidence?').fill('Staff survey repeated; living wage accreditation renewed on time.');
      await employees()
        .getByRole('button', { name: /Record the year 2 review/ })
        .click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The review is recorded, and the provider is told.').count()).resolves.toBe(1);
      await expect(employees().textContent()).resolves.toMatch(/Year 3 review due[\s\S]*Kept[\s\S]*living wage accreditation renewed on time/);
      const tenderId = new URL(j.page.url()).pathname.split('/')[3];

      await j.fresh();
      await j.signIn('bids@brightpath.test');
      await j.page.goto(`/tenders/${tenderId}/public-character`);
      await expect(j.page.locator('#commitments + p + .cw-table-scroll table').textContent()).resolves.toMatch(
        /Year 2: found at 2: Partly \(kept\)\. Staff survey repeated/,
      );
      await j.check('public-character-commitments-provider');
    });
    it('lets the contract manager set a pending contract’s terms and sign it, and the provider read the contract it holds', async () => {
      const pending = await pendingContract(j.t, 'northmere', { provider: 'Brightpath Community Interest Company' });
      await j.fresh();
      await j.signIn('contracts@northmere.test');
      await j.page.getByRole('link', { name: 'Contracts', exact: true }).click();
      await j.page.waitForLoadState('load');
      const list = await j.page.locator('main').textContent();
      expect(list).toContain('NCC-2023-031: Reducing re-offending: outcomes partnership');
      expect(list).toContain('Pending signature');
      await j.check('contracts-list');
      await j.page.goto(`/contracts/${pending.id}`);
      await expect(j.page.locator('main').textContent()).resolves.toContain('Pending signature');
      await j.check('contract-pending');
      // A date that does not exist comes back on its field, with nothing saved.
      await fillDate(j.page.getByRole('group', { name: 'Ends on', exact: true }), '2030-02-30');
      await j.page.getByLabel('Fixed fee plus outcome payments').check();
      await j.page.getByLabel('Fixed fee (optional)').fill('£900,000');
      await j.page.getByRole('button', { name: 'Save the terms' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
        'Enter the day the contract ends as a real date, for example 27 3 2027',
      ]);
      await j.check('contract-terms-refused');
      await fillDate(j.page.getByRole('group', { name: 'Ends on', exact: true }), '2030-03-31');
      await j.page.getByRole('button', { name: 'Save the terms' }).click();
      await j.page.waitForLoadState('load');
      let main = await j.page.locator('main').textContent();
      expect(main).toContain('The terms are saved.');
      expect(main).toContain('Fixed fee plus outcome payments, with a fixed fee of £900,000.00');
      // Paying for outcomes needs an outcome to pay for: signing is refused until one is added.
      await j.page.getByRole('button', { name: 'Activate the contract' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
        'The contract cannot be activated yet: A contract that pays for outcomes needs at least one outcome metric with a price per unit',
      ]);
      await j.page.getByRole('button', { name: 'Add the outcome metric' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').count()).resolves.toBe(9);
      await j.check('contract-metric-refused');
      const fill = async (label: string, value: string) => j.page.getByLabel(label, { exact: true }).fill(value);
      await fill('Code', 'EMP-1');
      await fill('Outcome', 'Sustained employment');
      await fill('What counts as the outcome', 'People in work for 26 of the 30 weeks after starting');
      await fill('Counted in', 'person');
      await fill('Baseline rate', '0.12');
      await fill('Target rate', '1.20');
      await fill('How it is measured', 'Payroll records at 30 weeks');
      await fill('How a result is validated', 'HMRC earnings match');
      await fill('Data source', 'HMRC Real Time Information');
      await j.page.getByLabel('Quarterly').check();
      await fill('Price per outcome (optional)', '£800');
      await fill('Where the coefficients come from', 'DWP employment rates by deprivation decile');
      await j.page.getByLabel('Key', { exact: true }).first().fill('deprivation_decile');
      await j.page.getByLabel('What it is', { exact: true }).first().fill('Mean deprivation decile');
      await j.page.getByLabel('Reference value', { exact: true }).first().fill('5.0');
      await j.page.getByLabel('Coefficient', { exact: true }).first().fill('0.015');
      await j.page.getByRole('button', { name: 'Add the outcome metric' }).click();
      await j.page.waitForLoadState('load');
      // The one mistake comes back on its field, with everything else kept.
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
        'The target must be a rate from 0 to 1 with at most 4 decimal places, for example 0.6200',
      ]);
      await expect(j.page.getByLabel('Code', { exact: true }).inputValue()).resolves.toBe('EMP-1');
      await fill('Target rate', '0.20');
      await j.page.getByRole('button', { name: 'Add the outcome metric' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The outcome metric is added.').count()).resolves.toBe(1);
      await expect(j.page.locator('#outcomes ~ h3').first().textContent()).resolves.toBe('EMP-1: Sustained employment');
      await j.page.getByRole('button', { name: 'Activate the contract' }).click();
      await j.page.waitForLoadState('load');
      main = await j.page.locator('main').textContent();
      expect(main).toContain('The contract is active.');
      expect(main).not.toContain('Save the terms');
      await j.check('contract-active');

      await j.fresh();
      await j.signIn('bids@brightpath.test');
      await j.page.getByRole('link', { name: 'Your contracts' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toContain('Northmere City Council');
      await j.check('provider-contracts');
      await j.page.getByRole('link', { name: 'NCC-2023-031: Reducing re-offending: outcomes partnership' }).click();
      await j.page.waitForLoadState('load');
      main = await j.page.locator('main').textContent();
      expect(main).toContain('Fixed fee plus outcome payments');
      expect(main).toContain('Public character');
      await j.check('provider-contract');
    });

    it('lets the contract manager propose a variation, a second person approve it, and the signature move the contract’s value', async () => {
      const id = await demoContractId(j.t);
      await j.fresh();
      await j.signIn('contracts@northmere.test');
      await j.page.goto(`/contracts/${id}#changes`);
      const table = () => j.page.locator('#changes ~ .cw-table-scroll').first();
      await expect(table().locator('tbody tr').allTextContents()).resolves.toEqual([
        expect.stringMatching(/Variation 1[\s\S]*\+£45,000\.00[\s\S]*Signed/),
        expect.stringMatching(/Variation 2[\s\S]*\+£180,000\.00[\s\S]*Signed/),
        expect.stringMatching(/Extension 3[\s\S]*Signed/),
      ]);
      const worth = (await j.page.locator('#changes + p').textContent())!;
      expect(worth).toMatch(/Worth £[\d,.]+ now \(£[\d,.]+ at award\)/);
      await j.page.getByRole('button', { name: 'Propose the variation' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
        'Choose the ground the variation is made on',
        'Say why the contract changes',
        'Enter the change in value, or 0 for none',
      ]);
      await j.check('change-refused');
      await j.page.getByLabel(/^Not a substantial modification/).check();
      await j.page.getByLabel('Why the contract changes').fill('The women’s service moves to a second site: fewer places there, so less.');
      await j.page.getByLabel('Change in value (£)').fill('-150,000');
      await j.page.getByRole('button', { name: 'Propose the variation' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The change is proposed.', { exact: false }).count()).resolves.toBe(1);
      const card = () => j.page.locator('.govuk-summary-card', { hasText: 'Variation 4' });
      await expect(card().textContent()).resolves.toMatch(/Cost impact: −£150,000\.00: from £[\d,.]+ to £[\d,.]+/);
      // The proposer cannot approve it: the page says someone else does.
      await expect(card().getByRole('button', { name: 'Approve the change' }).count()).resolves.toBe(0);
      await expect(card().textContent()).resolves.toContain('You proposed this change, so someone else approves it.');
      await j.check('change-awaiting-approval');

      await j.fresh();
      await j.signIn('commissioner@northmere.test');
      await j.page.goto(`/contracts/${id}#changes`);
      await card().getByLabel('Note (optional)').fill('Agreed at the commissioning board');
      await card().getByRole('button', { name: 'Approve the change' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The change is approved.', { exact: false }).count()).resolves.toBe(1);
      await fillDate(card().getByRole('group', { name: 'Day both parties signed it' }), await j.page.evaluate(() => new Date().toISOString().slice(0, 10)));
      await card().getByRole('button', { name: 'Record the signature' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The change is signed', { exact: false }).count()).resolves.toBe(1);
      await expect(table().locator('tbody tr').last().textContent()).resolves.toMatch(/Variation 4[\s\S]*−£150,000\.00[\s\S]*Signed/);
      await j.check('change-signed');

      // The provider reads the changes to its contract.
      await j.fresh();
      await j.signIn('bids@brightpath.test');
      await j.page.goto(`/my-contracts/${id}#changes`);
      await expect(j.page.locator('#changes ~ .cw-table-scroll').first().locator('tbody tr').count()).resolves.toBe(4);
      await expect(j.page.getByRole('button', { name: 'Propose the variation' }).count()).resolves.toBe(0);
      await j.check('provider-contract-changes');
    });
  },
  15,
);
