import fc from 'fast-check';
import { commitmentProblems, valueCommitments } from './bid-commitments.js';
import { DEFAULT_CATALOGUE } from '../catalogue/default-catalogue.js';

const measures = new Map(DEFAULT_CATALOGUE.map((m) => [m.code, m]));
const rules = (list: Parameters<typeof commitmentProblems>[0]) => commitmentProblems(list, measures).map((p) => `${p.field} ${p.rule}`);

describe('social value commitments in a bid', () => {
  it('values quantity x proxy value per year, in total and as a share of the price (worked by hand)', () => {
    // JOB-1 local FTE years at £28,000: 2 + 3.5 = 5.5 → £154,000. JOB-3 apprenticeship weeks at £240: 52 → £12,480.
    const v = valueCommitments(
      [
        {
          measureCode: 'JOB-1',
          method: 'Recruit through the job centre',
          quantities: [
            { year: 2, quantity: '3.5' },
            { year: 1, quantity: '2' },
          ],
        },
        { measureCode: 'JOB-3', method: 'Two apprentices', quantities: [{ year: 1, quantity: '52' }] },
      ],
      measures,
      '1000000.00',
      0,
    );
    expect(v.commitments[0]).toMatchObject({
      unit: 'FTE year',
      proxyValue: '28000.00',
      totalQuantity: '5.5',
      totalValue: '154000.00',
      quantities: [
        { year: 1, quantity: '2', value: '56000.00' },
        { year: 2, quantity: '3.5', value: '98000.00' },
      ],
    });
    expect(v).toMatchObject({ catalogueVersion: 0, totalValue: '166480.00', shareOfPricePercent: '16.65' });
  });

  it('names every problem: an unknown or repeated measure, no method, a bad year or quantity', () => {
    expect(
      rules([
        { measureCode: 'NOPE', method: 'x', quantities: [{ year: 1, quantity: '1' }] },
        {
          measureCode: 'JOB-1',
          method: ' ',
          quantities: [
            { year: 0, quantity: '1e3' },
            { year: 2, quantity: '1' },
            { year: 2, quantity: '-1' },
          ],
        },
        { measureCode: 'JOB-1', method: 'again', quantities: [] },
      ]),
    ).toEqual([
      'socialValue.commitments.0.measureCode one-of',
      'socialValue.commitments.1.method required',
      'socialValue.commitments.1.quantities.0.year range',
      'socialValue.commitments.1.quantities.0.quantity decimal',
      'socialValue.commitments.1.quantities.2.year unique',
      'socialValue.commitments.1.quantities.2.quantity decimal',
      'socialValue.commitments.2.measureCode unique',
      'socialValue.commitments.2.quantities required',
    ]);
  });

  it('never values more for less: raising any quantity never lowers the total (property)', () => {
    const cents = fc.integer({ min: 0, max: 10_000_000 });
    fc.assert(
      fc.property(cents, cents, fc.constantFrom(...measures.keys()), (a, b, code) => {
        const value = (c: number) =>
          Number(
            valueCommitments([{ measureCode: code, method: 'm', quantities: [{ year: 1, quantity: (c / 100).toFixed(2) }] }], measures, '100.00', 0).totalValue,
          );
        expect(value(Math.max(a, b))).toBeGreaterThanOrEqual(value(Math.min(a, b)));
      }),
    );
  });
});
