// The app's reactive state: language, navigation, sync state and app info.
// Logic lives in state.ts / i18n.ts; this class only makes it reactive.

import type { Api } from './api';
import { LANGUAGE_TAGS, normalizeLang, translator, type Translator } from './i18n';
import { contentChanged, current, HOME, pop, push, type Route } from './state';
import type { AppInfo, CommandError, ComplaintSyncState, Lang, SyncState } from './types';
import { toCommandError } from './types';

export const LANG_STORAGE_KEY = 'pati.lang';

/** The subset of `Storage` the store uses (a fake in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export class AppStore {
  lang: Lang = $state('id');
  history: Route[] = $state([HOME]);
  sync: SyncState | null = $state(null);
  info: AppInfo | null = $state(null);
  /** Bumped whenever synced content changed: screens reload their data. */
  contentVersion = $state(0);
  /** The last "sync now" failure, shown until the next attempt. */
  syncError: CommandError | null = $state(null);
  /** Current time for relative times, ticked by the app every 30 s. */
  now = $state(Date.now());
  /** The core's complaint outbox state (from `sync://complaints`). */
  complaintSync: ComplaintSyncState | null = $state(null);
  /** Bumped on every complaint sync change: complaint screens reload. */
  complaintVersion = $state(0);
  /** The complaint submitted last in this session (its screen shows the tracking slip). */
  lastSubmitted: string | null = $state(null);

  readonly tr: Translator = $derived(translator(this.lang));
  readonly route: Route = $derived(current(this.history));
  readonly canGoBack: boolean = $derived(this.history.length > 1);

  readonly api: Api;
  private readonly storage: KeyValueStore | null;

  constructor(api: Api, storage: KeyValueStore | null) {
    this.api = api;
    this.storage = storage;
    this.lang = normalizeLang(storage?.getItem(LANG_STORAGE_KEY));
  }

  setLang(lang: Lang): void {
    this.lang = lang;
    this.storage?.setItem(LANG_STORAGE_KEY, lang);
    if (typeof document !== 'undefined') document.documentElement.lang = LANGUAGE_TAGS[lang];
  }

  navigate(route: Route): void {
    this.history = push(this.history, route);
  }

  back(): void {
    this.history = pop(this.history);
  }

  applySync(next: SyncState): void {
    const changed = contentChanged(this.sync, next);
    this.sync = next;
    if (changed) this.contentVersion += 1;
  }

  /** Loads app info and the current sync state, then follows sync events. */
  async start(): Promise<() => void> {
    if (typeof document !== 'undefined') document.documentElement.lang = LANGUAGE_TAGS[this.lang];
    const unlistenContent = await this.api.onSyncState((s) => this.applySync(s));
    const unlistenComplaints = await this.api.onComplaintSync((s) => this.applyComplaintSync(s));
    const unlisten = (): void => {
      unlistenContent();
      unlistenComplaints();
    };
    const [info, sync] = await Promise.all([this.api.appInfo(), this.api.syncState()]);
    this.info = info;
    // An event may have arrived while we waited: keep the newer one.
    if (this.sync === null) this.applySync(sync);
    if (this.complaintSync === null) {
      this.api.complaintSyncState().then(
        (s) => this.complaintSync ?? this.applyComplaintSync(s),
        () => {},
      );
    }
    return unlisten;
  }

  applyComplaintSync(next: ComplaintSyncState): void {
    this.complaintSync = next;
    this.complaintVersion += 1;
  }

  /** Kiosk: erases the visitor's session (drafts, complaints, identity) and goes home. */
  async endSession(): Promise<void> {
    try {
      await this.api.wipeSession();
    } finally {
      this.history = [HOME];
      this.lastSubmitted = null;
      this.complaintVersion += 1;
    }
  }

  async syncNow(): Promise<void> {
    this.syncError = null;
    try {
      await this.api.syncContent();
    } catch (e) {
      this.syncError = toCommandError(e);
    }
  }
}
