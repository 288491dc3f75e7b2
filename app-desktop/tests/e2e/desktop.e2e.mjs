// End-to-end test of the real Pati Maju desktop binary.
//
// Starts a real pati-server (temp data dir, the repo's content/) on a free loopback
// port, starts tauri-driver (which drives WebKitWebDriver, which launches the app),
// and checks through the app's window that content travelled server → pati-core →
// SQLite → Tauri commands → UI; then stops the server, relaunches the app on the same
// data dir and checks the content is still there offline.
//
// Needs: DISPLAY (an X server, e.g. Xvfb), and these environment variables:
//   PATI_DESKTOP_BIN  the built app (target/debug/pati-desktop)
//   PATI_SERVER_BIN   the built pati-server
// Optional: PATI_CONTENT_DIR (default <repo>/content), PATI_SCREENSHOT_DIR (default
// <repo>/docs/screenshots), TAURI_DRIVER (default: tauri-driver on PATH),
// WEBKIT_DRIVER (default: WebKitWebDriver on PATH), PATI_E2E_OUTPUT (logs).

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  appSession,
  assert,
  assertEqual,
  freePort,
  log,
  pullContent,
  residentDevice,
  Runner,
  sleep,
  staffLogin,
  start,
  startServer,
  startSmsGateway,
  stopAll,
  waitForHttp,
} from './support.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');

function required(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`[desktop-e2e] ${name} is not set`);
    process.exit(2);
  }
  return v;
}

const appBin = path.resolve(required('PATI_DESKTOP_BIN'));
const serverBin = path.resolve(required('PATI_SERVER_BIN'));
if (!process.env.DISPLAY) {
  console.error('[desktop-e2e] DISPLAY is not set: run under Xvfb (scripts/test.sh does)');
  process.exit(2);
}
const contentDir = path.resolve(process.env.PATI_CONTENT_DIR ?? path.join(repo, 'content'));
const shotDir = path.resolve(process.env.PATI_SCREENSHOT_DIR ?? path.join(repo, 'docs/screenshots'));
const outDir = path.resolve(process.env.PATI_E2E_OUTPUT ?? path.join(here, 'output'));
const tauriDriver = process.env.TAURI_DRIVER ?? 'tauri-driver';
const webkitDriver = process.env.WEBKIT_DRIVER ?? 'WebKitWebDriver';
const JURISDICTION = 'pati';

mkdirSync(shotDir, { recursive: true });
mkdirSync(outDir, { recursive: true });
const tmp = mkdtempSync(path.join(os.tmpdir(), 'pati-desktop-e2e-'));
const serverData = path.join(tmp, 'server');
const appData = path.join(tmp, 'app');
mkdirSync(serverData);
mkdirSync(appData);

const run = new Runner('desktop e2e');
let server = null;
let driver = null;
let browser = null;
/** The SMS gateway stand-in pati-server sends one-time codes to. */
let sms = null;

const $ = (testId) => browser.$(`[data-testid="${testId}"]`);
const $$ = (testId) => browser.$$(`[data-testid="${testId}"]`);

async function texts(selector) {
  const els = await browser.$$(selector);
  const out = [];
  for (const el of els) out.push((await el.getText()).trim());
  return out;
}

async function waitText(testId, expected, timeout = 30_000) {
  let last = '';
  await browser.waitUntil(
    async () => {
      const el = await $(testId);
      last = (await el.isExisting()) ? (await el.getText()).trim() : '<missing>';
      return last === expected;
    },
    { timeout, interval: 200, timeoutMsg: `"${testId}" should read "${expected}", reads "${last}"` },
  );
}

async function waitContains(testId, part, timeout = 30_000) {
  let last = '';
  await browser.waitUntil(
    async () => {
      const el = await $(testId);
      last = (await el.isExisting()) ? await el.getText() : '<missing>';
      return last.includes(part);
    },
    { timeout, interval: 200, timeoutMsg: `"${testId}" should contain "${part}", reads "${last}"` },
  );
}

async function waitCount(testId, min, timeout = 30_000) {
  await browser.waitUntil(async () => (await $$(testId)).length >= min, {
    timeout,
    interval: 200,
    timeoutMsg: `expected at least ${min} × "${testId}"`,
  });
  return (await $$(testId)).length;
}

/** Lets WebKit paint the current DOM before a screenshot (it lags under load). */
async function settle() {
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await sleep(500);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const scanned = [];

/** axe-core on the current screen: no serious or critical finding. */
async function axeScan(name) {
  // Through WebDriver, not eval: the app's CSP forbids eval and inline scripts.
  await browser.execute(axeSource);
  const found = await browser.executeAsync((done) => {
    window.axe
      .run(document, { resultTypes: ['violations'] })
      .then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }))))
      .catch((e) => done([{ id: 'axe-error', impact: 'critical', nodes: [String(e)] }]));
  });
  const bad = found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert(bad.length === 0, `axe on ${name}: ${JSON.stringify(bad)}`);
  const minor = found.map((v) => `${v.id} (${v.impact})`);
  log(`axe ${name}: no serious/critical findings${minor.length ? `; minor: ${minor.join(', ')}` : ''}`);
  scanned.push(name);
}

