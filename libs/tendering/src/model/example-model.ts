import type { Band, Criterion, EvaluationModel } from './evaluation-model.js';

/** Band descriptors for a 0–5 scale, the most common in UK public procurement. */
export const FIVE_POINT_BANDS: Band[] = [
  { min: 0, max: 0, descriptor: 'No response, or the response does not address the question' },
  { min: 1, max: 1, descriptor: 'Poor: major gaps or risks' },
  { min: 2, max: 2, descriptor: 'Weak: some gaps or risks' },
  { min: 3, max: 3, descriptor: 'Satisfactory: meets the requirement' },
  { min: 4, max: 4, descriptor: 'Good: meets it with some added value' },
  { min: 5, max: 5, descriptor: 'Excellent: exceeds it with clear evidence' },
];

const leaf = (key: string, title: string, weight: string, minimumScore: number | null = null): Criterion => ({
  key,
  title,
  weight,
  scale: '0-5',
  bands: FIVE_POINT_BANDS,
  minimumScore,
});

/** A model in the shape docs/domain.md describes: price 40, quality 30, social value 20, public character 10. */
export function exampleModel(): EvaluationModel {
  return {
    lots: [{ key: 'lot-1', title: 'Whole service', priceMethod: 'relative_to_lowest', benchmark: null }],
    criteria: [
      { key: 'price', title: 'Price', weight: '40', category: 'price' },
      {
        key: 'quality',
        title: 'Quality',
        weight: '30',
        category: 'quality',
        children: [leaf('delivery', 'Service delivery', '60', 2), leaf('safeguarding', 'Safeguarding', '40', 3)],
      },
      { key: 'social-value', title: 'Social value', weight: '20', category: 'social_value', children: [leaf('local-jobs', 'Local jobs and skills', '100')] },
      {
        key: 'public-character',
        title: 'Public character',
        weight: '10',
        category: 'public_character',
        children: [leaf('shared-ownership', 'Shared ownership', '100')],
      },
    ],
    tieBreak: ['higher_quality', 'lower_price'],
  };
}
