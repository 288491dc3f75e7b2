// The agencies' console in a real browser: the real pati-server binary (embedded
// SQLite, the repository's content packs, demo accounts) driven through Debian's
// Chromium by playwright-core, with an axe-core accessibility scan of every page.
//
//   PATI_SERVER_BIN   the server binary (default: $CARGO_TARGET_DIR/debug/pati-server,
//                     CARGO_TARGET_DIR defaulting to ~/.cache/pati-maju/target)
//   CHROMIUM          the browser (default /usr/bin/chromium)
//
// Screenshots go to docs/screenshots/console-*.png.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { readFileSync, mkdtempSync, rmSync, mkdirSync, createWriteStream } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const targetDir = process.env.CARGO_TARGET_DIR || path.join(os.homedir(), ".cache/pati-maju/target");
const serverBin = process.env.PATI_SERVER_BIN || path.join(targetDir, "debug/pati-server");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const shots = path.join(repo, "docs/screenshots");
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const PASSWORD = "pati-demo-2026";

const pack = (file) => JSON.parse(readFileSync(path.join(repo, "content/pati", file), "utf8"));

let server;
let serverLog;
let dataDir;
let base;
let demoLines = [];
let browser;
/** Every CSP violation or script error seen on any page. */
const pageProblems = [];
/** Pages scanned by axe, for the final check that every console page was. */
const scanned = new Set();

function startServer() {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "pati-console-"));
  serverLog = path.join(dataDir, "server.log");
  const args = ["--listen", "127.0.0.1:0", "--data-dir", dataDir, "--content", path.join(repo, "content"), "--demo"];
  console.log(`# starting ${serverBin} ${args.join(" ")}`);
  server = spawn(serverBin, args, { env: { ...process.env, RUST_LOG: "info" }, stdio: ["ignore", "pipe", "pipe"] });
  server.stderr.pipe(createWriteStream(serverLog));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pati-server did not start in 120 s; see ${serverLog}`)), 120_000);
    server.on("exit", (code) => reject(new Error(`pati-server exited early (${code}); see ${serverLog}`)));
    const lines = createInterface({ input: server.stdout });
    lines.on("line", (line) => {
      const m = line.match(/^listening on (http:\/\/\S+)$/);
      if (m) base = m[1];
      if (/^\s+pati\s+\S+\s+\S+/.test(line)) demoLines.push(line.trim());
      // The demo block ends with Pekalongan's last account.
      if (base && /^\s+pekalongan\s+viewer\b/.test(line)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

before(async () => {
  mkdirSync(shots, { recursive: true });
  await startServer();
  console.log(`# server at ${base}; demo logins: ${demoLines.join(" | ")}`);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function newPage(viewport = { width: 1366, height: 900 }) {
  const context = await browser.newContext({ viewport, locale: "id-ID" });
  const page = await context.newPage();
  page.on("console", (msg) => {
    // A 401/403/404 page is expected in these tests; Chromium logs it as an error.
    const expected = /Failed to load resource: the server responded with a status of (40[134]|422)/.test(msg.text());
    if (msg.type() === "error" && !expected) pageProblems.push(`${page.url()}: ${msg.text()}`);
  });
  page.on("pageerror", (err) => pageProblems.push(`${page.url()}: ${err.message}`));
  return page;
}

/** axe-core on the current page: no serious or critical finding. */
async function scan(page, name) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern
  // (the page itself may load scripts only from /console/static/).
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  });
  const bad = result.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad, [], `axe on ${name} (${page.url()}):\n${JSON.stringify(bad, null, 2)}`);
  const minor = result.filter((v) => !bad.includes(v)).map((v) => `${v.id} (${v.impact})`);
  console.log(`# axe ${name}: no serious/critical findings${minor.length ? `; minor: ${minor.join(", ")}` : ""}`);
  scanned.add(name);
}

async function shot(page, name, fullPage = true) {
  await page.screenshot({ path: path.join(shots, `console-${name}.png`), fullPage });
}

async function login(page, username, password = PASSWORD) {
  await page.goto(`${base}/console/login`);
  await page.selectOption("#jurisdiction", "pati");
  await page.fill("#username", username);
  await page.fill("#password", password);
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
}

