// The only module that talks to the Tauri shell. Each function is one command of
// src-tauri/src/commands.rs (argument names are camelCase on this side).

import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type {
  AgencyView,
  AppInfo,
  CategoryView,
  ContentStatus,
  ContentSyncReport,
  JurisdictionView,
  Lang,
  NewsView,
  ServiceDetail,
  ServiceSummary,
  SyncState,
} from './types';
import { toCommandError } from './types';

export const SYNC_EVENT = 'sync://state';

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toCommandError(e);
  }
}

/** The shell's API as the UI sees it; tests substitute a fake. */
export interface Api {
  appInfo(): Promise<AppInfo>;
  contentStatus(): Promise<ContentStatus>;
  syncState(): Promise<SyncState>;
  syncContent(): Promise<ContentSyncReport>;
  onSyncState(handler: (s: SyncState) => void): Promise<UnlistenFn>;
  jurisdiction(lang: Lang): Promise<JurisdictionView | null>;
  agencies(lang: Lang): Promise<AgencyView[]>;
  serviceCategories(lang: Lang): Promise<CategoryView[]>;
  servicesInCategory(categoryId: string, lang: Lang): Promise<ServiceSummary[]>;
  servicesOfAgency(agencyId: string, lang: Lang): Promise<ServiceSummary[]>;
  featuredServices(lang: Lang): Promise<ServiceSummary[]>;
  service(id: string, lang: Lang): Promise<ServiceDetail | null>;
  news(offset: number, limit: number, lang: Lang): Promise<NewsView[]>;
  newsItem(id: string, lang: Lang): Promise<NewsView | null>;
}

export const tauriApi: Api = {
  appInfo: () => call('app_info'),
  contentStatus: () => call('content_status'),
  syncState: () => call('sync_state'),
  syncContent: () => call('sync_content'),
  onSyncState: (handler) => listen<SyncState>(SYNC_EVENT, (e) => handler(e.payload)),
  jurisdiction: (lang) => call('jurisdiction', { lang }),
  agencies: (lang) => call('agencies', { lang }),
  serviceCategories: (lang) => call('service_categories', { lang }),
  servicesInCategory: (categoryId, lang) => call('services_in_category', { categoryId, lang }),
  servicesOfAgency: (agencyId, lang) => call('services_of_agency', { agencyId, lang }),
  featuredServices: (lang) => call('featured_services', { lang }),
  service: (id, lang) => call('service', { id, lang }),
  news: (offset, limit, lang) => call('news', { offset, limit, lang }),
  newsItem: (id, lang) => call('news_item', { id, lang }),
};
