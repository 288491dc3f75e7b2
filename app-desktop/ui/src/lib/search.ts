// How many search results the catalogue asks for and shows, and how it words them.
// The core returns the best matches up to a limit, not a total, so a full answer
// means "at least this many": the count and the button must not claim "all".

import type { MessageKey } from './i18n';

/** Rows shown per answer until the resident asks for more: a screenful, best first. */
export const FIRST_ROWS = 8;
/** Services asked of the core per keystroke (its default limit). */
export const ASKED = 20;
/** Services asked once the resident presses "show all" (the core's most). */
export const ALL = 100;

export interface Line {
  key: MessageKey;
  n: number;
}

/** The result count: exact when the core found fewer than asked, "the n best" when it filled the answer. */
export function resultsLine(found: number, asked: number): Line {
  return { key: found >= asked ? 'catalogue.resultsBest' : 'catalogue.results', n: found };
}

/** The button under a screenful, or null when every row found is shown already. */
export function moreButton(found: number, asked: number, expanded: boolean): Line | null {
  if (expanded || found <= FIRST_ROWS) return null;
  return found >= asked ? { key: 'catalogue.showMore', n: found } : { key: 'catalogue.showAll', n: found };
}
