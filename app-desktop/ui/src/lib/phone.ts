// Pure logic of the phone verification screen: what the resident may type, which
// refusal goes next to which input, and how long a code stays valid.

import type { CommandError, Lang } from './types';

/** Keeps what a phone number can be typed with (digits, one leading +, separators). */
export function cleanPhoneInput(text: string): string {
  const kept = text.replace(/[^0-9+\s-]/g, '');
  return kept.slice(0, 1) + kept.slice(1).replace(/\+/g, '');
}

/** Keeps the digits of a one-time code (six at most). */
export function cleanCodeInput(text: string): string {
  return text.replace(/\D/g, '').slice(0, 6);
}

/**
 * The core's text for a refused `field` ('phone' or 'code'), in the resident's
 * language (Indonesian for id and jv: the core has no Javanese), or null.
 */
export function fieldMessage(error: CommandError | null, field: 'phone' | 'code', lang: Lang): string | null {
  const f = error?.fields?.find((x) => x.field === field);
  if (!f) return null;
  return lang === 'en' ? f.message_en : f.message_id;
}

/** Whole minutes a code is valid for, never shown as 0. */
export function validMinutes(expiresInSecs: number): number {
  return Math.max(1, Math.ceil(expiresInSecs / 60));
}
