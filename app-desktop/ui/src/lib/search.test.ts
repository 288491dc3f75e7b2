import { describe, expect, it } from 'vitest';
import { ALL, ASKED, FIRST_ROWS, moreButton, resultsLine } from './search';

describe('search results wording', () => {
  it('counts exactly when the core found fewer than asked', () => {
    expect(resultsLine(7, ASKED)).toEqual({ key: 'catalogue.results', n: 7 });
    expect(resultsLine(ASKED - 1, ASKED)).toEqual({ key: 'catalogue.results', n: ASKED - 1 });
  });

  it('never calls a full answer all the matches', () => {
    expect(resultsLine(ASKED, ASKED)).toEqual({ key: 'catalogue.resultsBest', n: ASKED });
    expect(resultsLine(ALL, ALL)).toEqual({ key: 'catalogue.resultsBest', n: ALL });
    expect(resultsLine(35, ALL)).toEqual({ key: 'catalogue.results', n: 35 });
  });

  it('offers the rest of a short answer, and more of a full one', () => {
    expect(moreButton(FIRST_ROWS, ASKED, false)).toBeNull();
    expect(moreButton(12, ASKED, false)).toEqual({ key: 'catalogue.showAll', n: 12 });
    expect(moreButton(ASKED, ASKED, false)).toEqual({ key: 'catalogue.showMore', n: ASKED });
    expect(moreButton(ASKED, ASKED, true)).toBeNull();
  });
});
