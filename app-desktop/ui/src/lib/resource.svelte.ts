// Loads data for a screen and reloads it when the language or the synced content
// changes. A reload keeps showing the previous value until the new one arrives.

import type { AppStore } from './app.svelte';
import type { CommandError, Lang } from './types';
import { toCommandError } from './types';

export type Resource<T> =
  | { state: 'loading' }
  | { state: 'ready'; value: T }
  | { state: 'error'; error: CommandError };

export interface ResourceHandle<T> {
  readonly current: Resource<T>;
  reload(): void;
}

/** Must be called during component initialisation (it creates an effect). */
export function resource<T>(
  getApp: () => AppStore,
  fetch: (lang: Lang) => Promise<T>,
): ResourceHandle<T> {
  let current: Resource<T> = $state({ state: 'loading' });
  let retries = $state(0);
  $effect(() => {
    // Dependencies: language, synced content, manual retries, and whatever `fetch` reads.
    const app = getApp();
    const lang = app.lang;
    void app.contentVersion;
    void retries;
    let stale = false;
    const pending = fetch(lang);
    pending.then(
      (value) => {
        if (!stale) current = { state: 'ready', value };
      },
      (e: unknown) => {
        if (!stale) current = { state: 'error', error: toCommandError(e) };
      },
    );
    return () => {
      stale = true;
    };
  });
  return {
    get current() {
      return current;
    },
    reload() {
      current = { state: 'loading' };
      retries += 1;
    },
  };
}
