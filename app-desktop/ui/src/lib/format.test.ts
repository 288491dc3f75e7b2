import { describe, expect, it } from 'vitest';
import { formatDate, formatRelative, formatUnixDate, linkText, paragraphs } from './format';
import { translator } from './i18n';

const id = translator('id');
const en = translator('en');
const jv = translator('jv');

describe('formatDate', () => {
  it('formats the published calendar date in each language', () => {
    expect(formatDate('2026-11-03T09:30:00+07:00', id)).toBe('3 November 2026');
    expect(formatDate('2026-08-17T00:00:00+07:00', id)).toBe('17 Agustus 2026');
    expect(formatDate('2026-08-17T00:00:00+07:00', en)).toBe('17 August 2026');
    expect(formatDate('2026-05-01', jv)).toBe('1 Mei 2026');
  });

  it('keeps the date as published, whatever the device time zone', () => {
    // 23:30 in Jakarta is already the next day in UTC; the resident sees Jakarta's date.
    expect(formatDate('2026-01-31T23:30:00+07:00', en)).toBe('31 January 2026');
  });

  it('rejects what is not a date', () => {
    expect(formatDate('kemarin', id)).toBeNull();
    expect(formatDate('2026-13-01', id)).toBeNull();
    expect(formatDate('', id)).toBeNull();
  });
});

describe('formatRelative', () => {
  const now = Date.UTC(2026, 10, 23, 12, 0, 0);
  const ago = (secs: number) => Math.floor(now / 1000) - secs;

  it('says just now under a minute, and for clocks slightly ahead', () => {
    expect(formatRelative(ago(10), now, id)).toBe('baru saja');
    expect(formatRelative(ago(-30), now, en)).toBe('just now');
  });

  it('counts minutes, hours and days with plurals', () => {
    expect(formatRelative(ago(60), now, en)).toBe('1 minute ago');
    expect(formatRelative(ago(5 * 60 + 20), now, en)).toBe('5 minutes ago');
    expect(formatRelative(ago(5 * 60), now, id)).toBe('5 menit lalu');
    expect(formatRelative(ago(3600), now, en)).toBe('1 hour ago');
    expect(formatRelative(ago(3 * 3600), now, jv)).toBe('3 jam kepungkur');
    expect(formatRelative(ago(2 * 86400), now, en)).toBe('2 days ago');
  });

  it('shows a date after a week', () => {
    const t = ago(30 * 86400);
    expect(formatRelative(t, now, en)).toBe(`on ${formatUnixDate(t, en)}`);
    expect(formatUnixDate(t, en)).toMatch(/^\d{1,2} (October|November) 2026$/);
  });
});

describe('text helpers', () => {
  it('splits paragraphs on blank lines', () => {
    expect(paragraphs('Satu.\n\nDua\nmasih dua.\r\n\r\n  \n\nTiga.')).toEqual([
      'Satu.',
      'Dua\nmasih dua.',
      'Tiga.',
    ]);
    expect(paragraphs('   ')).toEqual([]);
  });

  it('shows links as readable text', () => {
    expect(linkText('https://www.patikab.go.id/')).toBe('www.patikab.go.id');
    expect(linkText('mailto:dishub@patikab.go.id')).toBe('dishub@patikab.go.id');
    expect(linkText('tel:+62295381000')).toBe('+62295381000');
  });
});
