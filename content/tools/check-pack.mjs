#!/usr/bin/env node
// Validate a Pati Maju content pack (a folder such as content/pati).
//
// Usage: node check-pack.mjs <pack-dir> [<pack-dir> ...]
//
// Checks what a loader relies on: required fields and types, slugs, unique ids,
// cross references (service -> category/agency, complaint category -> agency,
// desa -> kecamatan), localized text objects, links, dates, featured order,
// and that no string anywhere is empty. Exits with status 1 on any error.
// Plain Node, no dependencies.

import { readFileSync, existsSync } from 'node:fs';
import { join, resolve, basename } from 'node:path';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LANGS = new Set(['id', 'en', 'jv']);
const AGENCY_KINDS = new Set(['dinas', 'badan', 'sekretariat', 'rsud', 'puskesmas', 'kecamatan', 'bagian', 'lainnya']);
const LINK_KINDS = new Set(['web', 'youtube', 'instagram', 'facebook', 'x', 'tiktok', 'phone', 'email', 'whatsapp']);
const NEWS_CATEGORIES = new Set(['pengumuman', 'berita', 'agenda', 'video']);
const DESA_KINDS = new Set(['desa', 'kelurahan']);
const ISO_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const HTTP_URL = /^https?:\/\/[^\s/$.?#][^\s]*$/i;

class Report {
  constructor(pack) {
    this.pack = pack;
    this.errors = [];
    this.warnings = [];
  }
  error(where, msg) {
    this.errors.push(`${where}: ${msg}`);
  }
  warn(where, msg) {
    this.warnings.push(`${where}: ${msg}`);
  }
}

function loadJson(r, dir, file, required = true) {
  const path = join(dir, file);
  if (!existsSync(path)) {
    if (required) r.error(file, 'file is missing');
    return undefined;
  }
  const text = readFileSync(path, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) r.error(file, 'file starts with a BOM; save as plain UTF-8');
  try {
    return JSON.parse(text);
  } catch (e) {
    r.error(file, `invalid JSON: ${e.message}`);
    return undefined;
  }
}

const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

// Walk any value and report empty or whitespace-padded strings.
function noEmptyStrings(r, where, v) {
  if (typeof v === 'string') {
    if (v.trim() === '') r.error(where, 'empty string');
    else if (v !== v.trim()) r.warn(where, 'string has leading/trailing whitespace');
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => noEmptyStrings(r, `${where}[${i}]`, x));
  } else if (isObj(v)) {
    for (const [k, x] of Object.entries(v)) noEmptyStrings(r, `${where}.${k}`, x);
  }
}

function checkKeys(r, where, obj, allowed) {
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) r.warn(where, `unknown field "${k}"`);
}

function checkL(r, where, v, { optional = false } = {}) {
  if (v === undefined || v === null) {
    if (!optional) r.error(where, 'localized text is missing');
    return;
  }
  if (!isObj(v)) {
    r.error(where, 'localized text must be an object {"id": ..., "en": ..., "jv": ...}');
    return;
  }
  if (typeof v.id !== 'string' || v.id.trim() === '') r.error(where, 'localized text needs a non-empty "id"');
  for (const [k, x] of Object.entries(v)) {
    if (!LANGS.has(k)) r.error(where, `unknown language "${k}" (allowed: id, en, jv)`);
    else if (typeof x !== 'string' || x.trim() === '') r.error(`${where}.${k}`, 'must be a non-empty string (omit a language you do not have)');
  }
}

function checkStr(r, where, v, { nullable = false } = {}) {
  if (v === null && nullable) return;
  if (typeof v !== 'string' || v.trim() === '') r.error(where, nullable ? 'must be a non-empty string or null' : 'must be a non-empty string');
}

function checkUrl(r, where, v, { nullable = false } = {}) {
  if (v === null && nullable) return;
  if (typeof v !== 'string' || !HTTP_URL.test(v)) r.error(where, `not an http(s) URL: ${JSON.stringify(v)}`);
  else if (v.startsWith('http://')) r.warn(where, `plain http URL: ${v}`);
}

