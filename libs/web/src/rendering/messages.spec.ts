import { describe, expect, it } from '@jest/globals';
import { fieldInWords, inWords } from './messages.js';

describe('the message catalogue', () => {
  it('leaves a message already written for people as it is', () => {
    expect(inWords({ field: 'title', rule: 'required', message: 'Enter the tender’s title' })).toBe('Enter the tender’s title');
  });

  it('says what to do, naming the field as a person calls it, and keeps the API’s example', () => {
    expect(inWords({ field: 'value', rule: 'matches', message: 'value must be a number with at most 4 decimal places, e.g. "95"' })).toBe(
      'Enter the value as a number, for example 95',
    );
    expect(inWords({ field: 'periodEndsOn', rule: 'isDateString', message: 'periodEndsOn must be a date, YYYY-MM-DD' })).toBe(
      'Enter the last day of the period as a real date, for example 27 3 2027',
    );
    expect(inWords({ field: 'standstillWorkingDays', rule: 'type', message: 'standstillWorkingDays must be integer' })).toBe(
      'Enter the standstill period in working days as a whole number, for example 10',
    );
    expect(inWords({ field: 'allowedPriceMethods', rule: 'minItems', message: 'allowedPriceMethods must NOT have fewer than 1 items' })).toBe(
      'Choose at least one of the price methods allowed',
    );
  });

  it('finds a field by its path without list positions, else by its last part, else in plain words', () => {
    expect(fieldInWords('tests.10.code')).toBe('the test’s code');
    expect(fieldInWords('restrictedCategories.0.code')).toBe('the category code');
    expect(fieldInWords('contract.annualValue')).toBe('the annual value');
  });
});

describe('the message catalogue and addresses', () => {
  it('takes an e-mail or web address in a message for the example it is, not a field path', () => {
    const message = 'Enter an e-mail address in the correct format, like name@example.gov.uk';
    expect(inWords({ field: 'adminEmail', rule: 'isEmail', message })).toBe(message);
    expect(inWords({ field: 'url', rule: 'matches', message: 'url must be an http(s) address' })).toBe('Enter the web address in full, starting with https://');
  });
});