/** Pulls the content API from `cursor` to the end, like a device. */
async function pull(cursor = "") {
  const changes = [];
  for (;;) {
    const res = await fetch(`${base}/api/v1/pati/content?cursor=${encodeURIComponent(cursor)}`);
    assert.equal(res.status, 200);
    const page = await res.json();
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.has_more) return { changes, cursor };
  }
}

const statValue = (page, id) => page.locator(`#${id} .stat-value`).innerText().then(Number);

let koordinator;

test("the login page is Indonesian, accessible, and refuses a wrong password with the generic message", async () => {
  assert.ok(demoLines.some((l) => /^pati\s+kominfo\s+koordinator/.test(l)), demoLines.join("\n"));
  assert.ok(demoLines.some((l) => /^pati\s+dishub\s+agency_admin\s+dishub$/.test(l)), demoLines.join("\n"));
  const page = await newPage();
  const res = await page.goto(`${base}/console/`);
  assert.match(page.url(), /\/console\/login\?next=/);
  assert.equal(res.status(), 200);
  assert.equal(await page.getAttribute("html", "lang"), "id");
  assert.equal(await page.locator("h1").innerText(), "Masuk ke Konsol Instansi");
  const csp = res.headers()["content-security-policy"];
  assert.match(csp, /script-src 'self'/);
  await scan(page, "login");
  await shot(page, "login");

  await page.selectOption("#jurisdiction", "pati");
  await page.fill("#username", "kominfo");
  await page.fill("#password", "salah-sandi");
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  const error = await page.locator("[role=alert]").innerText();
  assert.match(error, /Nama pengguna atau kata sandi salah/);
  await scan(page, "login refused");
  await page.fill("#username", "tidak-ada");
  await page.fill("#password", "salah-sandi");
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  assert.equal(await page.locator("[role=alert]").innerText(), error, "same message for an unknown user");
  await page.context().close();
});

test("the koordinator's dashboard shows Pati's published content", async () => {
  koordinator = await newPage();
  await login(koordinator, "kominfo");
  assert.equal(new URL(koordinator.url()).pathname, "/console/");
  assert.equal(await koordinator.locator("h1").innerText(), "Beranda");
  assert.match(await koordinator.locator(".brand-sub").innerText(), /Kabupaten Pati/);
  assert.equal(await statValue(koordinator, "stat-services"), pack("services.json").length);
  assert.equal(await statValue(koordinator, "stat-news"), pack("news.json").length);
  assert.equal(await statValue(koordinator, "stat-agencies"), pack("agencies.json").length);
  assert.equal(await statValue(koordinator, "stat-categories"), pack("service_categories.json").length);
  const areas = pack("areas.json");
  assert.equal(await statValue(koordinator, "stat-kecamatan"), areas.kecamatan.length);
  assert.equal(await statValue(koordinator, "stat-desa"), areas.desa.length);
  const { cursor } = await pull();
  assert.equal(`c1.${await koordinator.locator("#content-version").innerText()}`, cursor, "the version devices sync to");
  assert.match(await koordinator.locator("#my-role").innerText(), /Koordinator/);
  await scan(koordinator, "dashboard");
  await shot(koordinator, "dashboard");
});

