// Drives the devproxy demo in Debian's headless Chromium, as a person would: sign in to the portal, click
// Open IDE, use each workspace on its own origin (http://{id}.localhost:PORT/, host routing, the demo's
// default), check that no workspace cookie or service worker landed on the portal's origin, lose the cookie.
//
//   node open-ide.mjs http://localhost:8000/ ../../../target/browser
//
// Run by DemoInChromiumTest (mvn -B verify). Prints one "[browser] ..." line per step and exits 0 only
// if every check held. Uses /usr/bin/chromium (apt-get install chromium), never a downloaded browser.
import {chromium} from 'playwright-core';
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

const [portalUrl, screenshotDir] = process.argv.slice(2);
if (!portalUrl || !screenshotDir) {
  console.error('usage: node open-ide.mjs PORTAL_URL SCREENSHOT_DIR');
  process.exit(2);
}
mkdirSync(screenshotDir, {recursive: true});
const shot = (name) => path.join(screenshotDir, name);
const started = Date.now();
const step = (message) => console.log(`[browser] ${((Date.now() - started) / 1000).toFixed(1)}s ${message}`);

// Whatever happens, never outlive the test that started us.
const deadline = setTimeout(() => {
  console.error('[browser] gave up after 120 s');
  process.exit(1);
}, 120_000);
deadline.unref();

const userDataDir = mkdtempSync(path.join(tmpdir(), 'devproxy-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: {width: 1100, height: 760},
  timeout: 60_000,
});
context.setDefaultTimeout(20_000);

// Chromium resolves every *.localhost name to loopback: each workspace's origin needs no DNS set-up.
const portalOrigin = new URL(portalUrl).origin;
const workspaceOrigin = (id) => `http://${id}.${new URL(portalUrl).host}`;
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const atRootOf = (id, path = '') => new RegExp(`^${escape(workspaceOrigin(id))}/${escape(path)}$`);

const valueIs = (page, selector, text) =>
  page.waitForFunction(([s, t]) => document.querySelector(s)?.value === t, [selector, text]);

