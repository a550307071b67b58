// Drives real IDEs through devproxy in Debian's headless Chromium, as a person would: enter through the
// host application (sign in on the demo portal and click Open IDE, or POST the token endpoint from a
// page), then use code-server, noVNC and Jupyter, each at the root of its own origin (host routing:
// http://{id}.localhost:PORT/) or under /__ide/{id}/ (path routing), then lose the cookie.
//
//   node ides.mjs RUN.json
//
// RUN.json (written by BrowserRun) names the entry, the routing, the apps and what to expect of them.
// Prints "[browser] ..." progress lines and one "[result] APP PASS|FAIL SECONDS[: reason]" line per app,
// and exits 0 only if every app passed. Uses /usr/bin/chromium, never a downloaded browser.
import {chromium} from 'playwright-core';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

const run = JSON.parse(readFileSync(process.argv[2], 'utf8'));
mkdirSync(run.screenshotDir, {recursive: true});
const shot = (name) => path.join(run.screenshotDir, `${run.label}-${name}.png`);
const started = Date.now();
const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);
const step = (message) => console.log(`[browser] ${seconds(started)}s ${message}`);
const origin = new URL(run.baseUrl).origin;
// Where an app lives: at the root of its own origin (host routing; Chromium resolves every *.localhost name to
// loopback, so http://{id}.localhost:PORT/ needs no DNS set-up) or of a local entry proxy, else under its tunnel
// on the entry's origin (path routing).
const ownOrigin = run.entry === 'local' || run.routing === 'hosts';
const tunnel = (id) => (ownOrigin ? '/' : `/__ide/${id}/`);
const appOrigin = (id) => (run.routing === 'hosts' && run.entry !== 'local'
  ? `http://${id}.${new URL(run.baseUrl).host}` : origin);

// Whatever happens, never outlive the test that started us.
setTimeout(() => {
  console.error(`[browser] gave up after ${run.timeoutSeconds} s`);
  process.exit(1);
}, run.timeoutSeconds * 1000).unref();

/** A failure that names what a person would have seen. */
class Failed extends Error {}
const check = (condition, message) => {
  if (!condition) throw new Failed(message);
};

// Every page records its WebSockets (URL, negotiated subprotocol, close code) and the notifications
// VS Code shows, so checks can read them after the fact.
const RECORDER = () => {
  // A function, not a subclass: noVNC checks that its socket's prototype owns send(), close(), ...
  const Native = window.WebSocket;
  window.__sockets = [];
  const Recording = function WebSocket(url, protocols) {
    const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    const record = {url: String(url), protocol: null, closeCode: null};
    window.__sockets.push(record);
    socket.addEventListener('open', () => { record.protocol = socket.protocol; });
    socket.addEventListener('close', (e) => { record.closeCode = e.code; });
    return socket;
  };
  Recording.prototype = Native.prototype;
  for (const state of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) Recording[state] = Native[state];
  window.WebSocket = Recording;
  window.__notifications = [];
  const seen = new WeakSet();
  new MutationObserver(() => {
    for (const message of document.querySelectorAll('.notification-list-item-message')) {
      if (!seen.has(message)) {
        seen.add(message);
        window.__notifications.push(message.textContent);
      }
    }
  }).observe(document, {childList: true, subtree: true});
};

const userDataDir = mkdtempSync(path.join(tmpdir(), 'devproxy-e2e-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: {width: 1280, height: 800},
  timeout: 60_000,
});
context.setDefaultTimeout(45_000);
await context.addInitScript(RECORDER);
step(`Chromium ${context.browser()?.version() ?? ''} started (${run.label}, entry: ${run.entry})`);