test("the koordinator publishes a service through the form and devices get it as a delta", async () => {
  const page = koordinator;
  const { cursor } = await pull();

  await page.click("nav.mainnav >> text=Konten");
  assert.equal(await page.locator("h1").innerText(), "Konten");
  assert.match(await page.locator("caption").innerText(), new RegExp(`^${pack("services.json").length} layanan`));
  await scan(page, "content list (services)");
  await shot(page, "content-list", false);
  await page.fill("#q", "kir");
  await Promise.all([page.waitForNavigation(), page.click("form.search button")]);
  assert.ok((await page.locator("tbody tr").count()) >= 1);
  assert.match(await page.locator("tbody").innerText(), /KIR/);

  await page.goto(`${base}/console/content?kind=news`);
  await scan(page, "content list (news)");
  await page.goto(`${base}/console/content/news/new`);
  await scan(page, "news form");

  await page.goto(`${base}/console/content/service/new`);
  await scan(page, "service form");
  // An empty submission: every problem next to its field, and a summary on top.
  await Promise.all([page.waitForNavigation(), page.click("#publish")]);
  assert.match(await page.locator("#error-summary").innerText(), /Periksa kembali isian berikut/);
  assert.match(await page.locator("#name_id-error").innerText(), /Tidak boleh kosong/);
  assert.match(await page.locator("#steps_id-error").innerText(), /paling sedikit satu langkah/);
  assert.equal(await page.getAttribute("#name_id", "aria-invalid"), "true");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "error-summary", "focus moves to the summary");
  assert.match(await page.locator("#error-summary").innerText(), /Nama layanan — Bahasa Indonesia: Tidak boleh kosong/);
  await scan(page, "service form with errors");
  await shot(page, "form-errors", false);

  // A fresh form, filled in. The ID follows the name (console.js runs under the CSP).
  await page.goto(`${base}/console/content/service/new`);
  await page.fill("#name_id", "Izin Parkir Insidental Acara Warga");
  assert.equal(await page.inputValue("#id"), "izin-parkir-insidental-acara-warga");
  await page.fill("#id", "izin-parkir-insidental");
  await page.fill("#name_en", "Temporary Parking Permit for Community Events");
  await page.selectOption("#category", { index: 1 });
  await page.selectOption("#agency", "dishub");
  await page.fill("#summary_id", "Izin penggunaan ruas jalan untuk parkir sementara saat hajatan atau acara warga.");
  await page.fill("#requirements_id", "Surat permohonan\nFotokopi KTP pemohon\nDenah lokasi acara");
  await page.fill("#steps_id", "Ajukan permohonan ke Dinas Perhubungan paling lambat 7 hari sebelum acara.\nPetugas memeriksa lokasi.\nIzin diterbitkan.");
  await page.fill("#steps_en", "Apply to the Transport Office at least 7 days before the event.\nStaff inspect the site.\nThe permit is issued.");
  await page.fill("#fee_id", "Gratis");
  await page.fill("#duration_id", "3 hari kerja");
  await page.fill("#hours_id", "Senin-Jumat 08.00-15.00");
  await page.fill("#loc0_name_id", "Kantor Dinas Perhubungan Kabupaten Pati");
  // A second location through the "add a row" button.
  await page.click("#b-loc [data-add-row]");
  await page.fill("#loc1_name_id", "Mal Pelayanan Publik Kabupaten Pati");
  await page.fill("#loc1_mpp_counter", "Loket Dishub");
  await page.fill("#keywords", "parkir, hajatan, izin jalan");
  await shot(page, "service-form");
  await Promise.all([page.waitForNavigation(), page.click("#publish")]);

  assert.match(page.url(), /\/console\/content\?kind=service&done=created&item=izin-parkir-insidental/);
  assert.match(await page.locator(".flash").innerText(), /Diterbitkan: izin-parkir-insidental/);
  await scan(page, "content list after publishing");

  const { changes, cursor: after } = await pull(cursor);
  assert.equal(changes.length, 1, JSON.stringify(changes));
  assert.equal(changes[0].kind, "service");
  assert.equal(changes[0].key, "izin-parkir-insidental");
  const s = changes[0].item.data;
  assert.equal(s.agency, "dishub");
  assert.equal(s.steps.length, 3);
  assert.equal(s.steps[2].en, "The permit is issued.");
  assert.deepEqual(s.locations.map((l) => l.name.id), ["Kantor Dinas Perhubungan Kabupaten Pati", "Mal Pelayanan Publik Kabupaten Pati"]);
  assert.equal(s.locations[1].mpp_counter, "Loket Dishub");

  // The dashboard counts it.
  await page.goto(`${base}/console/`);
  assert.equal(await statValue(page, "stat-services"), pack("services.json").length + 1);

  // Edit, then retire: devices get the change, then a tombstone.
  await page.goto(`${base}/console/content/service/izin-parkir-insidental`);
  await scan(page, "service edit form");
  await page.fill("#fee_id", "Gratis, tanpa pungutan");
  await Promise.all([page.waitForNavigation(), page.click("#publish")]);
  assert.match(await page.locator(".flash").innerText(), /Perubahan diterbitkan/);
  await page.goto(`${base}/console/content/service/izin-parkir-insidental/retire`);
  await scan(page, "retire confirmation");
  await Promise.all([page.waitForNavigation(), page.click("#confirm-retire")]);
  assert.match(await page.locator(".flash").innerText(), /Ditarik dari publikasi/);
  const { changes: later } = await pull(after);
  assert.deepEqual(
    later.map((c) => [c.key, c.item === null || c.item === undefined]),
    [["izin-parkir-insidental", true]],
    "the edit was superseded by the tombstone within one pull",
  );
});

