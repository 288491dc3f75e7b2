import { describe, expect, it, vi } from 'vitest';
import type { Api } from './api';
import { AppStore, LANG_STORAGE_KEY, type KeyValueStore } from './app.svelte';
import type { SyncState } from './types';

function memoryStorage(init: Record<string, string> = {}): KeyValueStore & { data: Record<string, string> } {
  const data = { ...init };
  return {
    data,
    getItem: (k) => data[k] ?? null,
    setItem: (k, v) => {
      data[k] = v;
    },
  };
}

const state = (over: Partial<SyncState> = {}): SyncState => ({
  phase: 'done',
  online: true,
  last_sync_at: 1_700_000_000,
  last_error: null,
  last_report: { applied: 0, removed: 0, pages: 1, reset: false },
  services: 10,
  news: 2,
  ...over,
});

function fakeApi(over: Partial<Api> = {}): Api & { emit(s: SyncState): void } {
  let handler: ((s: SyncState) => void) | null = null;
  const reject = () => Promise.reject(new Error('not faked'));
  return {
    emit: (s) => handler?.(s),
    appInfo: () => Promise.resolve({ version: '0.1.0', jurisdiction: 'pati', kiosk: false, sync_interval_secs: 300, idle_timeout_secs: 120, on_screen_keyboard: false }),
    contentStatus: reject,
    syncState: () => Promise.resolve(state({ phase: 'idle', online: null, last_report: null })),
    syncContent: () => Promise.resolve({ applied: 0, removed: 0, pages: 1, reset: false }),
    onSyncState: (h) => {
      handler = h;
      return Promise.resolve(() => {
        handler = null;
      });
    },
    jurisdiction: reject,
    agencies: reject,
    serviceCategories: reject,
    servicesInCategory: reject,
    servicesOfAgency: reject,
    search: reject,
    prepareSearch: () => Promise.resolve(),
    featuredServices: reject,
    service: reject,
    news: reject,
    newsItem: reject,
    complaintCategories: reject,
    kecamatan: reject,
    desa: reject,
    currentDraft: reject,
    updateDraft: reject,
    deleteDraft: reject,
    addDraftPhoto: reject,
    removeDraftPhoto: reject,
    photo: reject,
    submitDraft: reject,
    myComplaints: reject,
    complaint: reject,
    reply: reject,
    rate: reject,
    reopen: reject,
    complaintSyncState: reject,
    syncComplaints: reject,
    onComplaintSync: () => Promise.resolve(() => {}),
    similarComplaints: reject,
    support: reject,
    wipeSession: () => Promise.resolve(),
    startPhoneVerification: reject,
    verifyPhone: reject,
    ...over,
  };
}

describe('AppStore', () => {
  it('starts in Indonesian, or in the stored language', () => {
    expect(new AppStore(fakeApi(), memoryStorage()).lang).toBe('id');
    expect(new AppStore(fakeApi(), null).lang).toBe('id');
    expect(new AppStore(fakeApi(), memoryStorage({ [LANG_STORAGE_KEY]: 'jv' })).lang).toBe('jv');
    expect(new AppStore(fakeApi(), memoryStorage({ [LANG_STORAGE_KEY]: 'xx' })).lang).toBe('id');
  });

  it('switches language, translates with it and remembers it', () => {
    const storage = memoryStorage();
    const app = new AppStore(fakeApi(), storage);
    expect(app.tr.t('nav.home')).toBe('Beranda');
    app.setLang('en');
    expect(app.tr.t('nav.home')).toBe('Home');
    expect(storage.data[LANG_STORAGE_KEY]).toBe('en');
  });

  it('navigates and goes back', () => {
    const app = new AppStore(fakeApi(), null);
    expect(app.canGoBack).toBe(false);
    app.navigate({ name: 'service', id: 'e-kir' });
    expect(app.route).toEqual({ name: 'service', id: 'e-kir' });
    expect(app.canGoBack).toBe(true);
    app.back();
    expect(app.route).toEqual({ name: 'home' });
  });

  it('follows sync events and reloads screens only when content changed', async () => {
    const api = fakeApi();
    const app = new AppStore(api, null);
    const stop = await app.start();
    expect(app.info?.jurisdiction).toBe('pati');
    expect(app.sync?.phase).toBe('idle');
    expect(app.contentVersion).toBe(0);

    api.emit(state({ phase: 'syncing' }));
    expect(app.sync?.phase).toBe('syncing');
    api.emit(state({ last_report: { applied: 42, removed: 0, pages: 1, reset: false } }));
    expect(app.contentVersion).toBe(1);
    api.emit(state());
    expect(app.contentVersion).toBe(1);

    stop();
    api.emit(state({ phase: 'failed', online: false }));
    expect(app.sync?.phase).toBe('done');
  });

  it('keeps an event that arrived before the initial state', async () => {
    const api = fakeApi();
    const slow = fakeApi().syncState;
    api.syncState = () => {
      api.emit(state({ phase: 'syncing' }));
      return slow();
    };
    const app = new AppStore(api, null);
    await app.start();
    expect(app.sync?.phase).toBe('syncing');
  });

  it('reports a failed manual sync as a typed error', async () => {
    const syncContent = vi.fn(() => Promise.reject({ kind: 'offline', message: 'unreachable' }));
    const app = new AppStore(fakeApi({ syncContent }), null);
    await app.syncNow();
    expect(syncContent).toHaveBeenCalledOnce();
    expect(app.syncError).toEqual({ kind: 'offline', message: 'unreachable' });

    const odd = new AppStore(fakeApi({ syncContent: () => Promise.reject(new Error('boom')) }), null);
    await odd.syncNow();
    expect(odd.syncError?.kind).toBe('storage');

    const refused = new AppStore(fakeApi({ syncContent: () => Promise.reject('sync_content not allowed') }), null);
    await refused.syncNow();
    expect(refused.syncError).toEqual({ kind: 'invalid_input', message: 'sync_content not allowed' });
  });
});
