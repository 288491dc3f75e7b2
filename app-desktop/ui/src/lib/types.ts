// Mirrors of the JSON that the Tauri commands return (pati-core's view types and the
// shell's own types). Field names are snake_case, exactly as serde writes them.

export type Lang = 'id' | 'en' | 'jv';

export interface LinkView {
  kind: string;
  label: string;
  url: string;
}

export interface JurisdictionView {
  id: string;
  code: string;
  name: string;
  short_name: string;
  tagline: string | null;
  primary_color: string | null;
  website: string | null;
  social: LinkView[];
}

export interface AgencyView {
  id: string;
  name: string;
  short_name: string;
  kind: string;
  description: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
}

export interface CategoryView {
  id: string;
  name: string;
  icon: string;
  service_count: number;
}

export interface ServiceSummary {
  id: string;
  name: string;
  summary: string;
  category_id: string;
  agency_id: string;
  agency_name: string;
  featured: boolean;
}

/** A run of text; `matched` runs are what the search found (rendered as <mark>). */
export interface TextSegment {
  text: string;
  matched: boolean;
}

export interface SearchHit {
  service: ServiceSummary;
  name_segments: TextSegment[];
  summary_segments: TextSegment[];
}

export interface LocationView {
  name: string;
  address: string | null;
  mpp_counter: string | null;
}

export interface ServiceDetail {
  id: string;
  name: string;
  summary: string;
  category_id: string;
  category_name: string;
  agency: AgencyView;
  requirements: string[];
  steps: string[];
  fee: string;
  duration: string;
  legal_basis: string[];
  locations: LocationView[];
  hours: string;
  contacts: LinkView[];
  online_url: string | null;
}

export interface NewsView {
  id: string;
  title: string;
  summary: string;
  body: string;
  /** RFC 3339, as published. */
  published_at: string;
  category: string;
  links: LinkView[];
}

export interface ContentStatus {
  jurisdiction: string;
  services: number;
  news: number;
  last_sync_at: number | null;
}

export interface ContentSyncReport {
  applied: number;
  removed: number;
  pages: number;
  reset: boolean;
}

export type ErrorKind =
  | 'offline'
  | 'server'
  | 'update_required'
  | 'invalid_response'
  | 'invalid_input'
  | 'not_found'
  | 'storage';

/** What every failed command rejects with. */
export interface CommandError {
  kind: ErrorKind;
  message: string;
  /** Present when the input was refused field by field (the core's fixed texts). */
  fields?: FieldError[];
}

/** A one-time code was sent (`start_phone_verification`). */
export interface PhoneChallengeInfo {
  /** The number as the server normalised it (`+62812…`). */
  phone: string;
  /** Seconds until the code expires. */
  expires_in: number;
}

export type SyncPhase = 'idle' | 'syncing' | 'done' | 'failed';

/** Payload of the `sync://state` event and of the `sync_state` command. */
export interface SyncState {
  phase: SyncPhase;
  online: boolean | null;
  last_sync_at: number | null;
  last_error: CommandError | null;
  last_report: ContentSyncReport | null;
  services: number;
  news: number;
}

export interface AppInfo {
  version: string;
  jurisdiction: string;
  kiosk: boolean;
  sync_interval_secs: number;
  idle_timeout_secs: number;
  /** Kiosk: the on-screen keyboard opens by itself (no physical keyboard found). */
  on_screen_keyboard: boolean;
}

const ERROR_KINDS: readonly ErrorKind[] = [
  'offline',
  'server',
  'update_required',
  'invalid_response',
  'invalid_input',
  'not_found',
  'storage',
];

function isFieldError(x: unknown): x is FieldError {
  if (typeof x !== 'object' || x === null) return false;
  const f = x as Record<string, unknown>;
  return (
    typeof f.field === 'string' &&
    typeof f.code === 'string' &&
    typeof f.message_id === 'string' &&
    typeof f.message_en === 'string'
  );
}

/** Narrows anything a rejected promise carries to a CommandError. */
export function toCommandError(e: unknown): CommandError {
  if (typeof e === 'object' && e !== null && 'kind' in e) {
    const kind = (e as { kind: unknown }).kind;
    const message = (e as { message?: unknown }).message;
    if (typeof kind === 'string' && (ERROR_KINDS as readonly string[]).includes(kind)) {
      const out: CommandError = { kind: kind as ErrorKind, message: typeof message === 'string' ? message : '' };
      const fields = (e as { fields?: unknown }).fields;
      if (Array.isArray(fields)) out.fields = fields.filter(isFieldError);
      return out;
    }
  }
  // Tauri itself rejects with a plain string when a command is unknown, not allowed
  // by the window's capability, or called with arguments it cannot deserialize.
  if (typeof e === 'string') return { kind: 'invalid_input', message: e };
  return { kind: 'storage', message: e instanceof Error ? e.message : String(e) };
}

