// A small typed i18n: every UI string lives in messages/*.ts under a key of the
// Indonesian catalogue. Lookup falls back from the chosen language to Indonesian,
// then to the key itself (visible, never blank).

import { en } from './messages/en';
import { id, type MessageKey, type Messages } from './messages/id';
import { jv } from './messages/jv';
import type { Lang } from './types';

export type { MessageKey, Messages };

export const LANGS: readonly Lang[] = ['id', 'en', 'jv'];
export const DEFAULT_LANG: Lang = 'id';

/** Each language named in itself, as language pickers do. */
export const LANGUAGE_NAMES: Readonly<Record<Lang, string>> = {
  id: 'Bahasa Indonesia',
  en: 'English',
  jv: 'Basa Jawa',
};

/** Short labels for compact switches. */
export const LANGUAGE_CODES: Readonly<Record<Lang, string>> = { id: 'ID', en: 'EN', jv: 'JV' };

/** BCP 47 tags for the `lang` attribute. */
export const LANGUAGE_TAGS: Readonly<Record<Lang, string>> = { id: 'id', en: 'en', jv: 'jv' };

export type Catalogs = Readonly<Record<Lang, Partial<Messages>>>;

export const CATALOGS: Catalogs = { id, en, jv };

export type Params = Readonly<Record<string, string | number>>;

export function isLang(x: unknown): x is Lang {
  return typeof x === 'string' && (LANGS as readonly string[]).includes(x);
}

/** A stored or requested language, or the default. */
export function normalizeLang(x: unknown): Lang {
  if (isLang(x)) return x;
  if (typeof x === 'string') {
    const base = x.toLowerCase().split(/[-_]/)[0];
    if (isLang(base)) return base;
  }
  return DEFAULT_LANG;
}

/** Replaces `{name}` placeholders; unknown placeholders stay as written. */
export function interpolate(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

export function translate(
  catalogs: Catalogs,
  lang: Lang,
  key: MessageKey,
  params?: Params,
): string {
  const text = catalogs[lang][key] ?? catalogs[DEFAULT_LANG][key] ?? key;
  return interpolate(text, params);
}

/** `one`/`other` plural keys: picks `${base}.one` for 1, `${base}.other` otherwise. */
export type PluralBase = {
  [K in MessageKey]: K extends `${infer B}.one` ? (`${B}.other` extends MessageKey ? B : never) : never;
}[MessageKey];

export function plural(catalogs: Catalogs, lang: Lang, base: PluralBase, n: number): string {
  const key = (n === 1 ? `${base}.one` : `${base}.other`) as MessageKey;
  return translate(catalogs, lang, key, { n });
}

/** A translator bound to one language. */
export interface Translator {
  readonly lang: Lang;
  t(key: MessageKey, params?: Params): string;
  plural(base: PluralBase, n: number): string;
}

export function translator(lang: Lang, catalogs: Catalogs = CATALOGS): Translator {
  return {
    lang,
    t: (key, params) => translate(catalogs, lang, key, params),
    plural: (base, n) => plural(catalogs, lang, base, n),
  };
}
