// Process and HTTP helpers for the desktop end-to-end test: free ports, a real
// pati-server, tauri-driver, and a tiny test runner that prints what ran.

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { remote } from 'webdriverio';

export { sleep };

export function log(msg) {
  console.log(`[desktop-e2e] ${msg}`);
}

/** A TCP port that was free on the loopback interface a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const children = new Set();

/** Spawns a child in its own process group, logging its output to `logFile`. */
export function start(name, cmd, args, { env = process.env, logFile, onLine } = {}) {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const out = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
  for (const stream of [child.stdout, child.stderr]) {
    const rl = readline.createInterface({ input: stream });
    rl.on('line', (line) => {
      out?.write(`${line}\n`);
      onLine?.(line);
    });
  }
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      children.delete(handle);
      out?.end();
      resolve({ code, signal });
    });
    child.on('error', (e) => {
      children.delete(handle);
      out?.write(`spawn error: ${e.message}\n`);
      resolve({ code: -1, signal: null, error: e });
    });
  });
  const handle = {
    name,
    child,
    exited,
    async stop(timeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      killGroup(child.pid, 'SIGTERM');
      const done = await Promise.race([exited, sleep(timeoutMs).then(() => null)]);
      if (done) return done;
      killGroup(child.pid, 'SIGKILL');
      return exited;
    },
  };
  children.add(handle);
  return handle;
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/** Stops every child still running (process groups, so grandchildren too). */
export async function stopAll() {
  await Promise.all([...children].map((c) => c.stop(5_000)));
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const c of children) killGroup(c.child.pid, 'SIGKILL');
    process.exit(130);
  });
}

/** Starts pati-server and resolves once it prints its `listening on` line. */
export async function startServer({ bin, port, dataDir, contentDir, logFile, demo = false, args = [] }) {
  let resolveUrl;
  const ready = new Promise((r) => (resolveUrl = r));
  const server = start(
    'pati-server',
    bin,
    // --demo: console accounts (kominfo / pati-demo-2026) to answer as the agency.
    ['--listen', `127.0.0.1:${port}`, '--data-dir', dataDir, '--content', contentDir, ...(demo ? ['--demo'] : []), ...args],
    {
      logFile,
      onLine: (line) => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (m) resolveUrl(m[1]);
      },
    },
  );
  const url = await Promise.race([
    ready,
    server.exited.then((e) => {
      throw new Error(`pati-server exited before listening (code ${e.code}); see ${logFile}`);
    }),
    sleep(60_000).then(() => {
      throw new Error(`pati-server did not print "listening on" within 60 s; see ${logFile}`);
    }),
  ]);
  return { ...server, url };
}

/** Polls `url` until it answers 2xx. */
export async function waitForHttp(url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      if (r.ok) return r;
      last = new Error(`HTTP ${r.status}`);
    } catch (e) {
      last = e;
    }
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms: ${last?.message ?? ''}`);
}

/** Pulls the whole content of a jurisdiction the way a device does, following cursors. */
export async function pullContent(serverUrl, jurisdiction) {
  const items = new Map();
  let cursor = null;
  for (let page = 0; page < 1000; page++) {
    const q = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    const r = await fetch(`${serverUrl}/api/v1/${jurisdiction}/content${q}`);
    if (!r.ok) throw new Error(`content pull: HTTP ${r.status}`);
    const body = await r.json();
    for (const ch of body.changes) {
      const key = `${ch.kind}/${ch.key}`;
      if (ch.item) items.set(key, ch.item.data);
      else items.delete(key);
    }
    cursor = body.cursor;
    if (!body.has_more) break;
  }
  const of = (kind) =>
    [...items.entries()].filter(([k]) => k.startsWith(`${kind}/`)).map(([, v]) => v);
  return {
    jurisdiction: of('jurisdiction')[0],
    services: of('service'),
    news: of('news'),
    categories: of('service_category'),
  };
}

/** A minimal runner: named steps, timings, and the closing `N passed, M failed` line. */
export class Runner {
  constructor(suite) {
    this.suite = suite;
    this.passed = 0;
    this.failed = 0;
  }

  async test(name, fn) {
    const t0 = Date.now();
    try {
      await fn();
      this.passed++;
      console.log(`  ✓ ${name} (${Date.now() - t0} ms)`);
      return true;
    } catch (e) {
      this.failed++;
      console.log(`  ✗ ${name} (${Date.now() - t0} ms)`);
      console.log(`    ${String(e?.stack ?? e).split('\n').slice(0, 6).join('\n    ')}`);
      return false;
    }
  }

  summary() {
    return `${this.suite}: ${this.passed} passed, ${this.failed} failed`;
  }
}

export function assert(cond, msg) {
  if (!cond) throw new Error(`assertion failed: ${msg}`);
}

export function assertEqual(actual, expected, msg) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${msg}\n      expected: ${e}\n      actual:   ${a}`);
}