test("the audit log shows logins and content changes, read-only", async () => {
  const page = koordinator;
  await page.click("nav.mainnav >> text=Log audit");
  assert.equal(await page.locator("h1").innerText(), "Log audit");
  const actions = await page.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.dataset.action));
  for (const a of ["login.ok", "login.failed", "content.publish", "content.retire"]) {
    assert.ok(actions.includes(a), `${a} in ${actions}`);
  }
  assert.equal(await page.locator("main form").count(), 0, "nothing to change here");
  await scan(page, "audit log");
  await shot(page, "audit", false);
});

test("English by one click, kept by a cookie; then logout", async () => {
  const page = koordinator;
  await page.goto(`${base}/console/`);
  await Promise.all([page.waitForNavigation(), page.click("nav.langs >> text=English")]);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal(await page.locator("h1").innerText(), "Home");
  assert.match(await page.locator("#my-role").innerText(), /Coordinator/);
  await page.goto(`${base}/console/content`);
  assert.equal(await page.locator("h1").innerText(), "Content", "the cookie keeps English");
  await page.goto(`${base}/console/`);
  await scan(page, "dashboard (English)");
  await shot(page, "dashboard-en");

  await Promise.all([page.waitForNavigation(), page.click("form.logout button")]);
  assert.equal(new URL(page.url()).pathname, "/console/login");
  assert.match(await page.locator("[role=status]").innerText(), /You have logged out/);
  const back = await page.goto(`${base}/console/content`);
  assert.equal(new URL(page.url()).pathname, "/console/login", "the session is gone");
  assert.equal(back.status(), 200);
  await page.context().close();
});

test("an agency admin sees the dashboard and is refused content editing", async () => {
  const page = await newPage();
  await login(page, "dishub");
  assert.equal(new URL(page.url()).pathname, "/console/");
  assert.match(await page.locator("#my-agency").innerText(), /Dinas Perhubungan/);
  assert.match(await page.locator("#my-role").innerText(), /Admin instansi/);
  assert.deepEqual(
    await page.locator("nav.mainnav a").evaluateAll((as) => as.map((a) => new URL(a.href).pathname)),
    ["/console/", "/console/complaints", "/console/dashboard"],
    "home, complaints and their dashboard; no content, no audit log",
  );
  await scan(page, "dashboard (agency admin)");
  const res = await page.goto(`${base}/console/content/service/new`);
  assert.equal(res.status(), 403);
  assert.equal(await page.locator("h1").innerText(), "Akses ditolak");
  await scan(page, "403 page");
  await shot(page, "forbidden", false);
  const missing = await page.goto(`${base}/console/tidak-ada`);
  assert.equal(missing.status(), 404);
  await scan(page, "404 page");
  await page.context().close();
});

/** The device HTTP API of Pati, as a resident's app calls it. */
async function api(pathname, { method = "GET", token, body } = {}) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}/api/v1/pati${pathname}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${pathname}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Follows a form's submit button to the page it leads to. */
async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

let complaint; // { id, tracking, token }