function checkLink(r, where, link) {
  if (!isObj(link)) return r.error(where, 'link must be an object');
  checkKeys(r, where, link, ['kind', 'label', 'url']);
  if (!LINK_KINDS.has(link.kind)) r.error(where, `unknown link kind ${JSON.stringify(link.kind)}`);
  checkL(r, `${where}.label`, link.label);
  const url = link.url;
  if (typeof url !== 'string' || url.trim() === '') return r.error(`${where}.url`, 'missing url');
  switch (link.kind) {
    case 'phone':
      if (!/^tel:\+?[0-9]{3,15}$/.test(url)) r.error(`${where}.url`, `phone links must be tel:<digits>, got ${url}`);
      break;
    case 'email':
      if (!/^mailto:[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(url)) r.error(`${where}.url`, `email links must be mailto:, got ${url}`);
      break;
    case 'whatsapp':
      if (!/^https:\/\/wa\.me\/[0-9]{8,15}$/.test(url)) r.error(`${where}.url`, `whatsapp links must be https://wa.me/<digits>, got ${url}`);
      break;
    default:
      checkUrl(r, `${where}.url`, url);
  }
}

function checkLinks(r, where, links) {
  if (!Array.isArray(links)) return r.error(where, 'must be an array of links');
  links.forEach((l, i) => checkLink(r, `${where}[${i}]`, l));
}

function checkLArray(r, where, arr, { nonEmpty = false } = {}) {
  if (!Array.isArray(arr)) return r.error(where, 'must be an array');
  if (nonEmpty && arr.length === 0) r.error(where, 'must not be empty');
  arr.forEach((x, i) => checkL(r, `${where}[${i}]`, x));
}

function uniqueIds(r, file, items) {
  const ids = new Map();
  items.forEach((it, i) => {
    const where = `${file}[${i}]`;
    if (!isObj(it)) return r.error(where, 'must be an object');
    if (typeof it.id !== 'string' || !SLUG.test(it.id)) r.error(where, `id ${JSON.stringify(it.id)} is not a lowercase slug [a-z0-9-]`);
    else if (ids.has(it.id)) r.error(where, `duplicate id "${it.id}" (also at index ${ids.get(it.id)})`);
    else ids.set(it.id, i);
  });
  return new Set(ids.keys());
}

function isValidDate(s) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

function checkPack(dirArg) {
  const dir = resolve(process.cwd(), dirArg);
  const r = new Report(basename(dir));
  if (!existsSync(dir)) {
    r.error(dirArg, 'pack directory does not exist');
    return r;
  }

  // jurisdiction.json
  const j = loadJson(r, dir, 'jurisdiction.json');
  if (j !== undefined) {
    const w = 'jurisdiction.json';
    if (!isObj(j)) r.error(w, 'must be an object');
    else {
      noEmptyStrings(r, w, j);
      checkKeys(r, w, j, ['id', 'code', 'name', 'short_name', 'timezone', 'tagline', 'primary_color', 'website', 'social']);
      if (typeof j.id !== 'string' || !SLUG.test(j.id)) r.error(w, 'id must be a slug');
      else if (j.id !== basename(dir)) r.warn(w, `id "${j.id}" differs from folder name "${basename(dir)}"`);
      if (typeof j.code !== 'string' || !/^\d{2}\.\d{2}$/.test(j.code)) r.error(w, 'code must look like 33.18');
      checkL(r, `${w}.name`, j.name);
      checkStr(r, `${w}.short_name`, j.short_name);
      if (j.timezone !== 'Asia/Jakarta' && j.timezone !== 'Asia/Makassar' && j.timezone !== 'Asia/Jayapura') r.error(w, `unexpected timezone ${JSON.stringify(j.timezone)}`);
      checkL(r, `${w}.tagline`, j.tagline);
      if (typeof j.primary_color !== 'string' || !/^#[0-9a-f]{6}$/i.test(j.primary_color)) r.error(w, 'primary_color must be #rrggbb');
      checkUrl(r, `${w}.website`, j.website);
      checkLinks(r, `${w}.social`, j.social);
    }
  }

  // agencies.json
  let agencyIds = new Set();
  const agencies = loadJson(r, dir, 'agencies.json');
  if (agencies !== undefined) {
    if (!Array.isArray(agencies)) r.error('agencies.json', 'must be an array');
    else {
      noEmptyStrings(r, 'agencies.json', agencies);
      agencyIds = uniqueIds(r, 'agencies.json', agencies);
      agencies.forEach((a, i) => {
        if (!isObj(a)) return;
        const w = `agencies.json[${i}:${a.id}]`;
        checkKeys(r, w, a, ['id', 'name', 'short_name', 'kind', 'description', 'address', 'phone', 'email', 'website']);
        checkL(r, `${w}.name`, a.name);
        checkStr(r, `${w}.short_name`, a.short_name);
        if (!AGENCY_KINDS.has(a.kind)) r.error(w, `kind ${JSON.stringify(a.kind)} not one of ${[...AGENCY_KINDS].join(', ')}`);
        checkL(r, `${w}.description`, a.description);
        for (const f of ['address', 'phone', 'email', 'website']) {
          if (!(f in a)) r.error(w, `field "${f}" is required (use null when unknown)`);
        }
        checkStr(r, `${w}.address`, a.address, { nullable: true });
        if (a.phone !== null && !(typeof a.phone === 'string' && /^\+?[0-9 ()-]{3,20}$/.test(a.phone))) r.error(`${w}.phone`, 'must be a phone number string or null');
        if (a.email !== null && !(typeof a.email === 'string' && /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(a.email))) r.error(`${w}.email`, 'must be an e-mail address or null');
        if ('website' in a) checkUrl(r, `${w}.website`, a.website, { nullable: true });
      });
    }
  }

  // service_categories.json
  let categoryIds = new Set();
  const cats = loadJson(r, dir, 'service_categories.json');
  if (cats !== undefined) {
    if (!Array.isArray(cats)) r.error('service_categories.json', 'must be an array');
    else {
      noEmptyStrings(r, 'service_categories.json', cats);
      categoryIds = uniqueIds(r, 'service_categories.json', cats);
      const orders = new Set();
      cats.forEach((c, i) => {
        if (!isObj(c)) return;
        const w = `service_categories.json[${i}:${c.id}]`;
        checkKeys(r, w, c, ['id', 'name', 'icon', 'order']);
        checkL(r, `${w}.name`, c.name);
        if (typeof c.icon !== 'string' || !/^[a-z0-9-]+$/.test(c.icon)) r.error(w, 'icon must be a short lowercase key');
        if (!Number.isInteger(c.order)) r.error(w, 'order must be an integer');
        else if (orders.has(c.order)) r.warn(w, `order ${c.order} used twice`);
        orders.add(c.order);
      });
    }
  }

  // services.json
  const services = loadJson(r, dir, 'services.json');
  const usedCategories = new Set();
  if (services !== undefined) {
    if (!Array.isArray(services)) r.error('services.json', 'must be an array');
    else {
      noEmptyStrings(r, 'services.json', services);
      uniqueIds(r, 'services.json', services);
      const featuredOrders = new Map();
      services.forEach((s, i) => {
        if (!isObj(s)) return;
        const w = `services.json[${i}:${s.id}]`;
        const fields = ['id', 'category', 'agency', 'name', 'summary', 'requirements', 'steps', 'fee', 'duration', 'legal_basis', 'locations', 'hours', 'contacts', 'online_url', 'keywords', 'featured', 'featured_order'];
        checkKeys(r, w, s, fields);
        for (const f of fields) if (!(f in s)) r.error(w, `field "${f}" is required`);
        if (!categoryIds.has(s.category)) r.error(w, `category "${s.category}" does not exist`);
        else usedCategories.add(s.category);
        if (!agencyIds.has(s.agency)) r.error(w, `agency "${s.agency}" does not exist`);
        checkL(r, `${w}.name`, s.name);
        checkL(r, `${w}.summary`, s.summary);
        checkLArray(r, `${w}.requirements`, s.requirements);
        checkLArray(r, `${w}.steps`, s.steps, { nonEmpty: true });
        checkL(r, `${w}.fee`, s.fee);
        checkL(r, `${w}.duration`, s.duration);
        if (!Array.isArray(s.legal_basis)) r.error(`${w}.legal_basis`, 'must be an array of strings');
        else s.legal_basis.forEach((x, k) => checkStr(r, `${w}.legal_basis[${k}]`, x));
        if (!Array.isArray(s.locations)) r.error(`${w}.locations`, 'must be an array');
        else
          s.locations.forEach((loc, k) => {
            const lw = `${w}.locations[${k}]`;
            if (!isObj(loc)) return r.error(lw, 'must be an object');
            checkKeys(r, lw, loc, ['name', 'address', 'mpp_counter']);
            checkL(r, `${lw}.name`, loc.name);
            if (!('address' in loc) || !('mpp_counter' in loc)) r.error(lw, 'address and mpp_counter are required (null when none)');
            checkStr(r, `${lw}.address`, loc.address ?? null, { nullable: true });
            checkStr(r, `${lw}.mpp_counter`, loc.mpp_counter ?? null, { nullable: true });
          });
        checkL(r, `${w}.hours`, s.hours);
        checkLinks(r, `${w}.contacts`, s.contacts);
        checkUrl(r, `${w}.online_url`, s.online_url, { nullable: true });
        if (!Array.isArray(s.keywords)) r.error(`${w}.keywords`, 'must be an array of strings');
        else {
          const seen = new Set();
          s.keywords.forEach((k, x) => {
            if (typeof k !== 'string' || k.trim() === '') r.error(`${w}.keywords[${x}]`, 'must be a non-empty string');
            else {
              if (k !== k.toLowerCase()) r.warn(`${w}.keywords[${x}]`, `keyword "${k}" should be lowercase`);
              if (seen.has(k)) r.warn(`${w}.keywords`, `duplicate keyword "${k}"`);
              seen.add(k);
            }
          });
        }
        if (typeof s.featured !== 'boolean') r.error(`${w}.featured`, 'must be true or false');
        if (s.featured === true) {
          if (!Number.isInteger(s.featured_order) || s.featured_order < 1) r.error(`${w}.featured_order`, 'featured services need a positive integer featured_order');
          else if (featuredOrders.has(s.featured_order)) r.error(`${w}.featured_order`, `featured_order ${s.featured_order} already used by "${featuredOrders.get(s.featured_order)}"`);
          else featuredOrders.set(s.featured_order, s.id);
        } else if (s.featured_order !== null) r.error(`${w}.featured_order`, 'must be null when featured is false');
      });
    }
  }
  for (const c of categoryIds) if (!usedCategories.has(c) && services) r.warn('service_categories.json', `category "${c}" has no services`);

  // complaint_categories.json
  const ccs = loadJson(r, dir, 'complaint_categories.json');
  if (ccs !== undefined) {
    if (!Array.isArray(ccs)) r.error('complaint_categories.json', 'must be an array');
    else {
      noEmptyStrings(r, 'complaint_categories.json', ccs);
      uniqueIds(r, 'complaint_categories.json', ccs);
      ccs.forEach((c, i) => {
        if (!isObj(c)) return;
        const w = `complaint_categories.json[${i}:${c.id}]`;
        checkKeys(r, w, c, ['id', 'name', 'description', 'agency', 'icon', 'order']);
        checkL(r, `${w}.name`, c.name);
        checkL(r, `${w}.description`, c.description);
        if (!agencyIds.has(c.agency)) r.error(w, `agency "${c.agency}" does not exist`);
        if (typeof c.icon !== 'string' || !/^[a-z0-9-]+$/.test(c.icon)) r.error(w, 'icon must be a short lowercase key');
        if (!Number.isInteger(c.order)) r.error(w, 'order must be an integer');
      });
    }
  }

  // news.json
  const news = loadJson(r, dir, 'news.json');
  if (news !== undefined) {
    if (!Array.isArray(news)) r.error('news.json', 'must be an array');
    else {
      noEmptyStrings(r, 'news.json', news);
      uniqueIds(r, 'news.json', news);
      news.forEach((n, i) => {
        if (!isObj(n)) return;
        const w = `news.json[${i}:${n.id}]`;
        checkKeys(r, w, n, ['id', 'title', 'summary', 'body', 'published_at', 'category', 'links', 'image']);
        checkL(r, `${w}.title`, n.title);
        checkL(r, `${w}.summary`, n.summary);
        checkL(r, `${w}.body`, n.body);
        if (typeof n.published_at !== 'string' || !ISO_OFFSET.test(n.published_at) || Number.isNaN(Date.parse(n.published_at))) r.error(w, `published_at ${JSON.stringify(n.published_at)} is not an ISO 8601 date-time with offset`);
        else if (!isValidDate(n.published_at.slice(0, 10))) r.error(w, `published_at has an impossible date ${n.published_at}`);
        if (!NEWS_CATEGORIES.has(n.category)) r.error(w, `category ${JSON.stringify(n.category)} not one of ${[...NEWS_CATEGORIES].join(', ')}`);
        checkLinks(r, `${w}.links`, n.links);
        if (!('image' in n)) r.error(w, 'field "image" is required (null when none)');
        else if (n.image !== null) checkUrl(r, `${w}.image`, n.image);
      });
    }
  }

  // synonyms.json
  const syn = loadJson(r, dir, 'synonyms.json');
  if (syn !== undefined) {
    if (!Array.isArray(syn)) r.error('synonyms.json', 'must be an array of arrays');
    else {
      const owner = new Map();
      const firstTerms = new Map();
      syn.forEach((g, i) => {
        // The loader names a group by its first term, so first terms must be unique.
        if (Array.isArray(g) && typeof g[0] === 'string') {
          if (firstTerms.has(g[0])) r.error(`synonyms.json[${i}]`, `first term "${g[0]}" already names group ${firstTerms.get(g[0])}`);
          else firstTerms.set(g[0], i);
        }
        const w = `synonyms.json[${i}]`;
        if (!Array.isArray(g) || g.length < 2) return r.error(w, 'each group must be an array of at least 2 terms');
        const inGroup = new Set();
        g.forEach((t, k) => {
          if (typeof t !== 'string' || t.trim() === '') return r.error(`${w}[${k}]`, 'term must be a non-empty string');
          if (t !== t.toLowerCase()) r.error(`${w}[${k}]`, `term "${t}" must be lowercase`);
          if (t !== t.trim() || /\s{2,}/.test(t)) r.error(`${w}[${k}]`, `term "${t}" has stray whitespace`);
          if (inGroup.has(t)) r.error(w, `term "${t}" repeated in the group`);
          inGroup.add(t);
          if (owner.has(t) && owner.get(t) !== i) r.warn(w, `term "${t}" also appears in group ${owner.get(t)}`);
          else owner.set(t, i);
        });
      });
    }
  }

  // holidays.json
  const hol = loadJson(r, dir, 'holidays.json');
  if (hol !== undefined) {
    if (!Array.isArray(hol)) r.error('holidays.json', 'must be an array');
    else {
      let prev = '';
      const seen = new Set();
      hol.forEach((h, i) => {
        const w = `holidays.json[${i}]`;
        if (!isObj(h)) return r.error(w, 'must be an object');
        checkKeys(r, w, h, ['date', 'name']);
        if (typeof h.date !== 'string' || !isValidDate(h.date)) r.error(w, `invalid date ${JSON.stringify(h.date)}`);
        checkStr(r, `${w}.name`, h.name);
        const key = `${h.date}|${h.name}`;
        if (seen.has(key)) r.error(w, `duplicate holiday ${key}`);
        seen.add(key);
        if (typeof h.date === 'string' && h.date < prev) r.warn(w, 'holidays are not sorted by date');
        prev = h.date;
      });
    }
  }

  // areas.json
  const areas = loadJson(r, dir, 'areas.json');
  if (areas !== undefined) {
    const w = 'areas.json';
    if (!isObj(areas)) r.error(w, 'must be an object');
    else {
      noEmptyStrings(r, w, areas);
      checkStr(r, `${w}.source`, areas.source);
      if (typeof areas.source === 'string' && !/ODbL/.test(areas.source)) r.error(`${w}.source`, 'must carry the ODbL attribution');
      const prefix = isObj(j) && typeof j.code === 'string' ? `${j.code}.` : null;
      const kecCodes = new Set();
      if (!Array.isArray(areas.kecamatan) || areas.kecamatan.length === 0) r.error(w, 'kecamatan must be a non-empty array');
      else
        areas.kecamatan.forEach((k, i) => {
          const kw = `${w}.kecamatan[${i}]`;
          if (!isObj(k) || typeof k.code !== 'string' || !/^\d{2}\.\d{2}\.\d{2}$/.test(k.code)) return r.error(kw, 'code must look like 33.18.01');
          if (prefix && !k.code.startsWith(prefix)) r.error(kw, `code ${k.code} is outside ${j.code}`);
          if (kecCodes.has(k.code)) r.error(kw, `duplicate code ${k.code}`);
          kecCodes.add(k.code);
          checkStr(r, `${kw}.name`, k.name);
          if (typeof k.name === 'string' && k.name === k.name.toUpperCase() && /[A-Z]{3}/.test(k.name)) r.warn(kw, `name "${k.name}" is in capitals`);
        });
      const desaCodes = new Set();
      if (!Array.isArray(areas.desa) || areas.desa.length === 0) r.error(w, 'desa must be a non-empty array');
      else
        areas.desa.forEach((d, i) => {
          const dw = `${w}.desa[${i}]`;
          if (!isObj(d) || typeof d.code !== 'string' || !/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/.test(d.code)) return r.error(dw, 'code must look like 33.18.01.2001');
          if (desaCodes.has(d.code)) r.error(dw, `duplicate code ${d.code}`);
          desaCodes.add(d.code);
          if (!kecCodes.has(d.kecamatan)) r.error(dw, `kecamatan ${JSON.stringify(d.kecamatan)} does not exist`);
          else if (!d.code.startsWith(`${d.kecamatan}.`)) r.error(dw, `code ${d.code} does not belong to kecamatan ${d.kecamatan}`);
          checkStr(r, `${dw}.name`, d.name);
          if (!DESA_KINDS.has(d.kind)) r.error(dw, `kind must be desa or kelurahan, got ${JSON.stringify(d.kind)}`);
          else {
            const lead = d.code.slice(-4, -3);
            if ((lead === '1' && d.kind !== 'kelurahan') || (lead === '2' && d.kind !== 'desa')) r.error(dw, `kind ${d.kind} does not match code ${d.code}`);
          }
        });
      const sorted = (arr) => Array.isArray(arr) && arr.every((x, i) => i === 0 || arr[i - 1].code < x.code);
      if (!sorted(areas.kecamatan) || !sorted(areas.desa)) r.warn(w, 'areas are not sorted by code');
      for (const k of kecCodes) if (Array.isArray(areas.desa) && !areas.desa.some((d) => d.kecamatan === k)) r.warn(w, `kecamatan ${k} has no desa/kelurahan`);
    }
  }

  r.counts = {
    agencies: Array.isArray(agencies) ? agencies.length : 0,
    categories: Array.isArray(cats) ? cats.length : 0,
    services: Array.isArray(services) ? services.length : 0,
    services_jv: Array.isArray(services) ? services.filter((s) => s?.name?.jv && s?.summary?.jv).length : 0,
    services_en: Array.isArray(services) ? services.filter((s) => s?.name?.en && s?.summary?.en).length : 0,
    featured: Array.isArray(services) ? services.filter((s) => s?.featured === true).length : 0,
    complaint_categories: Array.isArray(ccs) ? ccs.length : 0,
    news: Array.isArray(news) ? news.length : 0,
    news_en: Array.isArray(news) ? news.filter((n) => n?.body?.en).length : 0,
    synonym_groups: Array.isArray(syn) ? syn.length : 0,
    holidays: Array.isArray(hol) ? hol.length : 0,
    kecamatan: Array.isArray(areas?.kecamatan) ? areas.kecamatan.length : 0,
    desa: Array.isArray(areas?.desa) ? areas.desa.length : 0,
  };
  return r;
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error('usage: node check-pack.mjs <pack-dir> [<pack-dir> ...]');
  process.exit(2);
}
let failed = false;
for (const d of dirs) {
  const r = checkPack(d);
  for (const wmsg of r.warnings) console.log(`[${r.pack}] warning: ${wmsg}`);
  for (const e of r.errors) console.log(`[${r.pack}] ERROR: ${e}`);
  const c = r.counts ?? {};
  console.log(`[${r.pack}] ${r.errors.length} error(s), ${r.warnings.length} warning(s); ` + Object.entries(c).map(([k, v]) => `${k}=${v}`).join(' '));
  if (r.errors.length) failed = true;
}
process.exit(failed ? 1 : 0);
