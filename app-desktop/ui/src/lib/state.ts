// Pure state logic of the app: navigation and what the sync state means for the UI.
// The reactive store (app.svelte.ts) only wires these to Svelte runes.

import type { MessageKey } from './i18n';
import type { SyncState } from './types';

export type Route =
  | { name: 'home' }
  | { name: 'catalogue' }
  | { name: 'category'; id: string }
  | { name: 'service'; id: string }
  | { name: 'news' }
  | { name: 'news-item'; id: string }
  | { name: 'report' }
  | { name: 'phone' }
  | { name: 'complaints' }
  | { name: 'complaint'; id: string };

/** Top-level sections, one per navigation tab. */
export type Section = 'home' | 'services' | 'news' | 'report' | 'complaints';

export const HOME: Route = { name: 'home' };
/** Deep enough for any real path; older entries are dropped. */
export const MAX_HISTORY = 50;

export function sectionOf(route: Route): Section {
  switch (route.name) {
    case 'home':
      return 'home';
    case 'catalogue':
    case 'category':
    case 'service':
      return 'services';
    case 'news':
    case 'news-item':
      return 'news';
    case 'report':
    case 'phone':
      return 'report';
    case 'complaints':
    case 'complaint':
      return 'complaints';
  }
}

export function sameRoute(a: Route, b: Route): boolean {
  return a.name === b.name && ('id' in a ? a.id : '') === ('id' in b ? b.id : '');
}

/** The history after opening `route` (the last element is the current screen). */
export function push(history: readonly Route[], route: Route): Route[] {
  const current = history[history.length - 1];
  if (current && sameRoute(current, route)) return [...history];
  // Opening a top-level section starts its history afresh.
  if (
    route.name === 'home' ||
    route.name === 'catalogue' ||
    route.name === 'news' ||
    route.name === 'report' ||
    route.name === 'complaints'
  ) {
    return route.name === 'home' ? [HOME] : [HOME, route];
  }
  const next = [...history, route];
  return next.length > MAX_HISTORY ? next.slice(next.length - MAX_HISTORY) : next;
}

/** The history after "back"; never empty. */
export function pop(history: readonly Route[]): Route[] {
  return history.length > 1 ? history.slice(0, -1) : [HOME];
}

export function current(history: readonly Route[]): Route {
  return history[history.length - 1] ?? HOME;
}

export type Connection = 'checking' | 'syncing' | 'online' | 'offline';

export function connectionOf(s: SyncState | null): Connection {
  if (!s) return 'checking';
  if (s.phase === 'syncing') return 'syncing';
  if (s.online === null) return 'checking';
  return s.online ? 'online' : 'offline';
}

export const CONNECTION_LABEL: Readonly<Record<Connection, MessageKey>> = {
  checking: 'status.checking',
  syncing: 'status.syncing',
  online: 'status.online',
  offline: 'status.offline',
};

/** Whether a new sync state means the cached content changed and screens should reload. */
export function contentChanged(prev: SyncState | null, next: SyncState): boolean {
  if (next.phase !== 'done') return false;
  const r = next.last_report;
  if (r && (r.applied > 0 || r.removed > 0 || r.reset)) return true;
  return prev !== null && (prev.services !== next.services || prev.news !== next.news);
}

/** Nothing cached yet: the UI shows a download / connect message instead of empty lists. */
export function hasNoContent(s: SyncState | null): boolean {
  return s !== null && s.services === 0 && s.news === 0;
}