test("a complaint filed by a device is verified and routed by the koordinator, answered by the agency admin, and the answer reaches the device", async () => {
  // The resident's device: register, then push a complaint (the app's outbox).
  const clientId = crypto.randomUUID();
  const tokens = await api("/devices", { method: "POST", body: { client_id: clientId, platform: "android", app_version: "1.0.0" } });
  const id = crypto.randomUUID();
  const pushed = await api("/push", {
    method: "POST",
    token: tokens.access_token,
    body: {
      client_id: clientId,
      mutations: [{
        seq: 1,
        name: "complaint.create.v1",
        args: {
          id,
          category: "lampu-pju",
          title: "Lampu jalan padam di depan balai desa Prawoto",
          description: "Sudah seminggu lampu penerangan jalan umum padam, jalan gelap dan rawan di malam hari.",
          location: { lat: -6.75, lon: 111.04, desa: "33.18.01.2001", address: "Jl. Raya Prawoto" },
          photos: [],
          anonymous: false,
        },
      }],
    },
  });
  assert.equal(pushed.results[0].outcome, "applied", JSON.stringify(pushed));
  const tracking = pushed.results[0].tracking_number;
  complaint = { id, tracking, token: tokens.access_token };

  // The koordinator finds it in the inbox, verifies it and routes it to Dishub.
  const page = await newPage();
  await login(page, "kominfo");
  await submit(page, "nav.mainnav >> text=Pengaduan");
  assert.equal(await page.locator("h1").innerText(), "Kotak masuk pengaduan");
  assert.equal(await page.locator(`tr[data-id="${id}"]`).count(), 1);
  await scan(page, "complaint inbox");
  await shot(page, "complaints-inbox", false);
  await page.fill("#f-q", tracking);
  await page.selectOption("#f-status", "received");
  await submit(page, "form.filters button[type=submit]");
  assert.equal(await page.locator("tbody tr").count(), 1, "the search finds exactly it");
  await submit(page, `tr[data-id="${id}"] th a`);
  assert.equal(new URL(page.url()).pathname, `/console/complaints/${id}`);
  assert.equal(await page.locator("#tracking").innerText(), tracking);
  assert.equal(await page.locator("#status").getAttribute("data-status"), "received");
  assert.match(await page.locator("#kecamatan").innerText(), /Sukolilo/);
  assert.match(await page.locator("#desa").innerText(), /Prawoto/);
  await scan(page, "complaint detail (koordinator)");
  await shot(page, "complaint-detail");

  await submit(page, "#form-verify button");
  assert.equal(await page.locator("#status").getAttribute("data-status"), "verified");
  assert.match(await page.locator(".flash").innerText(), /Pengaduan diverifikasi/);
  await page.selectOption("#assign-agency", "dishub");
  await submit(page, "#form-assign button");
  assert.equal(await page.locator("#status").getAttribute("data-status"), "assigned");
  assert.match(await page.locator("#agency").innerText(), /Dishub/);
  await page.context().close();

  // The Dishub admin answers the resident and keeps an internal note.
  const agency = await newPage();
  await login(agency, "dishub");
  await agency.goto(`${base}/console/complaints`);
  assert.equal(await agency.locator(`tr[data-id="${id}"]`).count(), 1);
  await submit(agency, `tr[data-id="${id}"] th a`);
  await scan(agency, "complaint detail (agency admin)");
  assert.equal(await agency.locator("#form-verify").count(), 0, "verifying is the koordinator's");
  await agency.fill("#note-text", "Tim lapangan dijadwalkan hari Kamis.");
  await submit(agency, "#form-note button");
  const answer = "Lampu sudah kami ganti pada hari Kamis. Terima kasih atas laporannya.";
  await agency.fill("#respond-text", answer);
  await submit(agency, "#form-respond button");
  assert.equal(await agency.locator("#status").getAttribute("data-status"), "in_progress");
  assert.match(await agency.locator("#timeline").innerText(), /Lampu sudah kami ganti/);
  await scan(agency, "complaint detail after answering");
  await shot(agency, "complaint-answered");
  await agency.context().close();

  // Another agency's admin cannot even learn that it exists.
  const other = await newPage();
  await login(other, "disdukcapil");
  const res = await other.goto(`${base}/console/complaints/${id}`);
  assert.equal(res.status(), 404);
  await other.context().close();

  // The device pulls its complaints: the answer is in the timeline, the note is not.
  const mine = await api("/complaints/mine", { token: tokens.access_token });
  const c = mine.complaints.find((x) => x.id === id);
  assert.ok(c, JSON.stringify(mine));
  assert.equal(c.status, "in_progress");
  const texts = c.events.map((e) => e.text).filter(Boolean);
  assert.ok(texts.includes(answer), JSON.stringify(c.events));
  assert.ok(!texts.some((t) => /Tim lapangan/.test(t)), "internal notes never reach the device");
});

