// Pure logic of the complaint screens: which core problem goes next to which field,
// what the outbox says about a complaint, and the kiosk idle countdown.

import type { MessageKey } from './i18n';
import type {
  ComplaintSyncState,
  DeliveryState,
  FieldError,
  Lang,
  WorkflowStatus,
} from './types';

/** The form's fields that show an error beside them. */
export type FormField =
  | 'category'
  | 'title'
  | 'description'
  | 'kecamatan'
  | 'desa'
  | 'address'
  | 'coordinates'
  | 'photos'
  | 'form';

/** The core's field path → the form field it belongs next to. */
export function formFieldOf(field: string): FormField {
  switch (field) {
    case 'category':
    case 'title':
    case 'description':
    case 'photos':
      return field;
    case 'location.kecamatan':
      return 'kecamatan';
    case 'location.desa':
    case 'location':
      return 'desa';
    case 'location.address':
      return 'address';
    case 'location.lat':
    case 'location.lon':
      return 'coordinates';
    default:
      return 'form';
  }
}

/**
 * One message per form field (the first problem wins), in the core's own
 * words: Indonesian for id and jv (the core has no Javanese), English for en.
 */
export function fieldErrors(problems: readonly FieldError[], lang: Lang): Partial<Record<FormField, string>> {
  const out: Partial<Record<FormField, string>> = {};
  for (const p of problems) {
    const f = formFieldOf(p.field);
    out[f] ??= lang === 'en' ? p.message_en : p.message_id;
  }
  return out;
}

export interface Label {
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** What the outbox says about one complaint. */
export function outboxLabel(
  state: DeliveryState,
  trackingNumber: string | null,
  sync: ComplaintSyncState | null,
  online: boolean | null,
): Label {
  switch (state) {
    case 'draft':
      return { key: 'outbox.draft' };
    case 'queued':
      if (sync?.running) return sendingLabel(sync);
      return { key: online === false ? 'outbox.waiting' : 'outbox.queued' };
    case 'sending':
      return sync ? sendingLabel(sync) : { key: 'outbox.sending' };
    case 'sent':
      return trackingNumber
        ? { key: 'outbox.sent', params: { tracking: trackingNumber } }
        : { key: 'outbox.sentNoNumber' };
    case 'failed':
      return { key: 'outbox.rejected' };
  }
}

function sendingLabel(sync: ComplaintSyncState): Label {
  if (sync.photo_bytes_total > 0 && sync.pending_photos > 0) {
    const pct = Math.min(100, Math.floor((sync.photo_bytes_sent * 100) / sync.photo_bytes_total));
    return { key: 'outbox.sendingPhotos', params: { pct } };
  }
  return { key: 'outbox.sending' };
}

export const STATUS_LABEL: Readonly<Record<WorkflowStatus, MessageKey>> = {
  received: 'status.received',
  verified: 'status.verified',
  assigned: 'status.assigned',
  in_progress: 'status.in_progress',
  resolved: 'status.resolved',
  closed: 'status.closed',
  rejected: 'status.rejected',
};

/** The timeline entry kinds the UI names; newer kinds show their text only. */
export function eventLabel(kind: string): MessageKey | null {
  switch (kind) {
    case 'created':
    case 'status':
    case 'forwarded':
    case 'response':
    case 'reply':
    case 'rating':
    case 'reopened':
    case 'rejected':
    case 'support':
      return `event.${kind}` as const;
    default:
      return null;
  }
}

/** Whether the resident may rate / reopen now. */
export function canRate(status: WorkflowStatus | null): boolean {
  return status === 'resolved';
}

export function canReopen(status: WorkflowStatus | null, reopenUntil: number | null, nowSecs: number): boolean {
  return (status === 'resolved' || status === 'closed') && (reopenUntil === null || nowSecs <= reopenUntil);
}

// ---------------------------------------------------------------- kiosk idle

/** Seconds before the timeout at which the countdown appears. */
export function warnSecs(timeoutSecs: number): number {
  return Math.max(5, Math.min(30, Math.floor(timeoutSecs / 2)));
}

/** Whole seconds left before the idle wipe (never negative). */
export function idleRemaining(lastActivityMs: number, nowMs: number, timeoutSecs: number): number {
  return Math.max(0, Math.ceil((lastActivityMs + timeoutSecs * 1000 - nowMs) / 1000));
}

export type IdlePhase = 'active' | 'warning' | 'expired';

export function idlePhase(remaining: number, timeoutSecs: number): IdlePhase {
  if (remaining <= 0) return 'expired';
  return remaining <= warnSecs(timeoutSecs) ? 'warning' : 'active';
}
