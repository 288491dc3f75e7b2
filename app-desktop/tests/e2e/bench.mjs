// Speed benchmark of the real desktop app (issue 7 budgets), through WebDriver:
//
// 1. cold start: from the app process's start (its /proc start time) to the frame
//    where the home screen shows its tiles and categories (the UI's User Timing
//    mark `pati:home-interactive`), with the 10k-service catalogue cached;
// 2. search as you type: for each keystroke of everyday queries, from the input
//    event to the frame that shows the results answering exactly that text.
//
// The catalogue is the Pati content pack plus synthetic services made from its real
// ones (same size and shape of text, new names), served by a real pati-server and
// synced into the app once. Prints a table and writes output/bench.json.
//
// Needs DISPLAY, PATI_DESKTOP_BIN and PATI_SERVER_BIN (scripts/bench.sh sets them).
// Optional: PATI_BENCH_SERVICES (default 10000), PATI_BENCH_STARTS (default 5).

import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appSession, freePort, log, sleep, start, startServer, stopAll, waitForHttp } from './support.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const appBin = path.resolve(process.env.PATI_DESKTOP_BIN ?? '');
const serverBin = path.resolve(process.env.PATI_SERVER_BIN ?? '');
if (!process.env.PATI_DESKTOP_BIN || !process.env.PATI_SERVER_BIN || !process.env.DISPLAY) {
  console.error('[bench] set DISPLAY, PATI_DESKTOP_BIN and PATI_SERVER_BIN (scripts/bench.sh does)');
  process.exit(2);
}
const SERVICES = Number(process.env.PATI_BENCH_SERVICES ?? 10_000);
const STARTS = Number(process.env.PATI_BENCH_STARTS ?? 5);
const outDir = path.join(here, 'output');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pati-desktop-bench-'));
const J = 'pati';

// Everyday searches, typed one key at a time (a typo included).
const QUERIES = ['kir', 'bikin ktp', 'akta kelahiran', 'santunan kematian', 'jalan rusak', 'surat keterangan', 'pendafatran'];

// ---------------------------------------------------------------- the catalogue

const ACTIONS = ['Pendaftaran', 'Perekaman', 'Pembuatan', 'Penerbitan', 'Perpanjangan', 'Pengajuan', 'Permohonan', 'Pelaporan', 'Pembayaran', 'Pemeriksaan', 'Perubahan', 'Legalisir'];
const OBJECTS = ['KTP-el', 'kartu keluarga', 'akta kelahiran', 'akta kematian', 'izin usaha', 'pajak bumi', 'sertifikat halal', 'surat keterangan', 'rekomendasi teknis', 'bantuan sosial', 'beasiswa', 'izin bangunan', 'uji kendaraan', 'kartu tani', 'lampu jalan', 'jalan desa', 'air bersih', 'rumah sakit', 'puskesmas', 'imunisasi anak', 'pasar rakyat', 'perpustakaan', 'arsip'];

/** Deterministic xorshift, so every run benchmarks the same catalogue. */
function rng(seed) {
  let x = BigInt(seed);
  const mask = (1n << 64n) - 1n;
  return (n) => {
    x ^= (x << 13n) & mask;
    x ^= x >> 7n;
    x ^= (x << 17n) & mask;
    return Number(x % BigInt(n));
  };
}

/** The Pati pack with `n` services in all: its own plus variants of them. */
function makePack(dir, n) {
  const src = path.join(repo, 'content', J);
  const dst = path.join(dir, J);
  cpSync(src, dst, { recursive: true });
  const real = JSON.parse(readFileSync(path.join(src, 'services.json'), 'utf8'));
  const pick = rng(0x9e3779b97f4a7c15n);
  const out = [...real];
  for (let i = 0; out.length < n; i++) {
    const t = real[i % real.length];
    const object = OBJECTS[pick(OBJECTS.length)];
    out.push({
      ...t,
      id: `${t.id}-v${i}`,
      name: { id: `${ACTIONS[pick(ACTIONS.length)]} ${object} ${i}` },
      keywords: [object.toLowerCase()],
      featured: false,
      featured_order: null,
    });
  }
  writeFileSync(path.join(dst, 'services.json'), JSON.stringify(out));
  return dir;
}

// ---------------------------------------------------------------- the app process

/** Epoch ms at which the newest process running `bin` started (10 ms resolution). */
function processStartMs(bin) {
  const tck = 100; // USER_HZ on Linux
  const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  const bootMs = Date.now() - uptime * 1000;
  let newest = null;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readlinkSync(`/proc/${pid}/exe`) !== bin) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[19]); // field 22 of stat, counted after "(comm) "
      if (newest === null || ticks > newest) newest = ticks;
    } catch {
      /* gone, or not ours */
    }
  }
  if (newest === null) throw new Error(`no running process of ${bin}`);
  return bootMs + (newest / tck) * 1000;
}