/** Opens workspace {@code id} the way the host application lets a person: returns the new tab. */
async function openWorkspace(id) {
  if (run.entry === 'portal') {
    const portal = context.pages()[0] ?? await context.newPage();
    if (!portal.url().startsWith(origin)) {
      await portal.goto(run.baseUrl);
      await portal.getByLabel('Your name').fill('ada');
      await portal.getByRole('button', {name: 'Sign in'}).click();
      await portal.getByText('Signed in as ada').waitFor();
      step('signed in to the demo portal as ada');
    }
    await portal.locator(`tr[data-workspace="${id}"] .badge.up`).waitFor();
    const [tab] = await Promise.all([
      context.waitForEvent('page'),
      portal.getByRole('button', {name: `Open IDE for ${id}`}).click(),
    ]);
    return tab;
  }
  const tab = await context.newPage();
  if (run.entry === 'local') {
    // entry "local": the desktop UI opens the local entry proxy's launch URL.
    await tab.goto(run.launchUrl);
    return tab;
  }
  // entry "tokenEndpoint": a page on the host's origin asks for a launch token and follows its URL.
  await tab.goto(run.baseUrl);
  const launch = await tab.evaluate(async (workspace) => {
    const response = await fetch(`/api/dev/${workspace}/ide-token`, {method: 'POST', headers: {Accept: 'application/json'}});
    return {status: response.status, body: await response.json().catch(() => ({}))};
  }, id);
  check(launch.status === 200 && launch.body.url, `POST /api/dev/${id}/ide-token answered ${launch.status}`);
  await tab.goto(new URL(launch.body.url, run.baseUrl).href);
  return tab;
}

/** Waits until the tab is inside the workspace's tunnel, with the launch token gone. */
async function landed(tab, id) {
  await tab.waitForURL((url) => url.origin === appOrigin(id) && url.pathname.startsWith(tunnel(id))
    && !url.pathname.startsWith('/__devproxy/') && !url.searchParams.has('token'));
  const url = new URL(tab.url());
  check(url.origin === appOrigin(id), `the workspace is served on ${appOrigin(id)}, not ${url.origin}`);
  check(!url.searchParams.has('token'), 'the launch token is gone from the address bar');
  step(`${id}: landed on ${url.pathname}${url.search}`);
}

/** Races {@code promise} against {@code alarm}, a promise that rejects as soon as a fatal symptom shows. */
const unless = (alarm, promise) => Promise.race([alarm, promise]);

/** Waits for {@code locator} to show; a timeout names {@code what} a person was waiting to see. */
const shows = (alarm, locator, what) => unless(alarm, locator.waitFor().catch((e) => {
  throw new Failed(`timed out waiting for ${what} (${e.message.split('\n')[0]})`);
}));

