// The only module that talks to the Tauri shell. Each function is one command of
// src-tauri/src/commands.rs (argument names are camelCase on this side).

import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type {
  AgencyView,
  ActionView,
  AppInfo,
  CategoryView,
  ComplaintCategoryView,
  ComplaintDetail,
  ComplaintSummary,
  ComplaintSyncState,
  DesaView,
  Draft,
  DraftEdit,
  KecamatanView,
  PhoneChallengeInfo,
  PhotoInfo,
  PublicComplaintView,
  ContentStatus,
  ContentSyncReport,
  JurisdictionView,
  Lang,
  NewsView,
  ServiceDetail,
  SearchHit,
  ServiceSummary,
  SyncState,
} from './types';
import { toCommandError } from './types';

export const SYNC_EVENT = 'sync://state';
export const COMPLAINT_SYNC_EVENT = 'sync://complaints';

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
  /** The best matches, at most `limit` (the core's default 20 when omitted). */
  search(query: string, lang: Lang, limit?: number): Promise<SearchHit[]>;
  prepareSearch(): Promise<void>;
  featuredServices(lang: Lang): Promise<ServiceSummary[]>;
  service(id: string, lang: Lang): Promise<ServiceDetail | null>;
  news(offset: number, limit: number, lang: Lang): Promise<NewsView[]>;
  newsItem(id: string, lang: Lang): Promise<NewsView | null>;
  complaintCategories(lang: Lang): Promise<ComplaintCategoryView[]>;
  kecamatan(): Promise<KecamatanView[]>;
  desa(kecamatanCode: string): Promise<DesaView[]>;
  currentDraft(): Promise<Draft>;
  updateDraft(id: string, patch: DraftEdit): Promise<Draft>;
  deleteDraft(id: string): Promise<void>;
  addDraftPhoto(id: string, bytes: Uint8Array): Promise<PhotoInfo>;
  removeDraftPhoto(id: string, sha256: string): Promise<void>;
  photo(sha256: string): Promise<ArrayBuffer>;
  submitDraft(id: string): Promise<ComplaintDetail>;
  myComplaints(): Promise<ComplaintSummary[]>;
  complaint(id: string): Promise<ComplaintDetail | null>;
  reply(id: string, text: string): Promise<ActionView>;
  rate(id: string, rating: number, comment: string): Promise<ActionView>;
  reopen(id: string, reason: string): Promise<ActionView>;
  complaintSyncState(): Promise<ComplaintSyncState>;
  syncComplaints(): Promise<unknown>;
  onComplaintSync(handler: (s: ComplaintSyncState) => void): Promise<UnlistenFn>;
  similarComplaints(id: string): Promise<PublicComplaintView[]>;
  support(id: string): Promise<ActionView>;
  wipeSession(): Promise<void>;
  startPhoneVerification(phone: string): Promise<PhoneChallengeInfo>;
  verifyPhone(phone: string, code: string): Promise<string>;
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
  search: (query, lang, limit) => call('search', { query, lang, limit }),
  prepareSearch: () => call('prepare_search'),
  featuredServices: (lang) => call('featured_services', { lang }),
  service: (id, lang) => call('service', { id, lang }),
  news: (offset, limit, lang) => call('news', { offset, limit, lang }),
  newsItem: (id, lang) => call('news_item', { id, lang }),
  complaintCategories: (lang) => call('complaint_categories', { lang }),
  kecamatan: () => call('kecamatan'),
  desa: (kecamatanCode) => call('desa', { kecamatanCode }),
  currentDraft: () => call('current_draft'),
  updateDraft: (id, patch) => call('update_draft', { id, patch }),
  deleteDraft: (id) => call('delete_draft', { id }),
  // Raw body: the bytes travel as one binary payload, not a JSON array of numbers.
  addDraftPhoto: async (id, bytes) => {
    try {
      return await invoke<PhotoInfo>('add_draft_photo', bytes, { headers: { 'x-draft-id': id } });
    } catch (e) {
      throw toCommandError(e);
    }
  },
  removeDraftPhoto: (id, sha256) => call('remove_draft_photo', { id, sha256 }),
  photo: (sha256) => call('photo', { sha256 }),
  submitDraft: (id) => call('submit_draft', { id }),
  myComplaints: () => call('my_complaints'),
  complaint: (id) => call('complaint', { id }),
  reply: (id, text) => call('reply', { id, text }),
  rate: (id, rating, comment) => call('rate', { id, rating, comment }),
  reopen: (id, reason) => call('reopen', { id, reason }),
  complaintSyncState: () => call('complaint_sync_state'),
  syncComplaints: () => call('sync_complaints'),
  onComplaintSync: (handler) =>
    listen<ComplaintSyncState>(COMPLAINT_SYNC_EVENT, (e) => handler(e.payload)),
  similarComplaints: (id) => call('similar_complaints', { id }),
  support: (id) => call('support', { id }),
  wipeSession: () => call('wipe_session'),
  startPhoneVerification: (phone) => call('start_phone_verification', { phone }),
  verifyPhone: (phone, code) => call('verify_phone', { phone, code }),
};
