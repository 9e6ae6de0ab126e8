import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { datePart, joinDateParts } from './form-dates.js';

describe('a date typed in three boxes', () => {
  const joined = (body: Record<string, unknown>) => {
    joinDateParts(body);
    return body;
  };

  it('becomes the one field a handler reads, and the boxes go', () => {
    expect(joined({ 'startsOn-day': '1', 'startsOn-month': '4', 'startsOn-year': '2027', title: 'x' })).toEqual({ startsOn: '2027-04-01', title: 'x' });
    expect(joined({ 'a-startsOn-day': ' 31 ', 'a-startsOn-month': '03', 'a-startsOn-year': '2027' })).toEqual({ 'a-startsOn': '2027-03-31' });
  });

  it('is no date when all three are empty, and what was typed when it is not a real date', () => {
    expect(joined({ 'd-day': '', 'd-month': '', 'd-year': '' })).toEqual({ d: '' });
    expect(joined({ 'd-day': '30', 'd-month': '2', 'd-year': '2030' })).toEqual({ d: '30/2/2030' });
    expect(joined({ 'd-day': '1', 'd-month': '', 'd-year': '2030' })).toEqual({ d: '1//2030' });
    expect(joined({ 'd-day': '1', 'd-month': '4', 'd-year': '27' })).toEqual({ d: '1/4/27' });
    expect(joined({ 'd-day': 'first', 'd-month': '4', 'd-year': '2027' })).toEqual({ d: 'first/4/2027' });
  });

  it('leaves a date with a time, and a lone box, to the page that reads them', () => {
    const withTime = { 'deadline-day': '1', 'deadline-month': '4', 'deadline-year': '2027', 'deadline-time': '12:00' };
    expect(joined({ ...withTime })).toEqual(withTime);
    expect(joined({ 'x-day': 'Monday' })).toEqual({ 'x-day': 'Monday' });
  });

  it('shows its boxes again as stored or as typed, for every real date and every refusal', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const body = joined({ 'x-day': datePart(iso, 'day'), 'x-month': datePart(iso, 'month'), 'x-year': datePart(iso, 'year') });
        expect(body.x).toBe(iso);
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), fc.string({ maxLength: 6 }), (day, month, year) => {
        const body = joined({ 'x-day': day, 'x-month': month, 'x-year': year });
        const again = joined({ 'x-day': datePart(body.x, 'day'), 'x-month': datePart(body.x, 'month'), 'x-year': datePart(body.x, 'year') });
        expect(again.x).toBe(body.x);
      }),
    );
  });
});