/** Password of pati-server's `--demo` console accounts (public by design). */
export const DEMO_PASSWORD = 'pati-demo-2026';

function cookiesOf(res) {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]);
}

function hiddenCsrf(html) {
  const m = /name="_csrf" value="([^"]*)"/.exec(html);
  if (!m) throw new Error('no _csrf field');
  return m[1];
}

/**
 * An agency/Diskominfo console user of the admin JSON API, signed in through the
 * console's login form like a browser (session cookie + CSRF header), as
 * tests/e2e/src/lib.rs `Staff` does.
 */
export async function staffLogin(serverUrl, jurisdiction, username, password = DEMO_PASSWORD) {
  const page = await fetch(`${serverUrl}/console/login`);
  const jar = cookiesOf(page);
  const csrf = hiddenCsrf(await page.text());
  const res = await fetch(`${serverUrl}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar.join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, jurisdiction, username, password }).toString(),
  });
  if (res.status !== 303) throw new Error(`console login refused: ${res.status}`);
  const session = [...jar, ...cookiesOf(res)].reverse().find((c) => c.startsWith('pati_session='));
  if (!session) throw new Error('no session cookie');
  const home = await fetch(`${serverUrl}/console/`, { headers: { cookie: session } });
  const token = hiddenCsrf(await home.text());
  const base = `${serverUrl}/api/v1/${jurisdiction}/admin/complaints`;
  return {
    async get(p) {
      const r = await fetch(`${base}${p}`, { headers: { cookie: session } });
      const body = await r.json();
      if (!r.ok) throw new Error(`GET ${p}: ${r.status} ${JSON.stringify(body)}`);
      return body;
    },
    async act(id, action) {
      const r = await fetch(`${base}/${id}/actions`, {
        method: 'POST',
        headers: { cookie: session, 'x-csrf-token': token, 'content-type': 'application/json' },
        body: JSON.stringify(action),
      });
      const text = await r.text();
      if (!r.ok) throw new Error(`action ${JSON.stringify(action)} on ${id}: ${r.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
  };
}

/**
 * A stand-in for the SMS gateway on loopback: pati-server's OTP webhook posts each
 * one-time code here (docs/OPERATIONS.md), the test reads it like a resident reads
 * the SMS.
 */
export async function startSmsGateway() {
  const messages = [];
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      try {
        messages.push({ auth: req.headers.authorization ?? null, ...JSON.parse(body) });
        res.writeHead(200).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${srv.address().port}/sms`,
    messages,
    /** The newest code sent to `to`, waiting for it up to `timeoutMs`. */
    async codeFor(to, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const m = messages.filter((x) => x.to === to).pop();
        if (m) return m.code;
        await sleep(100);
      }
      throw new Error(`no SMS to ${to} within ${timeoutMs} ms`);
    },
    close: () => new Promise((resolve) => srv.close(resolve)),
  };
}

/** Another resident's device, speaking the device API directly (register, push). */
export async function residentDevice(serverUrl, jurisdiction) {
  const api = `${serverUrl}/api/v1/${jurisdiction}`;
  const r = await fetch(`${api}/devices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: randomUUID(), platform: 'android', app_version: '1.0.0' }),
  });
  if (r.status !== 201) throw new Error(`device registration: ${r.status}`);
  const tokens = await r.json();
  let seq = 0;
  return {
    /** Files a complaint (`complaint.create.v1`) and returns its id once applied. */
    async create(args) {
      const id = randomUUID();
      seq += 1;
      const res = await fetch(`${api}/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.access_token}` },
        body: JSON.stringify({
          client_id: tokens.client_id,
          mutations: [{ seq, name: 'complaint.create.v1', args: { id, ...args }, client_time: Date.now() }],
        }),
      });
      const body = await res.json();
      if (!res.ok || body.results?.[0]?.outcome !== 'applied') {
        throw new Error(`push: ${res.status} ${JSON.stringify(body)}`);
      }
      return id;
    },
  };
}

/** A WebDriver session on a new app process, through tauri-driver on `port`. */
export function appSession(port, application, args = []) {
  return remote({
    hostname: '127.0.0.1',
    port,
    logLevel: 'error',
    connectionRetryTimeout: 120_000,
    connectionRetryCount: 0,
    capabilities: {
      browserName: 'wry',
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application, args },
    },
  });
}