let driver = null;

function openSession() {
  return appSession(driver.port, appBin);
}

/** Epoch ms of the home-interactive mark, waiting for it. */
async function homeInteractiveMs(browser) {
  let at = null;
  await browser.waitUntil(
    async () => {
      at = await browser.execute(() => {
        const m = performance.getEntriesByName('pati:home-interactive', 'mark')[0];
        return m ? performance.timeOrigin + m.startTime : null;
      });
      return at !== null;
    },
    { timeout: 60_000, interval: 50, timeoutMsg: 'the home screen never became interactive' },
  );
  return at;
}

/** Types `text` one key at a time; per key, ms from the input event to the answering frame. */
async function typeAndTime(browser, text) {
  const times = [];
  for (let i = 1; i <= text.length; i++) {
    const prefix = text.slice(0, i);
    if (prefix.trim() === '' || prefix.endsWith(' ')) continue; // same query as before
    const ms = await browser.executeAsync((value, done) => {
      const input = document.querySelector('[data-testid="search-input"]');
      const answered = () => {
        const c = document.querySelector('[data-testid="search-count"]');
        return c !== null && c.getAttribute('data-query') === value.trim();
      };
      const t0 = performance.now();
      // The catalogue marks when the answer reached the page, before rendering it.
      const answeredAt = () => {
        const m = performance.getEntriesByName('pati:search-answered', 'mark');
        const at = m.length > 0 ? m[m.length - 1].startTime : -1;
        return at >= t0 ? at - t0 : -1;
      };
      // The frame that shows the results starts at its animation frame callback;
      // a message posted there runs once that frame's style, layout and paint are done.
      const finish = (domAt) =>
        requestAnimationFrame(() => {
          const frame = performance.now();
          const channel = new MessageChannel();
          channel.port1.onmessage = () =>
            done({ ms: frame - t0, painted: performance.now() - t0, ipc: answeredAt(), dom: domAt - t0 });
          channel.port2.postMessage(null);
        });
      const obs = new MutationObserver(() => {
        if (answered()) {
          obs.disconnect();
          finish(performance.now());
        }
      });
      obs.observe(document.querySelector('main'), { subtree: true, childList: true, attributes: true, characterData: true });
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      setTimeout(() => {
        obs.disconnect();
        done(null);
      }, 10_000);
    }, prefix);
    if (ms === null) throw new Error(`no answer for "${prefix}" within 10 s`);
    times.push({ query: prefix, ...ms });
  }
  return times;
}

/** The same prefixes through the `search` command alone: IPC and the core, no rendering. */
async function ipcTimes(browser, text) {
  return browser.executeAsync(async (full, done) => {
    const out = [];
    for (let i = 1; i <= full.length; i++) {
      const q = full.slice(0, i);
      if (q.trim() === '' || q.endsWith(' ')) continue;
      const t0 = performance.now();
      await window.__TAURI_INTERNALS__.invoke('search', { query: q.trim(), lang: 'id' });
      out.push(performance.now() - t0);
    }
    done(out);
  }, text);
}