/** Every screen the tests photograph is also scanned by axe. */
async function screenshot(name) {
  await settle();
  await axeScan(name);
  const file = path.join(shotDir, `desktop-${name}.png`);
  await browser.saveScreenshot(file);
  log(`screenshot ${path.relative(repo, file)}`);
}

async function openSession(args = []) {
  const t0 = Date.now();
  const b = await appSession(driver.port, appBin, args);
  log(`app session opened in ${Date.now() - t0} ms`);
  return b;
}

async function closeSession() {
  if (!browser) return;
  try {
    await browser.deleteSession();
  } catch (e) {
    log(`closing the session: ${e.message}`);
  }
  browser = null;
}

/**
 * Fills the Lapor form: first category, kecamatan and desa, texts, one photo: a
 * generated file through the file input, or (`camera`) a frame from the webcam.
 */
async function draftComplaint(title, description, { camera = false } = {}) {
  await $('nav-report').click();
  await $('field-title').waitForExist({ timeout: 20_000 });
  await browser.waitUntil(async () => (await browser.$$('[data-testid="field-category"] option')).length > 1, {
    timeout: 20_000,
    timeoutMsg: 'complaint categories from the content',
  });
  await $('field-category').selectByIndex(1);
  await $('field-title').setValue(title);
  await $('field-description').setValue(description);
  await browser.waitUntil(async () => (await browser.$$('[data-testid="field-kecamatan"] option')).length > 1, {
    timeout: 10_000,
    timeoutMsg: 'kecamatan list',
  });
  await $('field-kecamatan').selectByIndex(1);
  await browser.waitUntil(async () => (await browser.$$('[data-testid="field-desa"] option')).length > 1, {
    timeout: 10_000,
    timeoutMsg: 'desa list',
  });
  await $('field-desa').selectByIndex(1);
  await $('field-address').setValue('Jl. Kolonel Sunandar');
  if (camera) {
    await $('camera-open').waitForExist({ timeout: 10_000 });
    await $('camera-open').click();
    await browser.waitUntil(async () => (await $('camera-capture').isEnabled().catch(() => false)) === true, {
      timeout: 20_000,
      timeoutMsg: 'a live camera preview',
    });
    await $('camera-capture').click();
    await waitCount('photo-thumb', 1, 20_000);
    await $('camera').waitForExist({ timeout: 10_000, reverse: true });
    return;
  }
  await addDrawnPhoto();
  await waitCount('photo-thumb', 1, 20_000);
}

/**
 * Adds a drawn picture through the file input's change event, as a picker would give
 * it: a PNG, or with `takenAt` ({lat, lon}) a JPEG carrying the EXIF GPS tags a phone
 * camera writes (little-endian TIFF: IFD0 → GPS IFD with the N/S and E/W references
 * and degrees/minutes/seconds as rationals).
 */
async function addDrawnPhoto(takenAt = null) {
  await browser.executeAsync((at, done) => {
    const [w, h, n, hue] = at ? [800, 600, 30, 12] : [640, 480, 40, 9];
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    const g = c.getContext('2d');
    for (let i = 0; i < n; i++) {
      g.fillStyle = `hsl(${i * hue}, 70%, 50%)`;
      g.fillRect((i * 37) % (w - 40), (i * 53) % (h - 40), 60, 40);
    }
    const attach = (bytes, name, type) => {
      const input = document.querySelector('[data-testid="field-photo"]');
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type }));
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
      done();
    };
    if (!at) {
      c.toBlob((blob) => attach(blob, 'jalan.png', 'image/png'), 'image/png');
      return;
    }
    c.toBlob(async (blob) => {
      const jpeg = new Uint8Array(await blob.arrayBuffer());
      const t = [];
      const u16 = (v) => t.push(v & 255, (v >> 8) & 255);
      const u32 = (v) => (u16(v & 0xffff), u16(v >>> 16));
      const dms = (v) => {
        const a = Math.abs(v);
        const d = Math.floor(a);
        const m = Math.floor((a - d) * 60);
        return [[d, 1], [m, 1], [Math.round(((a - d) * 60 - m) * 60 * 10000), 10000]];
      };
      t.push(0x49, 0x49, 42, 0);
      u32(8);
      u16(1), u16(0x8825), u16(4), u32(1), u32(26), u32(0); // IFD0 (8..26): GPS IFD pointer
      u16(4); // GPS IFD (26..80), rationals from 80
      u16(1), u16(2), u32(2), t.push(at.lat < 0 ? 83 : 78, 0, 0, 0);
      u16(2), u16(5), u32(3), u32(80);
      u16(3), u16(2), u32(2), t.push(at.lon < 0 ? 87 : 69, 0, 0, 0);
      u16(4), u16(5), u32(3), u32(104);
      u32(0);
      for (const [num, den] of [...dms(at.lat), ...dms(at.lon)]) u32(num), u32(den);
      const app1 = [0x45, 0x78, 0x69, 0x66, 0, 0, ...t];
      const out = new Uint8Array(jpeg.length + 4 + app1.length);
      out.set(jpeg.subarray(0, 2), 0);
      out.set([0xff, 0xe1, (app1.length + 2) >> 8, (app1.length + 2) & 255], 2);
      out.set(app1, 6);
      out.set(jpeg.subarray(2), 6 + app1.length);
      attach(out, 'lokasi.jpg', 'image/jpeg');
    }, 'image/jpeg', 0.9);
  }, takenAt);
}

