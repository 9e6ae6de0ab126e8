/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { browserJourneys, fillDate } from '../support/browser-journeys.js';

browserJourneys(
  'evaluation, verification and award in Chromium',
  (j) => {
    it('lets a commissioner start an evaluation and assign an evaluator, who declares, then marks with the descriptors beside the answer', async () => {
      await j.fresh();
      await j.signIn('commissioner@northmere.test');
      // The demo's awarded tender: every bid verified, and the winner's public character now contract commitments.
      await j.page.goto('/authority/tenders');
      await j.page.getByRole('link', { name: 'Reducing re-offending: outcomes partnership' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByRole('link', { name: 'Public character verification' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('#queue tbody tr').count()).resolves.toBe(4);
      await expect(j.page.locator('#commitments + p + .cw-table-scroll table tbody tr').count()).resolves.toBe(10);
      await j.check('public-character-commitments');
      await j.page.goto('/authority/tenders');
      await j.page.getByRole('link', { name: 'Short breaks for carers' }).click();
      // Its deadline has passed: the commissioner opens the bids first (the tendering journeys look at opening itself).
      await j.page.getByRole('button', { name: 'Open the bids' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByRole('link', { name: 'Evaluation and award' }).click();
      await j.page.getByRole('button', { name: 'Start the evaluation' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The evaluation has started.').count()).resolves.toBe(1);
      await j.page.getByLabel('Evaluator', { exact: true }).selectOption({ label: 'Evaluator Two, Northmere City Council' });
      await j.page.getByRole('button', { name: 'Assign the evaluator' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Choose a criterion group']);
      await j.page.getByLabel('Criterion group').selectOption({ label: 'Quality' });
      await j.page.getByRole('button', { name: 'Assign the evaluator' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main table').textContent()).resolves.toMatch(/Evaluator Two.*Quality.*Not yet declared.*0 of 6/s);
      await j.check('evaluation-overview');
      await j.page.getByLabel('Evaluator', { exact: true }).selectOption({ label: 'Evaluator Two, Northmere City Council' });
      await j.page.getByLabel('Criterion group').selectOption({ label: 'Social value' });
      await j.page.getByRole('button', { name: 'Assign the evaluator' }).click();
      await j.page.waitForLoadState('load');

      await j.fresh();
      await j.signIn('evaluator2@northmere.test');
      await j.page.locator('tr', { hasText: 'Quality' }).getByRole('link', { name: 'NCC-2026-011: Short breaks for carers' }).click();
      // Bidders are named for the declaration; no answer is on the page yet.
      await expect(j.page.locator('main').textContent()).resolves.toContain('Castleton Care Ltd');
      await expect(j.page.locator('main').textContent()).resolves.not.toContain('open five evenings a week');
      await j.check('evaluation-declaration');
      await j.page.getByLabel('No, I have no conflict of interest').check();
      await j.page.getByRole('button', { name: 'Record my declaration' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByRole('link', { name: 'Service delivery' }).click();
      await expect(j.page.locator('aside').textContent()).resolves.toContain('Band descriptors');
      const first = j.page.locator('.govuk-summary-card').first();
      await expect(first.textContent()).resolves.toContain('open five evenings a week');
      await first.getByLabel('4', { exact: true }).check();
      await first.getByRole('button', { name: /Save the mark/ }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
        'Enter the reason for your mark, against the band descriptors',
      ]);
      await j.page.locator('.govuk-summary-card').first().getByLabel('Why this mark?').fill('Clear plan; evening opening matches what carers asked for.');
      await j.page
        .locator('.govuk-summary-card')
        .first()
        .getByRole('button', { name: /Save the mark/ })
        .click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('Your mark is saved.').count()).resolves.toBe(1);
      await j.check('evaluation-criterion');
      await j.page.getByRole('link', { name: 'Back to your criteria' }).click();
      await j.page.getByRole('button', { name: 'Submit my marks' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['5 marks are still to give']);
      // The social value method statement is marked as quality, with each bid's commitments beside it.
      await j.page.goto('/');
      await j.page.locator('tr', { hasText: 'Social value' }).getByRole('link', { name: 'NCC-2026-011: Short breaks for carers' }).click();
      await j.page.getByLabel('No, I have no conflict of interest').check();
      await j.page.getByRole('button', { name: 'Record my declaration' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByRole('link', { name: 'Local jobs and skills' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-summary-card').first().textContent()).resolves.toMatch(
        /Social value commitments \(£[\d,]+\.\d\d, [\d.]+% of the price\)/,
      );
      await j.check('evaluation-criterion-social-value');

      // Evaluator Two falls ill: the commissioner withdraws them, the reason asked for and kept beside the assignment.
      await j.fresh();
      await j.signIn('commissioner@northmere.test');
      await j.page.goto('/authority/tenders');
      await j.page.getByRole('link', { name: 'Short breaks for carers' }).click();
      await j.page.getByRole('link', { name: 'Evaluation and award' }).click();
      await j.page.getByRole('link', { name: 'Withdraw Evaluator Two, Northmere City Council from Quality' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main dl').textContent()).resolves.toMatch(/Marks given\s*1 of 6/);
      await j.page.getByRole('button', { name: 'Withdraw the evaluator' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Say why the evaluator is withdrawn']);
      await j.check('evaluation-withdrawal');
      await j.page.getByLabel('Why is the evaluator withdrawn?').fill('Off sick for the evaluation period');
      await j.page.getByRole('button', { name: 'Withdraw the evaluator' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The evaluator is withdrawn.').count()).resolves.toBe(1);
      await expect(j.page.locator('main table').textContent()).resolves.toMatch(
        /Evaluator Two.*Quality.*Withdrawn.*Off sick for the evaluation period.*1 of 6/s,
      );
      await expect(j.page.getByRole('link', { name: 'Withdraw Evaluator Two, Northmere City Council from Quality' }).count()).resolves.toBe(0);
      await expect(j.page.getByRole('link', { name: 'Withdraw Evaluator Two, Northmere City Council from Social value' }).count()).resolves.toBe(1);
    });

    it('shows the demo’s evaluated tender: the matrix and its chart, moderation beside the spread, the award with its sensitivity, and a bidder’s summary', async () => {
      await j.fresh();
      await j.signIn('commissioner@northmere.test');
      await j.page.goto('/authority/tenders');
      await j.page.getByRole('link', { name: 'Reducing re-offending: outcomes partnership' }).click();
      await j.page.getByRole('link', { name: 'Evaluation and award' }).click();
      await j.page.getByRole('link', { name: 'Evaluation matrix' }).click();
      await expect(j.page.locator('svg.cw-chart rect').count()).resolves.toBe(16);
      await expect(j.page.locator('main table tbody tr').first().textContent()).resolves.toContain('Brightpath Community Interest Company');
      await j.check('evaluation-matrix');
      await j.page.getByRole('link', { name: 'Moderation' }).click();
      await expect(j.page.getByText('Wide spread', { exact: true }).count()).resolves.toBe(1);
      await j.check('evaluation-moderation');
      await j.page.getByRole('link', { name: 'Award', exact: true }).click();
      await expect(j.page.locator('main').textContent()).resolves.toMatch(/the winner would stay the winner in [\d.]+%/);
      await j.check('evaluation-award');
      const tender = new URL(j.page.url()).pathname.split('/')[3];
      // Every bidder's summary, as it was sent (the demo's were fixed without e-mail, and say so).
      await expect(j.page.locator('#summaries + p + .cw-table-scroll table tbody tr').count()).resolves.toBe(4);
      await expect(j.page.locator('#summaries + p + .cw-table-scroll table').textContent()).resolves.toContain('No e-mail recorded');
      await j.page.locator('#summaries + p + .cw-table-scroll table').getByRole('link', { name: 'Castleton Care Ltd', exact: true }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toMatch(/As sent to Castleton Care Ltd[\s\S]*Ranked 2 of 4\./);
      await j.check('assessment-summary-authority');

      await j.fresh();
      await j.signIn('bids@castleton.test');
      await j.page.goto(`/tenders/${tender}`);
      await j.page.getByRole('link', { name: 'Read your assessment summary' }).click();
      // Castleton ranks second: its lowest price, and partly shared ownership as verified (2 of 4: 2.5 of 5).
      await expect(j.page.locator('main').textContent()).resolves.toContain('Ranked 2 of 4.');
      await expect(j.page.locator('main').textContent()).resolves.toContain('Public character verified at level 2 (accepted)');
      await j.check('assessment-summary');
    });

    it('lets a commissioner verify a bid’s public character beside its evidence, ask for more, and the provider answer by the date', async () => {
      await j.fresh();
      await j.signIn('commissioner@northmere.test');
      await j.page.goto('/authority/tenders');
      await j.page.getByRole('link', { name: 'Short breaks for carers' }).click();
      await j.page.waitForLoadState('load');
      if (await j.page.getByRole('button', { name: 'Open the bids' }).count()) {
        await j.page.getByRole('button', { name: 'Open the bids' }).click();
        await j.page.waitForLoadState('load');
      }
      await j.page.getByRole('link', { name: 'Public character verification' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('#queue tbody tr').count()).resolves.toBe(3);
      await j.check('public-character-queue');
      await j.page.getByRole('link', { name: 'Castleton Care Ltd' }).click();
      await j.page.waitForLoadState('load');
      // The provider's own words and evidence beside the decision: its living wage accreditation has expired.
      await expect(j.page.locator('#employees').textContent()).resolves.toMatch(/Living wage accreditation[\s\S]*Expired 2025-04-30/);
      await j.check('public-character-bid');
      await j.page.locator('#values').getByLabel('Adjusted').check();
      await j.page.locator('#values').getByRole('button').click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
        'Give the reason: the provider sees it',
        'Choose the verified level: an adjustment gives one (0 to 4)',
      ]);
      await j.page.locator('#values').getByLabel('More evidence asked for').check();
      await j.page
        .locator('#values')
        .getByLabel('Reason (the provider sees it)')
        .fill('Will you answer information requests about this contract as a public body would?');
      await fillDate(
        j.page.locator('#values').getByRole('group', { name: 'Answer by (for more evidence)' }),
        new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
      );
      await j.page.locator('#values').getByRole('button').click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('Your decision on values is recorded, and the provider is being told.').count()).resolves.toBe(1);
      await expect(j.page.locator('#values-heading').textContent()).resolves.toContain('More evidence asked for');
      await j.page.locator('#shared_ownership').getByLabel('Accepted').check();
      await j.page.locator('#shared_ownership').getByRole('button').click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('#shared_ownership-heading').textContent()).resolves.toContain('Accepted');

      const tenderId = new URL(j.page.url()).pathname.split('/')[3];

      await j.fresh();
      await j.signIn('bids@castleton.test');
      await j.page.goto(`/tenders/${tenderId}`);
      await j.page.getByRole('link', { name: 'See how the commissioner verified it' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('#shared_ownership').textContent()).resolves.toContain('Accepted');
      await j.check('public-character-outcomes');
      await j.page.getByRole('button', { name: 'Send your answer' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Enter your answer']);
      await j.page
        .getByLabel('Your answer on Values')
        .fill('Yes: we will answer requests about this contract within 20 working days, and publish the answers.');
      await j.page.getByLabel(/Annual report and accounts 2025/).check();
      await j.page.getByRole('button', { name: 'Send your answer' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('Your answer is sent to the commissioner.').count()).resolves.toBe(1);
      await expect(j.page.locator('#values').textContent()).resolves.toContain('Answered: to decide');
    });
  },
  14,
);
