import { describe, expect, it } from '@jest/globals';
import { pounds } from './labels.js';

describe('pounds on pages', () => {
  it('formats the decimal string exactly, never through a binary float', () => {
    expect(pounds('480000')).toBe('£480,000.00');
    expect(pounds('1.005')).toBe('£1.01');
    expect(pounds('12345678901234567.89')).toBe('£12,345,678,901,234,567.89');
    expect(pounds('-0.50')).toBe('-£0.50');
  });
});