/** Report form → "Verifikasi nomor HP" → number typed as `typed`; returns the SMS's code. */
async function askForCode(typed, normalised) {
  await $('nav-report').click();
  await $('verify-phone').waitForExist({ timeout: 20_000 });
  await $('verify-phone').click();
  await $('field-phone').waitForExist({ timeout: 10_000 });
  await $('field-phone').setValue(typed);
  await $('phone-send').click();
  await waitContains('phone-sent', normalised, 20_000);
  return sms.codeFor(normalised);
}

async function enterCode(code, normalised) {
  await $('field-code').setValue(code);
  await $('phone-verify').click();
  await waitContains('phone-verified', normalised, 20_000);
}

/** Every file under `dir`, recursively. */
function filesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...filesUnder(p));
    else if (st.isFile()) out.push(p);
  }
  return out;
}

async function main() {
  log(`app:      ${appBin}`);
  log(`server:   ${serverBin}`);
  log(`content:  ${contentDir}`);
  log(`temp dir: ${tmp}`);

  sms = await startSmsGateway();
  const serverPort = await freePort();
  server = await startServer({
    bin: serverBin,
    port: serverPort,
    dataDir: serverData,
    contentDir,
    logFile: path.join(outDir, 'server.log'),
    demo: true,
    args: ['--otp-webhook-url', sms.url, '--otp-webhook-token', 'e2e-gateway'],
  });
  await waitForHttp(`${server.url}/health`);
  log(`pati-server listening on ${server.url}`);

  const expected = await pullContent(server.url, JURISDICTION);
  const featured = expected.services.filter((s) => s.featured);
  log(
    `server content: ${expected.services.length} services (${featured.length} featured), ` +
      `${expected.news.length} news, jurisdiction ${expected.jurisdiction?.name?.id}`,
  );

  const port = await freePort();
  const nativePort = await freePort();
  driver = start('tauri-driver', tauriDriver, ['--port', String(port), '--native-port', String(nativePort), '--native-driver', webkitDriver], {
    env: {
      ...process.env,
      PATI_SERVER_URL: server.url,
      PATI_JURISDICTION: JURISDICTION,
      PATI_DATA_DIR: appData,
      RUST_LOG: process.env.RUST_LOG ?? 'info',
      // WebKit's generated video source stands in for a webcam (src-tauri/src/webview.rs).
      PATI_MOCK_CAMERA: '1',
    },
    logFile: path.join(outDir, 'app.log'),
  });
  driver.port = port;
  await waitForHttp(`http://127.0.0.1:${port}/status`, 30_000).catch(() => {
    // tauri-driver proxies /status to WebKitWebDriver; any answer means it is up.
  });

  console.log('online (server running):');
  const sessionOk = await run.test('the app starts under tauri-driver and opens a WebDriver session', async () => {
    browser = await openSession();
    await browser.setTimeout({ implicit: 0 });
  });
  if (!sessionOk) return;

  await run.test('home shows the jurisdiction name synced from the server', async () => {
    await waitText('jurisdiction-name', expected.jurisdiction.name.id, 60_000);
  });

  await run.test('home shows the featured service tiles from the server, through the core', async () => {
    assert(featured.length > 0, 'the content pack has featured services');
    await waitCount('featured-tile', featured.length, 60_000);
    const ids = [];
    for (const el of await $$('featured-tile')) ids.push(await el.getAttribute('data-id'));
    assertEqual([...ids].sort(), featured.map((s) => s.id).sort(), 'featured tiles = featured services');
    const names = await texts('[data-testid="featured-tile"] .tile-name');
    assertEqual(names.sort(), featured.map((s) => s.name.id).sort(), 'tile names (Indonesian)');
  });

  await run.test('home shows the service categories and the status bar reports online', async () => {
    const n = await waitCount('category-tile', 1);
    assert(n === expected.categories.length, `${n} category tiles for ${expected.categories.length} categories`);
    await browser.waitUntil(async () => (await $('status').getAttribute('data-connection')) === 'online', {
      timeout: 30_000,
      timeoutMsg: 'status should become online',
    });
    const last = (await $('last-sync').getText()).trim();
    assert(/Diperbarui/.test(last), `last sync is shown: "${last}"`);
    await screenshot('home');
  });

  await run.test('search as you type: "kir" finds E-KIR with the match highlighted; typos and everyday words work', async () => {
    await $('nav-services').click();
    await $('search-input').waitForExist({ timeout: 10_000 });
    const hitsFor = async (q) => {
      await $('search-input').setValue(q);
      let names = [];
      await browser.waitUntil(
        async () => {
          // Only the answer to the whole query counts, not one to a prefix typed before.
          const answered = await $('search-count').getAttribute('data-query').catch(() => null);
          names = await texts('[data-testid="search-hit"] .name');
          return answered === q && names.length > 0;
        },
        { timeout: 10_000, interval: 100, timeoutMsg: `results for "${q}"` },
      );
      return names;
    };
    try {
      const kir = await hitsFor('kir');
      assert(/E-KIR/i.test(kir[0]), `E-KIR first for "kir": ${kir.slice(0, 3).join(' | ')}`);
      const marks = await texts('[data-testid="search-hit"]:first-child .name mark, [data-testid="search-hit"] .name mark');
      assert(marks.some((m) => /kir/i.test(m)), `the match is highlighted: ${marks.join(', ')}`);
      await screenshot('search');
      const ktp = await hitsFor('bikin ktp');
      assert(ktp.slice(0, 3).some((n) => /KTP/i.test(n)), `KTP for "bikin ktp": ${ktp.slice(0, 3).join(' | ')}`);
      const typo = await hitsFor('akta kelahrian');
      assert(typo.slice(0, 3).some((n) => /kelahiran/i.test(n)), `a typo still finds it: ${typo.slice(0, 3).join(' | ')}`);
      // A broad word: a screenful of rows, then everything found on request (a
      // full first answer of 20 asks the core for up to 100).
      const broad = await hitsFor('surat');
      const counted = async () => Number(/\d+/.exec(await $('search-count').getText())?.[0] ?? 0);
      const total = await counted();
      assert(total > 8, `"surat" is in more than a screenful of services (${total})`);
      assertEqual(broad.length, 8, 'the first answer shows a screenful');
      await $('search-more').click();
      await waitCount('search-hit', total, 5_000);
      await browser.waitUntil(async () => (await counted()) === (await $$('search-hit')).length, {
        timeout: 5_000,
        timeoutMsg: 'the count names every row shown',
      });
      assert(!(await $('search-more').isExisting()), 'no button once every row found is shown');
    } finally {
      // Leave the catalogue as the next test expects it, whatever happened here.
      await $('search-input').clearValue().catch(() => {});
      await $('nav-home').click().catch(() => {});
    }
  });

  // Prefer E-KIR (a seed programme), else the first featured service.
  const target =
    featured.find((s) => /kir/i.test(s.id)) ?? expected.services.find((s) => /kir/i.test(s.id)) ?? featured[0];

  await run.test(`opening a service (${target?.id}) shows its requirements, steps and locations`, async () => {
    assert(target, 'a service to open');
    const tile = await browser.$(`[data-testid="featured-tile"][data-id="${target.id}"]`);
    if (await tile.isExisting()) {
      await tile.click();
    } else {
      const cat = await browser.$(`[data-testid="category-tile"][data-id="${target.category}"]`);
      await cat.click();
      const row = await browser.$(`[data-testid="service-row"][data-id="${target.id}"]`);
      await row.waitForExist({ timeout: 10_000 });
      await row.click();
    }
    await waitText('service-title', target.name.id, 10_000);
    const reqs = await texts('[data-testid="requirements"] li');
    assertEqual(reqs, target.requirements.map((r) => r.id), 'requirements');
    const steps = await texts('[data-testid="steps"] li');
    assertEqual(steps, target.steps.map((r) => r.id), 'steps');
    assertEqual((await $('service-fee').getText()).trim(), target.fee.id, 'fee');
    const counters = target.locations.filter((l) => l.mpp_counter);
    if (counters.length > 0) {
      const where = await $('locations').getText();
      assert(where.includes(counters[0].mpp_counter), `MPP counter ${counters[0].mpp_counter} shown`);
    }
    await screenshot('service');
  });

  await run.test('the news list shows the items from the server, and an item opens', async () => {
    assert(expected.news.length > 0, 'the content pack has news');
    await $('nav-news').click();
    const n = await waitCount('news-item', Math.min(expected.news.length, 20), 10_000);
    assertEqual(n, Math.min(expected.news.length, 20), 'news items shown');
    const titles = await texts('[data-testid="news-open"]');
    const newest = [...expected.news].sort((a, b) => (a.published_at < b.published_at ? 1 : -1));
    assert(titles[0] === newest[0].title.id, `newest first: "${titles[0]}" vs "${newest[0].title.id}"`);
    await screenshot('news');
    await (await $$('news-open'))[0].click();
    await waitText('news-title', newest[0].title.id, 10_000);
    await $('back').click();
    await waitCount('news-item', 1, 10_000);
  });

  await run.test('switching the language to English changes the UI strings and the content', async () => {
    await $('nav-home').click();
    await waitText('nav-home', 'Beranda', 5_000);
    await $('lang-en').click();
    await waitText('nav-home', 'Home', 5_000);
    await waitText('nav-news', 'News', 5_000);
    await waitText('nav-services', 'Services', 5_000);
    const name = expected.jurisdiction.name.en ?? expected.jurisdiction.name.id;
    await waitText('jurisdiction-name', name, 10_000);
    assertEqual(await browser.execute(() => document.documentElement.lang), 'en', '<html lang>');
    await screenshot('home-en');
    await $('lang-jv').click();
    await waitText('nav-news', 'Pawarta', 5_000);
    await $('lang-id').click();
    await waitText('nav-home', 'Beranda', 5_000);
  });

  await run.test('security: the CSP forbids eval and the ACL refuses commands the window was not granted', async () => {
    const evalResult = await browser.execute(() => {
      try {
        // eslint-disable-next-line no-eval
        return String(eval('1 + 1'));
      } catch (e) {
        return `blocked: ${e && e.name}`;
      }
    });
    assert(String(evalResult).startsWith('blocked'), `eval must be blocked by the CSP, got ${evalResult}`);
    const refused = await browser.executeAsync((done) => {
      window.__TAURI_INTERNALS__
        .invoke('plugin:window|close', {})
        .then(() => done('allowed'))
        .catch((e) => done(`refused: ${typeof e === 'string' ? e : JSON.stringify(e)}`));
    });
    assert(String(refused).startsWith('refused'), `window close must be refused by the ACL, got ${refused}`);
    const allowed = await browser.executeAsync((done) => {
      window.__TAURI_INTERNALS__
        .invoke('content_status', {})
        .then((s) => done(`ok ${s.services}`))
        .catch((e) => done(`refused: ${JSON.stringify(e)}`));
    });
    assertEqual(allowed, `ok ${expected.services.length}`, 'content_status is allowed and counts the services');
    const bad = await browser.executeAsync((done) => {
      window.__TAURI_INTERNALS__
        .invoke('service', { id: 'no-such-service', lang: 'xx' })
        .then((s) => done(JSON.stringify(s)))
        .catch((e) => done(typeof e === 'string' ? 'string-error' : Object.keys(e).sort().join(',')));
    });
    assert(bad === 'string-error' || bad === 'kind,message' || bad === 'null', `bad arguments: ${bad}`);
  });

  const PHONE = '+6281234567890';
  await run.test('phone verification: the code from the SMS gateway verifies the number, a wrong one is refused', async () => {
    const code = await askForCode('0812-3456-7890', PHONE);
    assertEqual(sms.messages.at(-1).auth, 'Bearer e2e-gateway', 'the gateway token');
    assert(sms.messages.at(-1).message.includes(code), 'the SMS text carries the code');
    await $('field-code').setValue(code === '000000' ? '111111' : '000000');
    await $('phone-verify').click();
    await $('error-code').waitForExist({ timeout: 20_000 });
    await enterCode(code, PHONE);
    await screenshot('phone-verified');
    await $('phone-back').click();
    await waitContains('identity', PHONE, 10_000);
  });

  const TITLE = 'Jalan berlubang di depan pasar';
  const PLACE = { lat: -6.7534, lon: 111.0453 };
  let complaintId = null;
  await run.test('a complaint drafted with a photo and submitted shows a tracking number', async () => {
    await draftComplaint(TITLE, 'Lubang dalam di tengah jalan, dua motor sudah jatuh minggu ini.');
    // A second photo from a phone camera knows where it was taken: the form offers it.
    await addDrawnPhoto(PLACE);
    await waitCount('photo-thumb', 2, 20_000);
    await $('use-photo-location').waitForExist({ timeout: 10_000 });
    await $('use-photo-location').click();
    await browser.waitUntil(async () => (await $('field-coordinates').getValue()) === '-6.75340, 111.04530', {
      timeout: 10_000,
      timeoutMsg: "the photo's coordinates in the form",
    });
    await screenshot('report');
    await $('submit').click();
    await $('tracking').waitForExist({ timeout: 10_000 });
    await browser.waitUntil(async () => /^PATI-/.test((await $('tracking-number').getText().catch(() => '')).trim()), {
      timeout: 60_000,
      timeoutMsg: 'tracking number after delivery',
    });
    await $('tracking-qr').waitForExist({ timeout: 5_000 });
    const mine = await browser.executeAsync((done) => {
      window.__TAURI_INTERNALS__.invoke('my_complaints', {}).then(done, () => done([]));
    });
    const c = mine.find((x) => x.title === TITLE);
    assert(c && c.state === 'sent', `the complaint is delivered: ${JSON.stringify(c)}`);
    complaintId = c.id;
    const detail = await browser.executeAsync((id, done) => {
      window.__TAURI_INTERNALS__.invoke('complaint', { id }).then(done, () => done(null));
    }, complaintId);
    assertEqual(detail.photo_hashes.length, 2, 'the photos travelled with the complaint');
    await screenshot('complaint-sent');
  });

  const ANSWER = 'Tim DPUPR menambal lubang besok pagi.';
  await run.test("the agency's answer through the admin API appears after sync", async () => {
    assert(complaintId, 'a delivered complaint');
    const staff = await staffLogin(server.url, JURISDICTION, 'kominfo');
    const onServer = await staff.get(`/${complaintId}`);
    assertEqual(onServer.reporter_phone, PHONE, 'the complaint went with the verified number');
    const at = onServer.location;
    assert(Math.abs(at.lat - PLACE.lat) < 1e-6 && Math.abs(at.lon - PLACE.lon) < 1e-6, `coordinates on the server: ${JSON.stringify(at)}`);
    await staff.act(complaintId, { action: 'verify' });
    await staff.act(complaintId, { action: 'assign', agency: onServer.agency ?? 'dpupr' });
    await staff.act(complaintId, { action: 'respond', text: ANSWER });
    await $('nav-complaints').click();
    await waitCount('complaint-item', 1, 10_000);
    await $('complaints-refresh').click();
    await (await $$('complaint-item'))[0].click();
    await browser.waitUntil(
      async () => {
        const ev = await browser.$('[data-testid="event-response"]');
        return (await ev.isExisting()) && (await ev.getText()).includes(ANSWER);
      },
      { timeout: 30_000, timeoutMsg: 'agency response in the timeline' },
    );
    await screenshot('complaint-answered');
  });

  const REPLY = 'Terima kasih, lubangnya di sisi timur pasar.';
  const REOPEN = 'Tambalan sudah rusak lagi setelah hujan.';
  await run.test('the resident replies, reopens a resolved complaint and rates it; the agency sees each once', async () => {
    assert(complaintId, 'a delivered complaint');
    const staff = await staffLogin(server.url, JURISDICTION, 'kominfo');
    /** Waits until the server's timeline holds `n` events of `kind`. */
    const onServer = async (kind, n) => {
      let seen = 0;
      await browser.waitUntil(
        async () => {
          const c = await staff.get(`/${complaintId}`);
          seen = c.events.filter((e) => e.kind === kind).length;
          return seen >= n;
        },
        { timeout: 30_000, interval: 500, timeoutMsg: `${kind} on the server` },
      );
      assertEqual(seen, n, `${kind} events on the server`);
    };
    /** Waits for the resident's own event to show as delivered in the timeline. */
    const delivered = async (kind, text) => {
      await browser.waitUntil(
        async () => {
          for (const ev of await $$(`event-${kind}`)) {
            const t = await ev.getText();
            if ((!text || t.includes(text)) && !(await ev.$('.state').isExisting())) return true;
          }
          return false;
        },
        { timeout: 30_000, interval: 300, timeoutMsg: `${kind} delivered in the timeline` },
      );
    };
    const refresh = async (testId) => {
      await browser.waitUntil(
        async () => {
          // What the list's refresh button does; the detail view follows sync events.
          await browser.executeAsync((done) => {
            window.__TAURI_INTERNALS__.invoke('sync_complaints', {}).then(done, done);
          });
          return (await $(testId).isExisting()) && (await $(testId).isDisplayed());
        },
        { timeout: 30_000, interval: 1_000, timeoutMsg: `${testId} after sync` },
      );
    };

    await $('reply-text').setValue(REPLY);
    await $('reply-send').click();
    await delivered('reply', REPLY);
    await onServer('reply', 1);

    await staff.act(complaintId, { action: 'set_status', status: 'resolved', text: 'Sudah ditambal.' });
    await refresh('reopen-send');
    await browser.$('#reopen').setValue(REOPEN);
    await $('reopen-send').click();
    await delivered('reopened', REOPEN);
    await onServer('reopened', 1);

    await staff.act(complaintId, { action: 'set_status', status: 'resolved', text: 'Ditambal ulang dengan aspal.' });
    await refresh('rate-send');
    await $('star-4').click();
    await $('rate-send').click();
    await delivered('rating');
    await onServer('rating', 1);
    const c = await staff.get(`/${complaintId}`);
    assertEqual(c.events.find((e) => e.kind === 'rating')?.rating, 4, 'the rating the resident gave');
    assertEqual(c.events.filter((e) => e.kind === 'reply').length, 1, 'the reply once, whatever was retried');
  });

  await run.test("a neighbour's similar public complaint is offered on the report form; supporting it counts once", async () => {
    assert(complaintId, 'a delivered complaint');
    const staff = await staffLogin(server.url, JURISDICTION, 'kominfo');
    const mine = await staff.get(`/${complaintId}`);
    const neighbour = await residentDevice(server.url, JURISDICTION);
    const theirs = await neighbour.create({
      category: mine.category,
      title: 'Jalan di depan pasar berlubang besar',
      description: 'Lubang besar di jalan depan pasar, membahayakan pengendara motor.',
      location: mine.location,
    });
    await $('nav-report').click();
    await $('field-title').waitForExist({ timeout: 20_000 });
    await browser.waitUntil(async () => (await browser.$$('[data-testid="field-category"] option')).length > 1, {
      timeout: 20_000,
      timeoutMsg: 'complaint categories',
    });
    await $('field-category').selectByAttribute('value', mine.category);
    await $('field-kecamatan').selectByAttribute('value', mine.location.kecamatan);
    await browser.waitUntil(async () => (await browser.$$('[data-testid="field-desa"] option')).length > 1, {
      timeout: 10_000,
      timeoutMsg: 'desa list',
    });
    await $('field-desa').selectByAttribute('value', mine.location.desa);
    await $('field-title').setValue('Jalan berlubang depan pasar');
    await $('field-description').click(); // the title's change event asks for similar complaints
    await $('similar').waitForExist({ timeout: 20_000 });
    const offered = await $('similar').getText();
    assert(offered.includes('Jalan di depan pasar berlubang besar'), `the neighbour's complaint: ${offered}`);
    assert(!offered.includes(TITLE), `never the resident's own: ${offered}`);
    await screenshot('report-similar');
    await $('support').click();
    await $('supported').waitForExist({ timeout: 10_000 });
    let count = 0;
    await browser.waitUntil(
      async () => {
        count = (await staff.get(`/${theirs}`)).support_count;
        return count >= 1;
      },
      { timeout: 30_000, interval: 500, timeoutMsg: 'support on the server' },
    );
    assertEqual(count, 1, 'supported once');
    const draft = await browser.executeAsync((done) => {
      window.__TAURI_INTERNALS__.invoke('current_draft', {}).then(done, () => done(null));
    });
    await browser.executeAsync((id, done) => {
      window.__TAURI_INTERNALS__.invoke('delete_draft', { id }).then(done, done);
    }, draft.id);
  });

  await closeSession();

  console.log('offline (server stopped, same data directory):');
  await server.stop();
  log('pati-server stopped');

  const offlineOk = await run.test('the app starts again with the server gone', async () => {
    browser = await openSession();
  });
  if (!offlineOk) return;

  await run.test('offline: home still shows the jurisdiction and featured tiles from the cache', async () => {
    await waitText('jurisdiction-name', expected.jurisdiction.name.id, 20_000);
    const n = await waitCount('featured-tile', featured.length, 20_000);
    assertEqual(n, featured.length, 'featured tiles offline');
    await browser.waitUntil(async () => (await $('status').getAttribute('data-connection')) === 'offline', {
      timeout: 30_000,
      timeoutMsg: 'status should become offline',
    });
    const conn = (await $('connection').getText()).trim();
    assert(/Luring/.test(conn), `offline label shown: "${conn}"`);
    await screenshot('offline');
  });

  await run.test('offline: a service detail and the news still open', async () => {
    const tile = await browser.$(`[data-testid="featured-tile"][data-id="${featured[0].id}"]`);
    await tile.click();
    await waitText('service-title', featured[0].name.id, 10_000);
    const reqs = await texts('[data-testid="requirements"] li');
    assertEqual(reqs, featured[0].requirements.map((r) => r.id), 'requirements offline');
    await $('nav-news').click();
    await waitCount('news-item', Math.min(expected.news.length, 20), 10_000);
  });

  await closeSession();
  console.log('kiosk window (set up by a config file, offline):');
  // How a kiosk PC is set up: one file the installer writes (flags still win).
  const kioskConfig = path.join(tmp, 'kiosk.toml');
  writeFileSync(kioskConfig, 'kiosk = true\nidle_timeout = 600\non_screen_keyboard = "always"\n');
  const kioskOk = await run.test('the app starts in kiosk mode from its config file', async () => {
    browser = await openSession(['--config', kioskConfig]);
  });
  if (!kioskOk) return;

  await run.test('kiosk: the window covers the screen, shows the kiosk badge and the cached content', async () => {
    await waitCount('featured-tile', featured.length, 20_000);
    await $('kiosk-badge').waitForExist({ timeout: 10_000 });
    const size = await browser.execute(() => [window.innerWidth, window.innerHeight, screen.width, screen.height]);
    assert(size[0] === size[2] && size[1] === size[3], `window ${size[0]}×${size[1]} covers screen ${size[2]}×${size[3]}`);
    await screenshot('kiosk');
  });

  await run.test('kiosk: touching a text field opens the on-screen keyboard, which types into it', async () => {
    await $('nav-report').click();
    await $('field-title').waitForExist({ timeout: 20_000 });
    await $('osk').waitForExist({ timeout: 2_000, reverse: true });
    await $('field-title').click();
    await $('osk').waitForDisplayed({ timeout: 5_000 });
    for (const k of ['j', 'a', 'l', 'a', 'n']) await (await $('osk').$(`button=${k}`)).click();
    await browser.waitUntil(async () => (await $('field-title').getValue()) === 'jalan', {
      timeout: 5_000,
      timeoutMsg: 'the keys typed into the field',
    });
    await screenshot('kiosk-keyboard');
  });

  await closeSession();
  console.log('kiosk visitor (--kiosk, short idle timeout, server back):');
  server = await startServer({
    bin: serverBin,
    port: serverPort,
    dataDir: serverData,
    contentDir,
    logFile: path.join(outDir, 'server2.log'),
    demo: true,
    args: ['--otp-webhook-url', sms.url, '--otp-webhook-token', 'e2e-gateway'],
  });
  const visitorOk = await run.test('a kiosk with a 15 s idle timeout starts wiped of earlier sessions', async () => {
    // This kiosk has a keyboard (`never`): the on-screen one has its own test above.
    browser = await openSession(['--kiosk', '--idle-timeout', '15', '--on-screen-keyboard', 'never']);
    await waitCount('featured-tile', 1, 20_000);
    // Same data folder as the resident's sessions above: a kiosk starts with nobody's.
    const [mine, phone] = await browser.executeAsync((done) => {
      const i = window.__TAURI_INTERNALS__.invoke;
      Promise.all([i('my_complaints', {}), i('complaint_sync_state', {})]).then(
        ([c, s]) => done([c.length, s.phone]),
        () => done([-1, 'error']),
      );
    });
    assertEqual(mine, 0, 'no earlier complaints in a starting kiosk');
    assertEqual(phone, null, 'no earlier verified phone in a starting kiosk');
  });
  if (!visitorOk) return;

  const SECRET = 'Tetangga KIOSK-VISITOR-7Q3Z buang sampah';
  const VISITOR_PHONE = '+6285712345678';
  await run.test('kiosk: a visitor verifies a phone, submits, goes idle, and nothing of theirs stays on disk', async () => {
    await enterCode(await askForCode('0857 1234 5678', VISITOR_PHONE), VISITOR_PHONE);
    await draftComplaint(SECRET, `${SECRET} di sungai setiap malam, mohon ditindak.`, { camera: true });
    assert(!(await $('field-photo').isExisting()), 'a kiosk offers no file picker');
    const shas = await browser.executeAsync((done) => {
      window.__TAURI_INTERNALS__.invoke('current_draft', {}).then((d) => done(d.photos.map((p) => p.sha256)), () => done([]));
    });
    assertEqual(shas.length, 1, 'one photo in the draft');
    // A slice of the processed JPEG, to look for on disk after the wipe.
    const slice = await browser.executeAsync((sha, done) => {
      window.__TAURI_INTERNALS__.invoke('photo', { sha256: sha }).then(
        (buf) => {
          const b = new Uint8Array(buf);
          const mid = Math.floor(b.length / 2);
          done(Array.from(b.slice(mid, mid + 64)));
        },
        () => done([]),
      );
    }, shas[0]);
    assertEqual(slice.length, 64, 'photo bytes read back');
    await $('submit').click();
    await browser.waitUntil(async () => /^PATI-/.test((await $('tracking-number').getText().catch(() => '')).trim()), {
      timeout: 60_000,
      timeoutMsg: 'tracking number in the kiosk',
    });
    await $('tracking-qr').waitForExist({ timeout: 5_000 });
    await screenshot('kiosk-slip');
    // The visitor walks away: the countdown appears, then the session is wiped.
    await $('idle-countdown').waitForExist({ timeout: 15_000 });
    await screenshot('kiosk-idle');
    await $('idle-countdown').waitForExist({ timeout: 15_000, reverse: true });
    await waitCount('featured-tile', 1, 10_000);
    const left = await browser.executeAsync((done) => {
      window.__TAURI_INTERNALS__.invoke('my_complaints', {}).then((c) => done(c.length), () => done(-1));
    });
    assertEqual(left, 0, 'no complaints left in the app');
    const identity = await browser.executeAsync((done) => {
      window.__TAURI_INTERNALS__.invoke('complaint_sync_state', {}).then((s) => done(s.phone), () => done('error'));
    });
    assertEqual(identity, null, 'no verified phone left in the app');
    await sleep(1_000);
    const needles = [
      Buffer.from('KIOSK-VISITOR-7Q3Z'),
      Buffer.from('KIOSK-VISITOR-7Q3Z', 'utf16le'),
      Buffer.from('85712345678'),
      Buffer.from('85712345678', 'utf16le'),
      Buffer.from(shas[0]),
      Buffer.from(slice),
    ];
    const files = filesUnder(appData);
    assert(files.some((f) => f.endsWith('.sqlite3')), `the SQLite file is there: ${files.join(', ')}`);
    for (const f of files) {
      const bytes = readFileSync(f);
      for (const n of needles) assert(bytes.indexOf(n) < 0, `${path.relative(appData, f)} still holds visitor data`);
    }
    log(`checked ${files.length} files under the app data folder`);
  });
}

const started = Date.now();
let code = 0;
try {
  await main();
} catch (e) {
  run.failed++;
  console.log(`  ✗ setup failed: ${e?.stack ?? e}`);
} finally {
  await closeSession();
  await stopAll();
  await sleep(200);
  if (run.failed === 0) rmSync(tmp, { recursive: true, force: true });
  else log(`kept ${tmp} and logs in ${outDir} for inspection`);
}
log(`screens scanned by axe: ${scanned.join(', ')}`);
log(`finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(run.summary());
if (run.failed > 0 || run.passed === 0) code = 1;
process.exit(code);