try {
  step(`Chromium ${context.browser()?.version() ?? ''} started`);
  const portal = context.pages()[0] ?? await context.newPage();
  await portal.goto(portalUrl);
  await portal.getByLabel('Your name').fill('ada');
  await portal.getByRole('button', {name: 'Sign in'}).click();
  await portal.getByText('Signed in as ada').waitFor();
  await portal.locator('tr[data-workspace="scratchpad"] .badge.up').waitFor();
  await portal.screenshot({path: shot('01-portal-signed-in.png')});
  step('signed in to the portal as ada; workspaces listed');

  // Open IDE: token endpoint, then the bootstrap URL in a new tab, then the tunnel.
  const [ide] = await Promise.all([
    context.waitForEvent('page'),
    portal.getByRole('button', {name: 'Open IDE for scratchpad'}).click(),
  ]);
  await ide.waitForURL(atRootOf('scratchpad', 'pad/'));
  const ideUrl = new URL(ide.url());
  assert.equal(ideUrl.origin, workspaceOrigin('scratchpad'), 'the workspace is served on an origin of its own');
  assert.notEqual(ideUrl.origin, portalOrigin);
  assert.equal(ideUrl.search, '', 'the token is gone from the address bar');
  step(`new tab landed on ${ideUrl.href} with no token in the address bar`);

  for (const check of ['check-css', 'check-js', 'check-redirect', 'check-cookie']) {
    await ide.locator(`#${check}.ok`).waitFor();
  }
  const cookies = await ide.locator('#cookies').textContent();
  assert.equal(cookies, '(none)', 'first visit: no cookie of devproxy or the portal reached the workspace');
  step('stylesheet, script, redirect and the workspace cookie all went through the tunnel');

  await ide.waitForFunction(() => document.getElementById('ws-state').textContent === 'connected');
  await ide.locator('#pad').fill('hello from chromium');
  await ide.waitForFunction(() => Number(document.body.dataset.roundTrips ?? 0) >= 1);
  const roundTrip = await ide.locator('#round-trip').textContent();
  step(`WebSocket round trip through the tunnel: ${roundTrip}`);

  // A second tab on the same workspace: edits travel both ways between the two sockets.
  const second = await context.newPage();
  await second.goto(ide.url());
  try {
    await valueIs(second, '#pad', 'hello from chromium');
  } catch (e) {
    // Say what both pages know: which side has which text, and whether the sockets are up.
    const state = (page) => page.evaluate(() => ({
      ws: document.getElementById('ws-state')?.textContent, status: document.getElementById('pad-status')?.textContent,
      rev: document.body.dataset.rev ?? null, pad: document.getElementById('pad')?.value,
    }));
    step(`the second tab did not get the shared text; second tab ${JSON.stringify(await state(second))}; `
      + `first tab ${JSON.stringify(await state(ide))}`);
    throw e;
  }
  assert.equal(await second.locator('#visits').textContent(), '2', 'the workspace cookie came back');
  assert.equal(await second.locator('#cookies').textContent(), 'pad_visits', 'only the workspace cookie reached it');
  await second.waitForFunction(() => document.getElementById('ws-state').textContent === 'connected');
  await second.locator('#pad').fill('hello back from tab two');
  await valueIs(ide, '#pad', 'hello back from tab two');
  step('a second tab saw the edit, and its own edit reached the first tab');
  await ide.screenshot({path: shot('02-workspace-through-tunnel.png')});

  // Preserve mode: the pretend shell is told its public path, as Jupyter is.
  const [terminal] = await Promise.all([
    context.waitForEvent('page'),
    portal.getByRole('button', {name: 'Open IDE for terminal'}).click(),
  ]);
  await terminal.waitForURL(atRootOf('terminal'));
  await terminal.waitForFunction(() => !document.getElementById('line').disabled);
  await terminal.locator('#line').fill('echo preserved');
  await terminal.locator('#line').press('Enter');
  await terminal.waitForFunction(() => document.getElementById('screen').textContent.includes('\npreserved\n'));
  assert.ok((await terminal.locator('#screen').textContent()).includes('reached the workspace at /pty'),
    'the terminal was told its public path: the root of its own origin');
  await terminal.screenshot({path: shot('03-terminal-preserve-mode.png')});
  step('terminal workspace (preserve mode) answered over its WebSocket');
  await terminal.close();

  // A workspace whose container is down: devproxy's own page, with no internal address on it.
  const [stopped] = await Promise.all([
    context.waitForEvent('page'),
    portal.getByRole('button', {name: 'Open IDE for stopped'}).click(),
  ]);
  await stopped.waitForURL(atRootOf('stopped'));
  await stopped.getByRole('heading', {name: 'Workspace unreachable'}).waitFor();
  assert.ok(!(await stopped.content()).includes('127.0.0.1'), 'the 502 page names no upstream address');
  await stopped.screenshot({path: shot('04-stopped-workspace-502.png')});
  step('stopped workspace: devproxy\'s "Workspace unreachable" page');
  await stopped.close();

  await portal.goto(new URL('/status', portalUrl).href);
  await portal.locator('tr[data-workspace="stopped"][data-reachable="false"]').waitFor();
  await portal.locator('tr[data-workspace="scratchpad"][data-reachable="true"]').waitFor();
  await portal.screenshot({path: shot('05-status-page.png')});
  step('status page: scratchpad reachable, stopped not answering');

  // Each workspace's cookies live on its own host; the portal's origin holds only its own session and devproxy's
  // launch binding, and no workspace registered a service worker there.
  const jar = await context.cookies();
  const onPortal = jar.filter((c) => c.domain === 'localhost').map((c) => c.name).sort();
  assert.deepEqual(onPortal, ['devproxy_session_binding', 'portal_session'], 'cookies on the portal\'s host');
  for (const id of ['scratchpad', 'terminal', 'stopped']) {
    const session = jar.find((c) => c.name === 'devproxy_session' && c.domain === `${id}.localhost`);
    assert.ok(session && session.httpOnly && session.path === '/', `a host-only session cookie for ${id}`);
  }
  assert.deepEqual(jar.filter((c) => c.name === 'pad_visits').map((c) => c.domain), ['scratchpad.localhost'],
    'the scratchpad\'s own cookie stays on its host');
  const portalWorkers = await portal.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
  assert.equal(portalWorkers, 0, 'no service worker on the portal\'s origin');
  step(`cookies by host: portal ${onPortal.join(', ')}; each workspace its own devproxy_session; no service worker on the portal`);

  // Without devproxy's cookie the workspace answers with devproxy's 401 page.
  await context.clearCookies({name: 'devproxy_session'});
  const refused = await ide.reload();
  assert.equal(refused.status(), 401, 'no cookie, no tunnel');
  await ide.getByRole('heading', {name: 'Sign-in required'}).waitFor();
  await ide.screenshot({path: shot('06-cookie-removed-401.png')});
  step('with the cookie removed, a reload got devproxy\'s 401 page');

  console.log(`[browser] PASSED in ${((Date.now() - started) / 1000).toFixed(1)}s`);
} finally {
  await context.close();
  rmSync(userDataDir, {recursive: true, force: true});
}