// ---------------------------------------------------------------- complaints
// Mirrors of pati_core's complaint types (snake_case as serialized).

export interface ComplaintCategoryView {
  id: string;
  name: string;
  description: string;
  agency_id: string;
  agency_name: string;
  icon: string;
}

export interface KecamatanView {
  code: string;
  name: string;
}

export interface DesaView {
  code: string;
  kecamatan_code: string;
  name: string;
  kind: string;
}

export interface ComplaintLocation {
  lat: number | null;
  lon: number | null;
  kecamatan: string | null;
  desa: string | null;
  address: string | null;
}

export interface FieldError {
  field: string;
  code: string;
  message_id: string;
  message_en: string;
}

export interface PhotoInfo {
  sha256: string;
  width: number;
  height: number;
  size_bytes: number;
  /** Where the original was taken (its GPS tags), known on this device only. */
  lat: number | null;
  lon: number | null;
}

export interface Draft {
  id: string;
  category: string | null;
  title: string;
  description: string;
  location: ComplaintLocation;
  anonymous: boolean;
  confidential: boolean;
  photos: PhotoInfo[];
  created_at: number;
  updated_at: number;
  problems: FieldError[];
}

/** Fields left out keep their value; `location` replaces the whole location. */
export interface DraftEdit {
  category?: string;
  title?: string;
  description?: string;
  location?: ComplaintLocation;
  anonymous?: boolean;
  confidential?: boolean;
}

export type DeliveryState = 'draft' | 'queued' | 'sending' | 'sent' | 'failed';
export type WorkflowStatus =
  | 'received'
  | 'verified'
  | 'assigned'
  | 'in_progress'
  | 'resolved'
  | 'closed'
  | 'rejected';

export interface RejectionView {
  code: string;
  field: string | null;
  message: string;
}

export interface ComplaintSummary {
  id: string;
  tracking_number: string | null;
  category: string;
  title: string;
  state: DeliveryState;
  status: WorkflowStatus | null;
  overdue: boolean;
  created_at: number;
  updated_at: number;
  rejection: RejectionView | null;
  pending_actions: number;
  /** Not the resident's own: theirs was merged into it; they follow its progress. */
  following: boolean;
}

export interface TimelineEvent {
  id: string;
  at: number;
  kind: string;
  actor: string;
  status: WorkflowStatus | null;
  agency: string | null;
  text: string | null;
  rating: number | null;
  state: DeliveryState;
  rejection: RejectionView | null;
}

export interface ComplaintDetail {
  id: string;
  tracking_number: string | null;
  category: string;
  agency: string | null;
  title: string;
  description: string;
  location: ComplaintLocation;
  photos: PhotoInfo[];
  photo_hashes: string[];
  anonymous: boolean;
  confidential: boolean;
  state: DeliveryState;
  status: WorkflowStatus | null;
  created_at: number;
  updated_at: number;
  support_count: number;
  due_at: number | null;
  overdue: boolean;
  reopen_until: number | null;
  rejection: RejectionView | null;
  events: TimelineEvent[];
  following: boolean;
}

export interface ActionView {
  id: string;
  complaint_id: string;
  kind: string;
  text: string | null;
  rating: number | null;
  state: DeliveryState;
  rejection: RejectionView | null;
  created_at: number;
}

/** The core's complaint sync state (`sync://complaints` events). */
export interface ComplaintSyncState {
  running: boolean;
  pending_mutations: number;
  failed_items: number;
  pending_photos: number;
  photo_bytes_sent: number;
  photo_bytes_total: number;
  last_success_at: number | null;
  last_error: { kind: string; message_id: string; message_en: string; detail: string } | null;
  next_retry_at: number | null;
  registered: boolean;
  phone: string | null;
}

/** A public complaint from the online feed (no reporter identity). */
export interface PublicComplaintView {
  id: string;
  tracking_number: string;
  category: string;
  agency: string | null;
  title: string;
  description: string;
  kecamatan: string | null;
  desa: string | null;
  status: WorkflowStatus;
  created_at: number;
  support_count: number;
}
