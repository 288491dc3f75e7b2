import { describe, expect, it } from 'vitest';
import { markOnce } from './perf';

describe('markOnce', () => {
  it('records a mark the first time only', () => {
    markOnce('pati:test-mark');
    markOnce('pati:test-mark');
    expect(performance.getEntriesByName('pati:test-mark', 'mark')).toHaveLength(1);
  });
});