// --- code-server (strip mode) ------------------------------------------------------------------------
// What goes wrong when these apps are proxied by hand: the workbench half-loads, WebSocket 1006, "No file system provider found",
// "An unexpected error occurred", a service worker claiming the whole origin.
async function codeServer(app) {
  const FATAL = /\b1006\b|No file system provider found|An unexpected error occurred/i;
  const tab = await openWorkspace(app.id);
  const consoleLines = [];
  let raiseAlarm;
  const alarm = new Promise((_, reject) => { raiseAlarm = reject; });
  alarm.catch(() => { });
  const watch = (text) => {
    consoleLines.push(text);
    if (FATAL.test(text)) raiseAlarm(new Failed(`the page reported: ${text.slice(0, 300)}`));
  };
  tab.on('console', (m) => watch(`console.${m.type()}: ${m.text()}`));
  // Failed requests go into the same record (not the alarm): the failure report then shows what was missing.
  tab.on('requestfailed', (r) => consoleLines.push(`request failed: ${r.url()}`));
  tab.on('response', (r) => { if (r.status() >= 400) consoleLines.push(`HTTP ${r.status()}: ${r.url()}`); });
  tab.on('pageerror', (e) => watch(`page error: ${e.message}`));
  try {
    await landed(tab, app.id);
    await shows(alarm, tab.locator('.monaco-workbench'), 'the workbench');
    step('code-server: the workbench rendered');

    const known = tab.getByRole('treeitem', {name: app.knownFile});
    await shows(alarm, known, `${app.knownFile} in the explorer`);
    step(`code-server: the explorer lists ${app.knownFile}`);
    await known.click();
    await shows(alarm, tab.locator('.monaco-editor .view-lines', {hasText: app.knownContent}), `the content of ${app.knownFile}`);
    step(`code-server: opening ${app.knownFile} shows "${app.knownContent}"`);

    // A terminal: a shell on the container side, over the same WebSocket.
    await tab.keyboard.press('Control+Backquote');
    const terminal = tab.locator('.terminal-wrapper .xterm').first();
    await shows(alarm, terminal, 'a terminal to open');
    await shows(alarm, tab.locator('.xterm-rows', {hasText: /[$#]/}), "the shell's prompt");
    await terminal.click();                        // focus: keys typed too early would go to the editor
    // A fresh code-server's first shell may still be starting when its prompt shows, and drop the first
    // keys (seen here: "(6*7))-..." arrived without "echo devproxy-$"). Type again, at most three times.
    const output = tab.locator('.xterm-rows', {hasText: `devproxy-42-${run.label}`});
    for (let attempt = 1; ; attempt++) {
      await tab.keyboard.type(`echo devproxy-$((6*7))-${run.label}\n`, {delay: 15});
      try {
        await unless(alarm, output.waitFor({timeout: 15_000}));
        break;
      } catch (e) {
        if (e instanceof Failed || attempt === 3) {
          throw e instanceof Failed ? e : new Failed(`timed out waiting for the output of echo in the terminal (${attempt} tries)`);
        }
        step(`code-server: no output from the terminal yet; typing the command again (try ${attempt + 1})`);
        await tab.keyboard.press('Control+C');
      }
    }
    step(`code-server: the terminal ran "echo devproxy-$((6*7))-${run.label}" and showed devproxy-42-${run.label}`);

    // A new file through the explorer, typed into and saved: the file system provider writes.
    await tab.locator('.explorer-folders-view').hover();
    await tab.locator('.pane-header').first().hover();
    await tab.getByRole('button', {name: 'New File...'}).click();
    await tab.keyboard.type(app.newFile);
    await tab.keyboard.press('Enter');
    await shows(alarm, tab.getByRole('treeitem', {name: app.newFile}), `${app.newFile} in the explorer`);
    await shows(alarm, tab.locator('.tab.active', {hasText: app.newFile}), `an editor tab for ${app.newFile}`);
    await tab.locator('.editor-instance .monaco-editor .view-lines').last().click();
    await tab.keyboard.type(app.newFileText);
    await tab.keyboard.press('Control+s');
    const created = path.join(app.folder, app.newFile);
    await unless(alarm, poll(() => existsSync(created) && readFileSync(created, 'utf8') === app.newFileText,
      `${created} to hold "${app.newFileText}"`));
    step(`code-server: created ${app.newFile} in the explorer; the container's disk has what was typed`);

    const notifications = await tab.evaluate(() => window.__notifications);
    check(!notifications.some((n) => /unexpected error/i.test(n)),
      `a notification said: ${notifications.join(' | ')}`);
    const fatal = consoleLines.filter((line) => FATAL.test(line));
    check(fatal.length === 0, `the console said: ${fatal.join(' | ')}`);
    // A 5xx under the tunnel is the proxy failing (or the IDE's server): never acceptable, even if the page coped.
    const serverErrors = consoleLines.filter((l) => /^HTTP 5\d\d/.test(l));
    check(serverErrors.length === 0, `server errors: ${serverErrors.join(' | ')}`);
    // Not failures, but on record: what else the page complained about (code-server's own 404s for vsda, say).
    const complaints = [...new Set(consoleLines.filter((l) => /^(console\.error|HTTP [45]|request failed|page error)/.test(l))
      .map((l) => l.slice(0, 220)))];
    step(`code-server: ${complaints.length} other console complaint(s)${complaints.length ? ':\n    ' + complaints.join('\n    ') : ''}`);

    const scopes = await tab.evaluate(async () =>
      (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope));
    const home = appOrigin(app.id) + tunnel(app.id);
    const outside = scopes.filter((scope) => !scope.startsWith(home));
    check(outside.length === 0, `service workers outside ${home}: ${outside.join(', ')}`);
    // The PWA worker (…/out/browser/serviceWorker.js) asks for the whole origin. On an origin of its own that is
    // the workspace's; on a shared origin or a local entry it must never get it.
    if (run.routing !== 'hosts' || run.entry === 'local') {
      check(!scopes.includes(origin + '/'), `a service worker claims the whole origin: ${scopes.join(', ')}`);
    }
    step(`code-server: ${scopes.length} service worker(s), all inside ${home}: ${scopes.join(', ')}`);

    const sockets = await tab.evaluate(() => window.__sockets);
    check(sockets.some((s) => new URL(s.url).host === new URL(appOrigin(app.id)).host
      && new URL(s.url).pathname.startsWith(tunnel(app.id)) && s.protocol !== null),
      `no WebSocket opened through ${appOrigin(app.id)}${tunnel(app.id)}: ${JSON.stringify(sockets)}`);
    await withCookieReaches(tab, app);
    await tab.screenshot({path: shot('code-server')});
  } catch (e) {
    await tab.screenshot({path: shot('code-server-FAILED')}).catch(() => { });
    const errors = consoleLines.filter((l) => /error|1006|fail/i.test(l)).slice(-8);
    if (errors.length) console.log(`[browser] code-server console, last errors:\n  ${errors.join('\n  ')}`);
    throw e;
  }
}

// --- noVNC over websockify (strip mode; WebSocket path as query parameter; "binary" subprotocol) ---------
async function noVnc(app) {
  const tab = await openWorkspace(app.id);
  try {
    await landed(tab, app.id);
    // What a person bookmarks: noVNC's page, told where its WebSocket lives under the tunnel.
    // On an origin of its own, noVNC's WebSocket path is plain "websockify": no prefix to tell it.
    await tab.goto(`${appOrigin(app.id)}${tunnel(app.id)}vnc.html?autoconnect=1&resize=off&path=${tunnel(app.id).slice(1)}websockify`);
    await tab.locator('#noVNC_status', {hasText: 'Connected'}).waitFor({state: 'attached'});
    const canvas = tab.locator('#noVNC_container canvas');
    await tab.waitForFunction(() => document.querySelector('#noVNC_container canvas')?.width > 0);
    const socket = (await tab.evaluate(() => window.__sockets)).find((s) => s.url.includes('websockify'));
    check(socket, 'noVNC opened no WebSocket');
    check(new URL(socket.url).pathname === `${tunnel(app.id)}websockify`, `noVNC's WebSocket went to ${socket.url}`);
    step(`noVNC: connected through ${new URL(socket.url).pathname}`);

    // noVNC 1.3 (Debian's) offers no subprotocol; older clients and other VNC pages offer "binary", which
    // websockify selects. A socket that offers it must get it back through the tunnel, with the RFB banner.
    const binary = await tab.evaluate((url) => new Promise((resolve) => {
      const ws = new WebSocket(url, ['binary']);
      ws.binaryType = 'arraybuffer';
      ws.onmessage = (e) => { resolve({protocol: ws.protocol, banner: new TextDecoder().decode(e.data).trim()}); ws.close(); };
      ws.onclose = (e) => resolve({protocol: ws.protocol, banner: null, code: e.code});
    }), `ws://${new URL(appOrigin(app.id)).host}${tunnel(app.id)}websockify`);
    check(binary.protocol === 'binary', `a socket offering "binary" negotiated "${binary.protocol}" (close ${binary.code})`);
    check(/^RFB 003\.00\d$/.test(binary.banner ?? ''), `a socket offering "binary" got ${JSON.stringify(binary.banner)}, not an RFB banner`);
    step(`noVNC: a socket offering "binary" got "binary" and the server's banner "${binary.banner}"`);

    // Pointer input: double-click the word in the top-left xterm; xterm selects it (reverse video).
    const region = () => tab.evaluate(() => {
      const c = document.querySelector('#noVNC_container canvas');
      const pixels = c.getContext('2d').getImageData(0, 0, 320, 60).data;
      let hash = 0;
      for (let i = 0; i < pixels.length; i++) hash = (hash * 31 + pixels[i]) >>> 0;
      return hash;
    });
    // The xterm must have drawn (white, on the black root window) before anything is clicked: on a busy
    // machine it can map after noVNC has connected.
    await poll(() => tab.evaluate(() => {
      const pixels = document.querySelector('#noVNC_container canvas').getContext('2d').getImageData(0, 0, 320, 60).data;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i] > 200 && pixels[i + 1] > 200 && pixels[i + 2] > 200) return true;
      return false;
    }), 'the xterm to appear on the desktop');
    // The desktop outlives one run: first a single click on empty terminal space clears an earlier
    // selection, then the screen must hold still before "before" is taken.
    const box = await canvas.boundingBox();
    await tab.mouse.click(box.x + 300, box.y + 250);
    let previous = await region();
    let stillFor = 0;
    await poll(async () => {
      const now = await region();
      stillFor = now === previous ? stillFor + 1 : 0;
      previous = now;
      return stillFor >= 4;                        // unchanged for a second
    }, 'the desktop to hold still');
    const before = await region();
    await tab.screenshot({path: shot('novnc-before-click')});
    // A double-click is two clicks to xterm only if both reach it within its multi-click time; on a busy
    // machine noVNC, the tunnel and x11vnc can stretch them apart, so an unanswered double-click is repeated.
    let clicks = 0;
    let clickedAt = 0;
    await poll(async () => {
      if ((await region()) !== before) return true;
      if (Date.now() - clickedAt > 4_000) {
        await tab.mouse.dblclick(box.x + app.clickX, box.y + app.clickY);
        clicks++;
        clickedAt = Date.now();
      }
      return false;
    }, 'the desktop to change after the double-click');
    if (clicks > 1) step(`noVNC: the double-click took ${clicks} tries`);
    step('noVNC: a double-click on the desktop selected the word in xterm (canvas pixels changed)');
    await withCookieReaches(tab, app);
    await tab.screenshot({path: shot('novnc')});
  } catch (e) {
    await tab.screenshot({path: shot('novnc-FAILED')}).catch(() => { });
    throw e;
  }
}

// --- Jupyter Notebook (base_url=/ on its own origin, /__ide/{id}/ with path routing) ----------------------
async function jupyter(app) {
  const tab = await openWorkspace(app.id);
  try {
    await landed(tab, app.id);
    const link = tab.locator('#notebook_list a', {hasText: app.notebook});
    await link.waitFor();
    step(`Jupyter: the tree page lists ${app.notebook}`);
    await tab.screenshot({path: shot('jupyter-tree')});
    const [notebook] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await notebook.waitForURL((url) => url.pathname === `${tunnel(app.id)}notebooks/${app.notebook}`);
    await notebook.locator('#kernel_indicator_icon.kernel_idle_icon').waitFor({state: 'attached'});
    step('Jupyter: the notebook opened and its kernel is idle');
    await notebook.locator('.cell .CodeMirror').first().click();
    await notebook.keyboard.type('6*7');
    await notebook.keyboard.press('Shift+Enter');
    await notebook.locator('.output_result', {hasText: /^\s*42\s*$/}).waitFor();
    const sockets = await notebook.evaluate(() => window.__sockets);
    const channels = sockets.find((s) => /\/api\/kernels\/[^/]+\/channels/.test(s.url));
    check(channels, `no kernel WebSocket: ${JSON.stringify(sockets)}`);
    check(new URL(channels.url).pathname.startsWith(tunnel(app.id)), `the kernel WebSocket went to ${channels.url}`);
    step(`Jupyter: 6*7 evaluated to 42 over ${new URL(channels.url).pathname}`);
    await withCookieReaches(notebook, app);
    await notebook.screenshot({path: shot('jupyter')});
    await notebook.close();
  } catch (e) {
    for (const page of context.pages()) {
      if (page.url().startsWith(appOrigin(app.id) + tunnel(app.id))) await page.screenshot({path: shot(`jupyter-FAILED-${context.pages().indexOf(page)}`)}).catch(() => { });
    }
    throw e;
  }
}

/** With the cookie, a request for a marker path reaches the app (its own answer, not devproxy's 401). */
async function withCookieReaches(tab, app) {
  const status = await tab.evaluate((p) => fetch(p).then((r) => r.status), `${tunnel(app.id)}${app.markerWithCookie}`);
  check(status !== 401, `with the cookie, ${tunnel(app.id)}${app.markerWithCookie} still got 401`);
}

/** Without devproxy's cookie: devproxy's own 401 page, and (checked by the test) no byte to the app. */
async function withoutCookie(name, app) {
  const tab = await context.newPage();
  try {
    const response = await tab.goto(`${appOrigin(app.id)}${tunnel(app.id)}${app.markerWithoutCookie}`);
    check(response.status() === 401, `without the cookie ${tunnel(app.id)} answered ${response.status()}`);
    await tab.getByRole('heading', {name: 'Sign-in required'}).waitFor({timeout: 5_000});
    await tab.screenshot({path: shot(`${name}-no-cookie-401`)});
    step(`${name}: without the cookie, devproxy's 401 page`);
  } finally {
    await tab.close();
  }
}

/**
 * Host routing: nothing of a workspace lands on the portal's origin. Its cookies there are its own session and
 * devproxy's launch binding only, and no service worker is registered there; each app's cookies stay on its host.
 */
async function portalOriginStaysClean(results) {
  const portal = context.pages().find((p) => p.url().startsWith(origin + '/'));
  const workers = portal ? await portal.evaluate(async () =>
    (await navigator.serviceWorker.getRegistrations()).map((r) => r.scope)) : ['(no portal tab)'];
  const host = new URL(origin).hostname;
  const jar = await context.cookies();
  const onPortal = jar.filter((c) => c.domain === host || c.domain === `.${host}`).map((c) => c.name);
  const foreign = onPortal.filter((name) => !['portal_session', `${run.cookieName}_binding`].includes(name));
  const byHost = [...new Set(jar.map((c) => c.domain))]
    .map((domain) => `${domain}: ${jar.filter((c) => c.domain === domain).map((c) => c.name).join(' ')}`);
  step(`portal origin ${origin}: ${workers.length} service worker(s); cookies ${onPortal.join(', ')}; all cookies by host:\n    ${byHost.join('\n    ')}`);
  if (workers.length > 0 || foreign.length > 0) {
    for (const r of results.filter((r) => r.ok)) {
      Object.assign(r, {ok: false, reason: `on the portal's origin: service workers [${workers.join(', ')}], workspace cookies [${foreign.join(', ')}]`});
    }
  }
}

async function poll(condition, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Failed(`timed out waiting for ${what}`);
}

const CHECKS = {'code-server': codeServer, 'novnc': noVnc, 'jupyter': jupyter};
const results = [];
try {
  for (const [name, app] of Object.entries(run.apps)) {
    const since = Date.now();
    try {
      await CHECKS[name](app);
      results.push({name, ok: true, took: seconds(since)});
    } catch (e) {
      if (!(e instanceof Failed)) console.log(`[browser] ${name}: ${e.stack}`);
      results.push({name, ok: false, took: seconds(since), reason: e.message.split('\n')[0]});
    }
  }
  if (run.entry === 'portal' && run.routing === 'hosts') await portalOriginStaysClean(results);
  // Only now drop devproxy's cookies: the workspaces' own cookies stay, and must not let anyone in.
  await context.clearCookies({name: run.cookieName});
  for (const [name, app] of Object.entries(run.apps)) {
    const result = results.find((r) => r.name === name);
    try {
      await withoutCookie(name, app);
    } catch (e) {
      if (result.ok) Object.assign(result, {ok: false, reason: `without the cookie: ${e.message.split('\n')[0]}`});
    }
  }
} finally {
  await context.close();
  rmSync(userDataDir, {recursive: true, force: true});
}
for (const r of results) {
  console.log(`[result] ${r.name} ${r.ok ? 'PASS' : 'FAIL'} ${r.took}s${r.ok ? '' : ': ' + r.reason}`);
}
console.log(`[browser] done in ${seconds(started)}s`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
