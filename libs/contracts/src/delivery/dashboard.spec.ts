import { deliveryDashboard } from './dashboard.js';

const commitment = {
  id: 'c1',
  code: 'SOC-4',
  title: 'People supported',
  unit: 'person',
  proxyValue: '2300.00',
  quantities: [
    { year: 1, quantity: '20' },
    { year: 2, quantity: '20' },
  ],
};
const report = (id: string, year: number, quantity: string, at: string, review: 'accepted' | 'queried' | null) => ({
  id,
  commitmentId: 'c1',
  year,
  quantity,
  reportedAt: at,
  review: review ? { outcome: review, note: review === 'queried' ? 'Send the log' : '' } : null,
});

describe('committed against delivered', () => {
  it('counts the newest report per year, and only once accepted (worked by hand)', () => {
    const board = deliveryDashboard(
      [commitment],
      [
        report('r1', 1, '18', '2025-01-10T00:00:00Z', 'queried'),
        report('r2', 1, '20', '2025-02-10T00:00:00Z', 'accepted'),
        report('r3', 2, '14', '2026-01-10T00:00:00Z', null),
        report('r4', 3, '5', '2027-01-10T00:00:00Z', 'accepted'),
      ],
    );
    const years = board.measures[0].years;
    expect(years.map((y) => [y.year, y.committed, y.reported, y.delivered, y.status])).toEqual([
      [1, '20', '20', '20', 'accepted'],
      [2, '20', '14', '0', 'awaiting-review'],
      [3, '0', '5', '5', 'accepted'],
    ]);
    // Committed 40 x £2,300 = £92,000; delivered 25 x £2,300 = £57,500 (a year beyond the commitment still counts as delivered).
    expect(board).toMatchObject({ committedValue: '92000.00', deliveredValue: '57500.00' });
  });

  it('shows every committed year, reported or not', () => {
    expect(deliveryDashboard([commitment], []).measures[0].years.map((y) => y.status)).toEqual(['not-reported', 'not-reported']);
  });
});
