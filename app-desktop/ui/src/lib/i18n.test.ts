import { describe, expect, it } from 'vitest';
import {
  CATALOGS,
  interpolate,
  LANGS,
  normalizeLang,
  plural,
  translate,
  translator,
  type Catalogs,
} from './i18n';
import { id } from './messages/id';

describe('catalogues', () => {
  it('translate every Indonesian key into English and Javanese, non-empty', () => {
    const keys = Object.keys(id).sort();
    for (const lang of LANGS) {
      const cat = CATALOGS[lang] as Record<string, string>;
      expect(Object.keys(cat).sort(), lang).toEqual(keys);
      for (const k of keys) expect(cat[k]?.trim(), `${lang}:${k}`).toBeTruthy();
    }
  });

  it('keep the same placeholders in every language', () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const [k, text] of Object.entries(id)) {
      for (const lang of LANGS) {
        const other = (CATALOGS[lang] as Record<string, string>)[k] ?? '';
        expect(placeholders(other), `${lang}:${k}`).toEqual(placeholders(text));
      }
    }
  });

  it('actually differ from Indonesian in English for navigation', () => {
    expect(translate(CATALOGS, 'en', 'nav.services')).toBe('Services');
    expect(translate(CATALOGS, 'id', 'nav.services')).toBe('Layanan');
    expect(translate(CATALOGS, 'jv', 'nav.news')).toBe('Pawarta');
  });
});

describe('translate', () => {
  const partial: Catalogs = {
    id: { 'nav.home': 'Beranda', 'nav.news': 'Berita' },
    en: { 'nav.home': 'Home' },
    jv: {},
  };

  it('uses the chosen language when it has the key', () => {
    expect(translate(partial, 'en', 'nav.home')).toBe('Home');
  });

  it('falls back to Indonesian, then to the key itself', () => {
    expect(translate(partial, 'en', 'nav.news')).toBe('Berita');
    expect(translate(partial, 'jv', 'nav.home')).toBe('Beranda');
    expect(translate(partial, 'en', 'nav.back')).toBe('nav.back');
  });

  it('interpolates parameters and leaves unknown placeholders', () => {
    expect(interpolate('Versi {version}', { version: '1.2' })).toBe('Versi 1.2');
    expect(interpolate('{a} dan {b}', { a: 1 })).toBe('1 dan {b}');
    expect(interpolate('tanpa', undefined)).toBe('tanpa');
    expect(translate(CATALOGS, 'en', 'app.version', { version: '0.1.0' })).toBe('Version 0.1.0');
  });

  it('picks plural forms', () => {
    expect(plural(CATALOGS, 'en', 'category.count', 1)).toBe('1 service');
    expect(plural(CATALOGS, 'en', 'category.count', 0)).toBe('0 services');
    expect(plural(CATALOGS, 'en', 'category.count', 12)).toBe('12 services');
    expect(plural(CATALOGS, 'id', 'category.count', 12)).toBe('12 layanan');
  });

  it('binds a translator to a language', () => {
    const tr = translator('jv');
    expect(tr.lang).toBe('jv');
    expect(tr.t('home.welcome')).toBe('Sugeng rawuh');
    expect(tr.plural('time.minutes', 3)).toBe('3 menit kepungkur');
  });
});

describe('normalizeLang', () => {
  it('accepts known languages and regional tags', () => {
    expect(normalizeLang('en')).toBe('en');
    expect(normalizeLang('jv')).toBe('jv');
    expect(normalizeLang('en-GB')).toBe('en');
    expect(normalizeLang('ID_id')).toBe('id');
  });

  it('defaults to Indonesian for anything else', () => {
    expect(normalizeLang(null)).toBe('id');
    expect(normalizeLang(undefined)).toBe('id');
    expect(normalizeLang('fr')).toBe('id');
    expect(normalizeLang(42)).toBe('id');
  });
});
