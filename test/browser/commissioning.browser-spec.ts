/// <reference lib="dom" />
import { expect, it } from '@jest/globals';
import { browserJourneys, fillDate } from '../support/browser-journeys.js';

browserJourneys(
  'commissioning cycles in Chromium',
  (j) => {
    it('lets a commissioner read a commissioning cycle whole, start one and build its outcomes framework', async () => {
      await j.fresh();
      await j.signIn('commissioner@northmere.test');
      await j.page.getByRole('link', { name: 'Commissioning cycles' }).click();
      await j.page.waitForLoadState('load');
      await j.check('cycles');
      await j.page.getByRole('link', { name: 'Youth services for Northmere' }).click();
      await j.page.waitForLoadState('load');
      const main = await j.page.locator('main').textContent();
      expect(main).toContain('Restricted category: Youth services');
      expect(main).toContain('Ready for tender');
      expect(main).toContain('white (ethnicity) is over-represented');
      expect(main).toContain('Keep clubs open on Friday and Saturday evenings.');
      expect(main).toContain('The service depends on a close personal relationship with the citizen');
      await j.check('cycle-youth-services');

      await j.page.goto('/cycles/new');
      await j.page.getByRole('button', { name: 'Start the cycle' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.title()).resolves.toMatch(/^Error: /);
      await expect(j.page.locator('.govuk-error-summary__list a').count()).resolves.toBeGreaterThan(3);
      await j.check('cycle-new-errors');
      await j.page.getByLabel('Reference').fill('NCC-CYC-2027-B1');
      await j.page.getByLabel('Service need').fill('Holiday activities and food');
      await j.page.getByLabel('What is this service for?').fill('Children eat well and play in the school holidays');
      await j.page.getByLabel('To whom is it accountable?').fill('Families, and the Children and Young People Scrutiny Committee');
      await j.page.getByLabel('How will we know it succeeds?').fill('Children attend, and families say it helped');
      await j.page.getByRole('button', { name: 'Start the cycle' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The cycle has been started.').count()).resolves.toBe(1);
      await expect(j.page.locator('main').textContent()).resolves.toContain('The cycle has no outcomes framework yet');

      await j.page.getByText('Add an outcome').click();
      await j.page.getByLabel('Describe the outcome').fill('Fewer children go hungry in the holidays');
      await j.page.getByRole('button', { name: 'Add the outcome' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
        'Select whether it is an outcome or an output',
        'Select where the outcome comes from',
      ]);
      await expect(j.page.getByLabel('Describe the outcome').inputValue()).resolves.toBe('Fewer children go hungry in the holidays');
      await j.page.locator('#kind-outcome').check();
      await j.page.locator('#source-community').check();
      await j.page.getByLabel('Indicators').fill('Children attending each week\nFamilies reporting food insecurity');
      await j.page.getByRole('button', { name: 'Add the outcome' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The outcome has been added.').count()).resolves.toBe(1);
      await expect(j.page.locator('#outcomes + .cw-table-scroll table').textContent()).resolves.toContain(
        'Children attending each week; Families reporting food insecurity',
      );
      await j.check('cycle-outcome-added');

      // The delivery model decision: refused without in-house considered, then recorded with its flags.
      await j.page.getByRole('button', { name: 'Decide the delivery model' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByLabel('Competitive tender', { exact: true }).first().fill('Local groups and schools could run holiday clubs');
      await j.page.getByLabel('Grant').first().fill('Grants to existing holiday clubs');
      await j.page.locator('#chosen-grant').check();
      await j.page.getByLabel('Rationale').fill('Existing clubs know the families; grants keep them going');
      await j.page.getByLabel('In-house comparator cost over the term (£)').fill('1,200,000');
      await j.page.getByLabel('Annual value of the contract (£)').fill('350000');
      await j.page.getByLabel('Length (months)').fill('36');
      await j.page.getByLabel('Capital a provider needs (£)').fill('0');
      await j.page.locator('#forProfitEligible-no').check();
      await j.page.getByRole('button', { name: 'Record the decision' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual([
        'Consider delivering the service in-house before choosing another route',
      ]);
      await j.check('cycle-decision-errors');
      await j.page.getByLabel('In-house', { exact: true }).first().fill('No holiday provision left in-house; rebuilding it would take two summers');
      await j.page.getByRole('button', { name: 'Record the decision' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The delivery model decision has been recorded.').count()).resolves.toBe(1);
      await expect(j.page.locator('main').textContent()).resolves.toContain('The delivery model decision chose grant, not a competitive tender');

      // Engagement, with who took part against the area's mix, and "you said, we did".
      await j.page.getByRole('button', { name: 'Record an engagement activity' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByLabel('Activity').fill('Drop-in sessions at three primary schools');
      await j.page.getByLabel('Customer service').check();
      await j.page.getByLabel('Consult', { exact: true }).check();
      await j.page.getByLabel('What is up for grabs?').fill('Venues, days and the food on offer');
      await j.page.getByLabel('Senior owner').fill('Head of Early Help');
      await j.page.getByLabel('Cost (£)').fill('850');
      await fillDate(j.page.getByRole('group', { name: 'First day' }), '2026-10-05');
      await fillDate(j.page.getByRole('group', { name: 'Last day' }), '2026-10-16');
      await j.page.locator('#p-sex-female').fill('40');
      await j.page.locator('#p-sex-male').fill('8');
      await j.check('cycle-engagement-form');
      await j.page.getByRole('button', { name: 'Record the activity' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The engagement activity has been recorded.').count()).resolves.toBe(1);
      await expect(j.page.locator('main').textContent()).resolves.toContain(
        'female (sex) is over-represented: 83.3% of participants against 51.0% of the area',
      );
      await j.page.getByText('Add what participants said').click();
      await j.page.getByLabel('You said').fill('Open at 8am so parents can drop off before work');
      await j.page.getByLabel('The decision it concerns').selectOption('specification');
      await j.page.locator('input[name=changed][value=yes]').check();
      await j.page.getByLabel('We did (or why nothing changed)').fill('Sessions open at 8am in the specification');
      await j.page.getByRole('button', { name: 'Record it' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('main').textContent()).resolves.toContain('Open at 8am so parents can drop off before work');
      await j.check('cycle-you-said-we-did');

      // Home care has outputs only: the commissioner records why.
      await j.page.goto('/cycles');
      await j.page.getByRole('link', { name: 'Care at home for adults' }).click();
      await j.page.waitForLoadState('load');
      await j.page.getByRole('button', { name: 'Record the reason' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.locator('.govuk-error-summary__list a').allTextContents()).resolves.toEqual(['Say why outputs alone are right for this service']);
      await j.page
        .getByLabel('Why are outputs alone right here?')
        .fill('Hours delivered is the statutory measure; outcomes are tracked through the adult social care survey');
      await j.page.getByRole('button', { name: 'Record the reason' }).click();
      await j.page.waitForLoadState('load');
      await expect(j.page.getByText('The reason for outputs alone has been recorded.').count()).resolves.toBe(1);
      await expect(j.page.locator('main').textContent()).resolves.not.toContain('Every item in the outcomes framework is an output');
    });
  },
  7,
);
