// User Timing marks that the desktop speed benchmark reads through WebDriver
// (app-desktop/tests/e2e/bench.mjs). A mark costs one entry in the page's
// performance timeline; nothing is sent anywhere.

/** The home screen shows its tiles and categories and takes input. */
export const HOME_INTERACTIVE = 'pati:home-interactive';

/** The catalogue received the answer to the latest search (before rendering it). */
export const SEARCH_ANSWERED = 'pati:search-answered';

/** Marks `name` once per page load; later calls are ignored. */
export function markOnce(name: string): void {
  if (typeof performance === 'undefined') return;
  if (performance.getEntriesByName(name, 'mark').length > 0) return;
  performance.mark(name);
}

/** Marks `name` anew: only the latest one is kept, so the timeline does not grow. */
export function markLatest(name: string): void {
  if (typeof performance === 'undefined') return;
  performance.clearMarks(name);
  performance.mark(name);
}
