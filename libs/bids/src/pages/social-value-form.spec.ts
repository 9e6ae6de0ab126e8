import { describe, expect, it } from '@jest/globals';
import { ADD_COMMITMENT, commitmentsFromForm, formFromBid, slotCount, socialValueFormView } from './social-value-form.js';

const measure = (code: string) => ({ code, name: code, unit: 'hour', proxyValue: '10.00' }) as never;

describe('the bid form’s social value commitments', () => {
  it('shows three slots, one more each time another is asked for, never more than the catalogue has measures', () => {
    expect(slotCount({}, 10)).toBe(3);
    expect(slotCount({}, 2)).toBe(2);
    const three = { 'sv-0-measure': '', 'sv-1-measure': '', 'sv-2-measure': '' };
    expect(slotCount({ ...three, [ADD_COMMITMENT]: '1' }, 10)).toBe(4);
    expect(slotCount({ ...three, 'sv-3-measure': '', [ADD_COMMITMENT]: '1' }, 4)).toBe(4);
    expect(socialValueFormView([measure('A'), measure('B'), measure('C'), measure('D')], { ...three, 'sv-3-measure': '' }, () => null).canAddAnother).toBe(
      false,
    );
  });

  it('reads every slot the form showed, however many, and leaves blank ones out', () => {
    const form = {
      'sv-0-measure': 'NT1',
      'sv-0-method': 'Local hires',
      'sv-0-y1': '1,200',
      'sv-1-measure': '',
      'sv-1-method': '',
      'sv-4-measure': 'NT5',
      'sv-4-method': 'Apprentices',
      'sv-4-y2': '3',
    };
    const { commitments, slotOf } = commitmentsFromForm(form);
    expect(commitments).toEqual([
      { measureCode: 'NT1', method: 'Local hires', quantities: [{ year: 1, quantity: '1200' }] },
      { measureCode: 'NT5', method: 'Apprentices', quantities: [{ year: 2, quantity: '3' }] },
    ]);
    expect(slotOf).toEqual([0, 4]);
  });

  it('starts a new version from the one sent: the same answers, price, documents and commitments read back the same', () => {
    const sent = {
      lotKey: 'lot-2',
      price: '480000.00',
      answers: { q1: 'We will', q2: 'And also' },
      documents: [{ id: 'doc-1' }],
      socialValue: {
        commitments: [
          {
            measureCode: 'NT1',
            method: 'Local hires',
            quantities: [
              { year: 1, quantity: '10' },
              { year: 2, quantity: '12' },
            ],
          },
          { measureCode: 'NT2', method: 'Volunteering', quantities: [{ year: 3, quantity: '5' }] },
          { measureCode: 'NT3', method: 'Training', quantities: [{ year: 1, quantity: '1' }] },
          { measureCode: 'NT4', method: 'Supply chain', quantities: [{ year: 2, quantity: '2' }] },
        ],
      },
    };
    const form = formFromBid(sent);
    expect(form).toMatchObject({ lotKey: 'lot-2', price: '480000.00', 'answer-q1': 'We will', 'answer-q2': 'And also', document: ['doc-1'] });
    expect(commitmentsFromForm(form).commitments).toEqual(sent.socialValue.commitments);
    // Four commitments sent: four slots shown (and one more on asking), not cut back to three.
    expect(slotCount(form, 10)).toBe(4);
  });
});