test("the complaint dashboard shows figures and charts, exports CSV, and is read-only for a viewer", async () => {
  const page = await newPage();
  await login(page, "kominfo");
  await submit(page, "nav.mainnav >> text=Dasbor pengaduan");
  assert.equal(await page.locator("h1").innerText(), "Dasbor pengaduan");
  assert.ok((await statValue(page, "kpi-total")) >= 1);
  assert.equal(await page.locator("svg#chart-over-time").count(), 1);
  assert.equal(await page.locator("svg#chart-category rect.bar").count() >= 1, true);
  await scan(page, "complaint dashboard");
  await shot(page, "complaint-dashboard");
  const href = await page.locator("#csv-link").getAttribute("href");
  const csv = await page.request.get(`${base}${href}`);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()["content-type"], /^text\/csv/);
  const body = await csv.text();
  assert.match(body, /^section,key,label,value/);
  assert.match(body, new RegExp(`summary,total,,${await statValue(page, "kpi-total")}\\r?\\n`));
  await page.context().close();

  const viewer = await newPage();
  await login(viewer, "viewer");
  await viewer.goto(`${base}/console/dashboard?bucket=week`);
  await scan(viewer, "complaint dashboard (viewer, weekly)");
  await viewer.goto(`${base}/console/complaints/${complaint.id}`);
  assert.equal(await viewer.locator("#read-only").count(), 1);
  assert.equal(await viewer.locator("main form[method=post]").count(), 0, "no action forms");
  await scan(viewer, "complaint detail (viewer)");
  await viewer.context().close();
});

test("the koordinator adds a console user on the users page", async () => {
  const page = await newPage();
  await login(page, "kominfo");
  await submit(page, "nav.mainnav >> text=Pengguna");
  assert.equal(new URL(page.url()).pathname, "/console/users");
  assert.equal(await page.locator("h1").innerText(), "Pengguna konsol");
  assert.equal(await page.locator('tr[data-user="kominfo"] form[action$="/disable"]').count(), 0, "no self-disable");
  await scan(page, "users");
  await shot(page, "users", false);
  await page.fill("#add-username", "pemantau2");
  await page.selectOption("#add-role", "viewer");
  await page.fill("#add-password", "kata-sandi-pemantau");
  await submit(page, "#form-add-user button");
  assert.equal(new URL(page.url()).pathname, "/console/users");
  assert.equal(await page.locator('tr[data-user="pemantau2"]').getAttribute("data-state"), "active");
  await page.context().close();
});

test("the koordinator creates an Open311 key, sees it once, and revokes it", async () => {
  const page = await newPage();
  await login(page, "kominfo");
  await submit(page, "nav.mainnav >> text=Kunci Open311");
  assert.equal(new URL(page.url()).pathname, "/console/open311-keys");
  assert.equal(await page.locator("h1").innerText(), "Kunci API Open311");
  await scan(page, "open311 keys");
  await page.fill("#add-key-name", "FixMyStreet Pati");
  await submit(page, "#form-add-key button");
  const secret = await page.locator("#new-key-secret").innerText();
  assert.match(secret, /^pm311_[A-Za-z0-9_-]{43}$/);
  await scan(page, "open311 keys (new key shown once)");
  await shot(page, "open311-keys", false);
  const row = page.locator('tr[data-state="active"]', { hasText: "FixMyStreet Pati" });
  assert.equal(await row.count(), 1);
  // Reloading the list never shows the key again.
  await page.goto(new URL("/console/open311-keys", page.url()).href);
  assert.equal(await page.locator("#new-key-secret").count(), 0);
  assert.ok(!(await page.content()).includes(secret));
  await submit(page, 'tr[data-state="active"] form[action$="/revoke"] button');
  assert.equal(new URL(page.url()).pathname, "/console/open311-keys");
  assert.equal(await page.locator('tr[data-state="revoked"]', { hasText: "FixMyStreet Pati" }).count(), 1);
  await page.context().close();
});

test("a tablet gets the same dashboard with the menu on top", async () => {
  const page = await newPage({ width: 820, height: 1180 });
  await login(page, "viewer");
  const nav = await page.locator("nav.mainnav").boundingBox();
  const main = await page.locator("main").boundingBox();
  assert.ok(nav.y < main.y && nav.width > 700, `menu on top: ${JSON.stringify({ nav, main })}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px)`);
  await scan(page, "dashboard (tablet)");
  await shot(page, "dashboard-tablet");
  await page.context().close();
});

test("no page broke its CSP or threw a script error", () => {
  assert.deepEqual(pageProblems, []);
  console.log(`# pages scanned by axe: ${[...scanned].join("; ")}`);
  assert.ok(scanned.size >= 16, `${scanned.size} pages scanned`);
});
