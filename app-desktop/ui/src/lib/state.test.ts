import { describe, expect, it } from 'vitest';
import {
  connectionOf,
  contentChanged,
  current,
  hasNoContent,
  HOME,
  MAX_HISTORY,
  pop,
  push,
  sectionOf,
  type Route,
} from './state';
import type { SyncState } from './types';

const sync = (over: Partial<SyncState> = {}): SyncState => ({
  phase: 'done',
  online: true,
  last_sync_at: 1_700_000_000,
  last_error: null,
  last_report: { applied: 0, removed: 0, pages: 1, reset: false },
  services: 10,
  news: 3,
  ...over,
});

describe('navigation history', () => {
  it('pushes detail screens and pops back', () => {
    let h: Route[] = [HOME];
    h = push(h, { name: 'category', id: 'transportasi' });
    h = push(h, { name: 'service', id: 'e-kir' });
    expect(current(h)).toEqual({ name: 'service', id: 'e-kir' });
    h = pop(h);
    expect(current(h)).toEqual({ name: 'category', id: 'transportasi' });
    h = pop(h);
    h = pop(h);
    expect(h).toEqual([HOME]);
  });

  it('does not stack the same screen twice', () => {
    const h = push([HOME, { name: 'service', id: 'a' }], { name: 'service', id: 'a' });
    expect(h).toHaveLength(2);
  });

  it('starts a section afresh from its tab', () => {
    const deep: Route[] = [HOME, { name: 'category', id: 'x' }, { name: 'service', id: 'y' }];
    expect(push(deep, { name: 'news' })).toEqual([HOME, { name: 'news' }]);
    expect(push(deep, { name: 'home' })).toEqual([HOME]);
  });

  it('bounds the history', () => {
    let h: Route[] = [HOME];
    for (let i = 0; i < MAX_HISTORY + 20; i++) h = push(h, { name: 'service', id: `s${i}` });
    expect(h).toHaveLength(MAX_HISTORY);
    expect(current(h)).toEqual({ name: 'service', id: `s${MAX_HISTORY + 19}` });
  });

  it('maps screens to tabs', () => {
    expect(sectionOf({ name: 'service', id: 'x' })).toBe('services');
    expect(sectionOf({ name: 'news-item', id: 'x' })).toBe('news');
    expect(sectionOf(HOME)).toBe('home');
    expect(sectionOf({ name: 'phone' })).toBe('report');
    expect(current([])).toEqual(HOME);
  });
});

describe('connection state', () => {
  it('is checking before any answer', () => {
    expect(connectionOf(null)).toBe('checking');
    expect(connectionOf(sync({ phase: 'idle', online: null }))).toBe('checking');
  });

  it('follows the last attempt', () => {
    expect(connectionOf(sync())).toBe('online');
    expect(connectionOf(sync({ phase: 'failed', online: false }))).toBe('offline');
    expect(connectionOf(sync({ phase: 'syncing', online: false }))).toBe('syncing');
  });

  it('knows when nothing is cached', () => {
    expect(hasNoContent(null)).toBe(false);
    expect(hasNoContent(sync({ services: 0, news: 0 }))).toBe(true);
    expect(hasNoContent(sync())).toBe(false);
  });
});

describe('contentChanged', () => {
  it('is true when a sync applied or removed something', () => {
    expect(contentChanged(null, sync({ last_report: { applied: 5, removed: 0, pages: 1, reset: false } }))).toBe(true);
    expect(contentChanged(sync(), sync({ last_report: { applied: 0, removed: 1, pages: 1, reset: false } }))).toBe(
      true,
    );
  });

  it('is false for empty syncs, failures and the syncing phase', () => {
    expect(contentChanged(sync(), sync())).toBe(false);
    expect(contentChanged(sync(), sync({ phase: 'failed', online: false }))).toBe(false);
    expect(contentChanged(sync(), sync({ phase: 'syncing', services: 99 }))).toBe(false);
  });
});
