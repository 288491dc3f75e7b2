// Dates and times shown to residents, formatted without depending on the WebView's
// locale data (Basa Jawa is missing from many ICU builds).

import type { MessageKey } from './i18n';
import type { Translator } from './i18n';

/**
 * "23 November 2026" from an RFC 3339 timestamp, using the calendar date as
 * published (the publisher's own time zone), or null if it is not a date.
 */
export function formatDate(rfc3339: string, tr: Translator): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(rfc3339.trim());
  if (!m) return null;
  const [, y, mo, d] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const name = tr.t(`month.${month}` as MessageKey);
  return `${day} ${name} ${y}`;
}

/** A Unix time (seconds) as a calendar date in the device's time zone. */
export function formatUnixDate(unixSecs: number, tr: Translator): string {
  const d = new Date(unixSecs * 1000);
  const name = tr.t(`month.${d.getMonth() + 1}` as MessageKey);
  return `${d.getDate()} ${name} ${d.getFullYear()}`;
}

/** "just now", "5 minutes ago", ... up to a week, then "on 3 November 2026". */
export function formatRelative(unixSecs: number, nowMs: number, tr: Translator): string {
  const diff = Math.max(0, Math.floor(nowMs / 1000) - unixSecs);
  if (diff < 60) return tr.t('time.justNow');
  const minutes = Math.floor(diff / 60);
  if (minutes < 60) return tr.plural('time.minutes', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return tr.plural('time.hours', hours);
  const days = Math.floor(hours / 24);
  if (days < 7) return tr.plural('time.days', days);
  return tr.t('time.onDate', { date: formatUnixDate(unixSecs, tr) });
}

/** Splits a news body into paragraphs on blank lines. */
export function paragraphs(body: string): string[] {
  return body
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** A link shown as text (the app opens no external pages in this version). */
export function linkText(url: string): string {
  return url.replace(/^mailto:/, '').replace(/^tel:/, '').replace(/^https?:\/\//, '').replace(/\/$/, '');
}
