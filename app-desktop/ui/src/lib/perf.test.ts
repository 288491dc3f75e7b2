import { describe, expect, it } from 'vitest';
import { markLatest, markOnce } from './perf';

describe('markOnce', () => {
  it('records a mark the first time only', () => {
    markOnce('pati:test-mark');
    markOnce('pati:test-mark');
    expect(performance.getEntriesByName('pati:test-mark', 'mark')).toHaveLength(1);
  });
});

describe('markLatest', () => {
  it('keeps only the latest mark', () => {
    markLatest('pati:test-latest');
    const first = performance.getEntriesByName('pati:test-latest', 'mark')[0]?.startTime ?? -1;
    markLatest('pati:test-latest');
    const marks = performance.getEntriesByName('pati:test-latest', 'mark');
    expect(marks).toHaveLength(1);
    expect(marks[0]?.startTime ?? -1).toBeGreaterThanOrEqual(first);
  });
});
