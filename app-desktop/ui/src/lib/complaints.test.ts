import { describe, expect, it } from 'vitest';
import {
  canReopen,
  fieldErrors,
  formFieldOf,
  idlePhase,
  idleRemaining,
  outboxLabel,
  warnSecs,
} from './complaints';
import type { ComplaintSyncState, FieldError } from './types';

const problem = (field: string, code = 'required'): FieldError => ({
  field,
  code,
  message_id: `id:${field}:${code}`,
  message_en: `en:${field}:${code}`,
});

const sync = (over: Partial<ComplaintSyncState> = {}): ComplaintSyncState => ({
  running: false,
  pending_mutations: 0,
  failed_items: 0,
  pending_photos: 0,
  photo_bytes_sent: 0,
  photo_bytes_total: 0,
  last_success_at: null,
  last_error: null,
  next_retry_at: null,
  registered: false,
  phone: null,
  ...over,
});

describe('field errors', () => {
  it('puts each core problem next to its field', () => {
    expect(formFieldOf('location.desa')).toBe('desa');
    expect(formFieldOf('location')).toBe('desa');
    expect(formFieldOf('location.address')).toBe('address');
    expect(formFieldOf('location.lat')).toBe('coordinates');
    expect(formFieldOf('location.lon')).toBe('coordinates');
    expect(formFieldOf('title')).toBe('title');
  });

  it('keeps the first problem per field, in the core language for the UI language', () => {
    const ps = [problem('title', 'too_short'), problem('title', 'too_long'), problem('category')];
    expect(fieldErrors(ps, 'id')).toEqual({ title: 'id:title:too_short', category: 'id:category:required' });
    expect(fieldErrors(ps, 'en').title).toBe('en:title:too_short');
    // No Javanese texts in the core: Indonesian is closer than English.
    expect(fieldErrors(ps, 'jv').title).toBe('id:title:too_short');
    expect(fieldErrors([], 'id')).toEqual({});
  });
});

describe('outbox label', () => {
  it('says waiting when offline and queued', () => {
    expect(outboxLabel('queued', null, sync(), false).key).toBe('outbox.waiting');
    expect(outboxLabel('queued', null, sync(), true).key).toBe('outbox.queued');
  });

  it('shows photo progress while sending', () => {
    const s = sync({ running: true, pending_photos: 1, photo_bytes_sent: 50, photo_bytes_total: 200 });
    expect(outboxLabel('sending', null, s, true)).toEqual({ key: 'outbox.sendingPhotos', params: { pct: 25 } });
    expect(outboxLabel('sending', null, sync({ running: true }), true).key).toBe('outbox.sending');
  });

  it('names the tracking number once sent, and refusals', () => {
    expect(outboxLabel('sent', 'PTI-2026-000001', null, true)).toEqual({
      key: 'outbox.sent',
      params: { tracking: 'PTI-2026-000001' },
    });
    expect(outboxLabel('failed', null, null, true).key).toBe('outbox.rejected');
  });
});

describe('reopen', () => {
  it('is allowed on resolved complaints within the window', () => {
    expect(canReopen('resolved', null, 10)).toBe(true);
    expect(canReopen('resolved', 5, 10)).toBe(false);
    expect(canReopen('in_progress', null, 10)).toBe(false);
  });
});

describe('kiosk idle countdown', () => {
  it('counts down whole seconds and never below zero', () => {
    expect(idleRemaining(0, 0, 120)).toBe(120);
    expect(idleRemaining(0, 119_001, 120)).toBe(1);
    expect(idleRemaining(0, 500_000, 120)).toBe(0);
  });

  it('warns in the last part of the timeout, then expires', () => {
    expect(warnSecs(120)).toBe(30);
    expect(warnSecs(6)).toBe(5);
    expect(idlePhase(100, 120)).toBe('active');
    expect(idlePhase(30, 120)).toBe('warning');
    expect(idlePhase(0, 120)).toBe('expired');
  });
});