async function clearSearch(browser) {
  await browser.execute(() => {
    const input = document.querySelector('[data-testid="search-input"]');
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await sleep(100);
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(values) {
  const s = [...values].sort((a, b) => a - b);
  return {
    n: s.length,
    min: s[0],
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    max: s[s.length - 1],
  };
}

const fmt = (x) => `${x.toFixed(1)} ms`;

async function main() {
  const content = makePack(path.join(tmp, 'content'), SERVICES);
  log(`catalogue: ${SERVICES} services in ${content}`);
  const serverData = path.join(tmp, 'server');
  const appData = path.join(tmp, 'app');
  mkdirSync(serverData);
  mkdirSync(appData);
  mkdirSync(outDir, { recursive: true });
  const server = await startServer({
    bin: serverBin,
    port: await freePort(),
    dataDir: serverData,
    contentDir: content,
    logFile: path.join(outDir, 'bench-server.log'),
  });
  await waitForHttp(`${server.url}/health`);
  log(`pati-server on ${server.url}`);

  const port = await freePort();
  driver = start(
    'tauri-driver',
    process.env.TAURI_DRIVER ?? 'tauri-driver',
    ['--port', String(port), '--native-port', String(await freePort()), '--native-driver', process.env.WEBKIT_DRIVER ?? 'WebKitWebDriver'],
    {
      env: { ...process.env, PATI_SERVER_URL: server.url, PATI_JURISDICTION: J, PATI_DATA_DIR: appData, RUST_LOG: 'warn' },
      logFile: path.join(outDir, 'bench-app.log'),
    },
  );
  driver.port = port;
  await waitForHttp(`http://127.0.0.1:${port}/status`, 30_000).catch(() => {});

  // First run: the whole catalogue travels into the app's SQLite file.
  const t0 = Date.now();
  let browser = await openSession();
  let cached = 0;
  await browser.waitUntil(
    async () => {
      cached = await browser.executeAsync((done) => {
        window.__TAURI_INTERNALS__.invoke('content_status', {}).then((s) => done(s.services), () => done(0));
      });
      return cached >= SERVICES;
    },
    { timeout: 600_000, interval: 500, timeoutMsg: `catalogue sync (${cached} of ${SERVICES} services)` },
  );
  const firstSyncMs = Date.now() - t0;
  log(`first sync: ${cached} services cached in ${firstSyncMs} ms (session start included)`);
  await browser.deleteSession();

  // Cold starts: a new app process each time, the catalogue already on disk.
  const starts = [];
  for (let i = 0; i < STARTS; i++) {
    await sleep(1_000);
    browser = await openSession();
    const ready = await homeInteractiveMs(browser);
    const ms = ready - processStartMs(appBin);
    starts.push(ms);
    log(`cold start ${i + 1}: ${fmt(ms)}`);
    if (i < STARTS - 1) await browser.deleteSession();
  }

  // Search as you type in the last session.
  await browser.$('[data-testid="nav-services"]').click();
  await browser.$('[data-testid="search-input"]').waitForExist({ timeout: 10_000 });
  const keys = [];
  for (const q of QUERIES) {
    await clearSearch(browser);
    const t = await typeAndTime(browser, q);
    keys.push(...t);
    log(`"${q}": ${t.map((x) => x.ms.toFixed(0)).join(' ')} ms`);
  }
  const ipc = [];
  for (const q of QUERIES) ipc.push(...(await ipcTimes(browser, q)));
  await browser.deleteSession();

  const result = {
    date: new Date().toISOString(),
    app: appBin,
    services: cached,
    load: os.loadavg().map((x) => x.toFixed(2)).join(' '),
    first_sync_ms: firstSyncMs,
    cold_start_ms: summary(starts),
    keystroke_ms: summary(keys.map((k) => k.ms)),
    keystroke_answer_in_page_ms: summary(keys.map((k) => k.ipc)),
    keystroke_dom_updated_ms: summary(keys.map((k) => k.dom)),
    keystroke_painted_ms: summary(keys.map((k) => k.painted)),
    search_command_ms: summary(ipc),
    slowest_keystrokes: [...keys].sort((a, b) => b.ms - a.ms).slice(0, 5),
  };
  writeFileSync(path.join(outDir, 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log('\nPati Maju desktop speed');
  console.log(`  catalogue                 ${cached} services (first sync ${(firstSyncMs / 1000).toFixed(1)} s)`);
  const c = result.cold_start_ms;
  console.log(`  cold start → home         ${c.n} runs: p50 ${fmt(c.p50)}, max ${fmt(c.max)} (budget 1500 ms)`);
  const k = result.keystroke_ms;
  console.log(`  keystroke → results       ${k.n} keys: p50 ${fmt(k.p50)}, p95 ${fmt(k.p95)}, max ${fmt(k.max)} (budget 50 ms)`);
  const r = result.keystroke_answer_in_page_ms;
  const d = result.keystroke_dom_updated_ms;
  const p = result.keystroke_painted_ms;
  console.log(`    answer in the page        p50 ${fmt(r.p50)}, p95 ${fmt(r.p95)}`);
  console.log(`    DOM updated               p50 ${fmt(d.p50)}, p95 ${fmt(d.p95)}`);
  console.log(`    that frame painted        p50 ${fmt(p.p50)}, p95 ${fmt(p.p95)}`);
  const i = result.search_command_ms;
  console.log(`  of which search command   ${i.n} calls: p50 ${fmt(i.p50)}, p95 ${fmt(i.p95)}, max ${fmt(i.max)} (IPC + core, no rendering)`);
  console.log(`  load average              ${result.load}`);
}

let code = 0;
try {
  await main();
} catch (e) {
  console.error(`[bench] failed: ${e?.stack ?? e}`);
  code = 1;
} finally {
  await stopAll();
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
