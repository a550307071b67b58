// The attack of issue 23, in Debian's headless Chromium, against the running demo:
//
// 1. The probe. A person signs in to the portal (context "victim"), opens their scratchpad (so the browser holds a
//    session there), then opens the untrusted page evil.html of their workspace "evil". The page tries to act as
//    them outside that workspace (evil.js); this script reads what it got, what the browser's network log saw (the
//    Chrome DevTools Protocol: statuses, which cookies went out and which the browser withheld, and why), the
//    cookie jar, and what the portal and the scratchpad see afterwards.
// 2. The stolen launch link (path routing only, where the page can mint one): opened in another browser.
// 3. Login CSRF: a launch link minted in context "mallory" for "evil", opened in a separate context that is signed
//    in to the portal as the victim; then by mallory herself, which must still work.
//
//   node attack.mjs RUN.json
//
// RUN.json (written by AttackInChromiumTest): {label, portalUrl, routing, victim, evil, screenshotDir}.
// Prints "[attack] ..." progress and one line per step:
//   [step] NAME REACHED|STOPPED {evidence as JSON}
// REACHED means the attack got what it wanted. The test decides what each routing must give. Exits 0 when every
// step was carried out (whatever its outcome), 1 if the run itself broke.
import {chromium} from 'playwright-core';
import {mkdirSync, readFileSync} from 'node:fs';
import path from 'node:path';

const run = JSON.parse(readFileSync(process.argv[2], 'utf8'));
mkdirSync(run.screenshotDir, {recursive: true});
const shot = (name) => path.join(run.screenshotDir, `${run.label}-${name}.png`);
const started = Date.now();
const say = (message) => console.log(`[attack] ${((Date.now() - started) / 1000).toFixed(1)}s ${message}`);
setTimeout(() => {
  console.error('[attack] gave up after 150 s');
  process.exit(1);
}, 150_000).unref();

const portal = new URL(run.portalUrl);
const hosts = run.routing === 'hosts';
// Chromium resolves every *.localhost name to loopback: no DNS set-up.
const workspaceUrl = (id) => new URL(hosts ? `http://${id}.${portal.host}/` : `${portal.origin}/__ide/${id}/`);
const steps = [];
const step = (name, reached, evidence) => {
  steps.push(name);
  console.log(`[step] ${name} ${reached ? 'REACHED' : 'STOPPED'} ${JSON.stringify(evidence)}`);
};

/** Whether the browser would send cookie {@code c} (as Playwright lists it) to {@code url} (RFC 6265 §5.4). */
function sentTo(c, url) {
  const host = url.hostname;
  const domainOk = c.domain.startsWith('.') ? host === c.domain.slice(1) || host.endsWith(c.domain) : host === c.domain;
  const pathOk = url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`);
  return domainOk && pathOk;
}
const planted = (c) => c.name.startsWith('planted_') || c.value.startsWith('planted-');
const describe = (c) => `${c.name}=${c.value} (${c.domain}${c.path})`;

/** Records what the browser's network stack did for every request of {@code page}, by the request's probe step. */
async function networkLog(context, page) {
  const cdp = await context.newCDPSession(page);
  const byId = new Map();
  const entry = (id) => byId.get(id) ?? byId.set(id, {}).get(id);
  const header = (headers, name) => Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];
  cdp.on('Network.requestWillBeSent', (e) => Object.assign(entry(e.requestId), {url: e.request.url}));
  cdp.on('Network.webSocketCreated', (e) => Object.assign(entry(e.requestId), {url: e.url}));
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => Object.assign(entry(e.requestId), {
    sent: e.associatedCookies.filter((c) => c.blockedReasons.length === 0).map((c) => c.cookie.name),
    withheld: e.associatedCookies.filter((c) => c.blockedReasons.length > 0)
      .map((c) => `${c.cookie.name} (${c.blockedReasons.join(', ')})`),
    secFetchSite: header(e.headers, 'sec-fetch-site'),
  }));
  cdp.on('Network.responseReceivedExtraInfo', (e) => Object.assign(entry(e.requestId), {
    status: e.statusCode,
    setCookie: header(e.headers, 'set-cookie')?.split('\n'),
    refusedSetCookie: (e.blockedCookies ?? []).map((c) => `${c.cookie?.name ?? c.cookieLine} (${c.blockedReasons.join(', ')})`),
  }));
  cdp.on('Network.responseReceived', (e) => { entry(e.requestId).status ??= e.response.status; });
  cdp.on('Network.loadingFailed', (e) => Object.assign(entry(e.requestId), {
    failed: e.corsErrorStatus ? `CORS: ${e.corsErrorStatus.corsError}` : e.errorText}));
  cdp.on('Network.webSocketHandshakeResponseReceived', (e) => Object.assign(entry(e.requestId), {status: e.response.status}));
  cdp.on('Network.webSocketFrameError', (e) => Object.assign(entry(e.requestId), {failed: e.errorMessage}));
  await cdp.send('Network.enable');
  return (probe) => {
    const seen = [...byId.values()].filter((r) => {
      try {
        return new URL(r.url).searchParams.get('probe') === probe;
      } catch {
        return false;
      }
    });
    return seen.at(-1) ?? {};
  };
}

async function signIn(context, name) {
  const page = await context.newPage();
  await page.goto(run.portalUrl);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', {name: 'Sign in'}).click();
  await page.getByText(`Signed in as ${name}`).waitFor();
  return page;
}

/** Clicks Open IDE for {@code id} on {@code portalPage} and waits for the tab to land inside the workspace. */
async function openIde(context, portalPage, id) {
  const [tab] = await Promise.all([
    context.waitForEvent('page'),
    portalPage.getByRole('button', {name: `Open IDE for ${id}`}).click(),
  ]);
  const root = workspaceUrl(id).href;
  await tab.waitForURL((url) => url.href.startsWith(root) && !url.pathname.startsWith('/__devproxy/')
    && !url.searchParams.has('token'));
  await tab.waitForLoadState();
  return tab;
}

async function probe(browser) {
  const victim = await browser.newContext({viewport: {width: 1100, height: 900}});
  const portalPage = await signIn(victim, 'ada');
  const scratchpad = await openIde(victim, portalPage, run.victim);
  await scratchpad.waitForFunction(() => document.getElementById('ws-state')?.textContent === 'connected');
  say(`victim signed in as ada, holds a session on ${workspaceUrl(run.victim).href}`);

  const evil = await openIde(victim, portalPage, run.evil);
  const log = await networkLog(victim, evil);
  const victimRoot = workspaceUrl(run.victim);
  const page = new URL('evil.html', workspaceUrl(run.evil));
  const socket = new URL('ws', victimRoot);
  socket.protocol = 'ws:';
  page.search = new URLSearchParams({app: portal.origin, victim: victimRoot.href, victimSocket: socket.href,
    victimId: run.victim, appHost: portal.hostname, victimHost: victimRoot.hostname, routing: run.routing}).toString();
  await evil.goto(page.href);
  await evil.waitForFunction(() => document.body.dataset.done === 'true', null, {timeout: 30_000});
  await evil.screenshot({path: shot('evil-page'), fullPage: true});
  const results = await evil.evaluate(() => window.__results);
  const stolen = await evil.evaluate(() => window.__stolenLaunch);
  const byPage = Object.fromEntries(results.map((r) => [r.step, r]));
  say(`evil.html ran at ${page.origin}${page.pathname}`);

  for (const name of ['read-session', 'mint-token', 'fetch-victim', 'websocket-victim']) {
    step(name, byPage[name].reached === true, {page: byPage[name].detail, ...log(name)});
  }
  const csrf = log('csrf-victim');
  // devproxy refuses with 401/403 before the workspace; anything else is the scratchpad's own answer (405 to POST).
  step('csrf-victim', csrf.status !== undefined && csrf.status !== 401 && csrf.status !== 403, csrf);

  // The cookies: where they would be sent, and what the portal and the scratchpad see now.
  const jar = await victim.cookies();
  const portalApi = new URL('/api/session', portal);
  const victimPage = new URL('pad/', victimRoot);
  const portalSees = await portalPage.evaluate(async () => (await fetch('/api/session')).text());
  const reload = await scratchpad.goto(victimPage.href);
  const scratchpadSees = await scratchpad.locator('#cookies').textContent().catch(() => '(no page)');
  await scratchpad.screenshot({path: shot('victim-after-attack')});
  const atPortal = jar.filter((c) => planted(c) && sentTo(c, portalApi)).map(describe);
  const atVictim = jar.filter((c) => planted(c) && sentTo(c, victimPage)).map(describe);
  const byScript = (c) => c.name.startsWith('planted_js') || c.value === 'planted-by-evil';
  step('plant-cookie-app', atPortal.some((c) => !c.includes('planted_http') && !c.includes('planted-http'))
    || !portalSees.includes('"name":"ada"'), {page: byPage['plant-cookie-app'].detail,
    sentToPortal: atPortal, portalSees});
  step('plant-cookie-sibling', jar.some((c) => planted(c) && byScript(c) && sentTo(c, victimPage))
    || reload.status() !== 200, {page: byPage['plant-cookie-sibling'].detail, sentToVictim: atVictim,
    victimStatus: reload.status(), victimUpstreamGot: scratchpadSees});
  const byHttp = jar.filter((c) => c.name.startsWith('planted_http') || c.value === 'planted-http');
  step('plant-cookie-http', byHttp.some((c) => sentTo(c, portalApi) || sentTo(c, victimPage)),
    {...log('plant-cookie-http'), landed: byHttp.map(describe)});

  if (stolen) {
    // The last move: the link the page minted, used from the attacker's machine.
    const elsewhere = await browser.newContext();
    const tab = await elsewhere.newPage();
    const response = await tab.goto(new URL(stolen, portal).href);
    const landed = new URL(tab.url());
    await tab.screenshot({path: shot('stolen-link-elsewhere')});
    step('stolen-link-elsewhere', response.status() === 200 && landed.href.startsWith(victimRoot.href),
      {status: response.status(), at: `${landed.origin}${landed.pathname}`});
    await elsewhere.close();
  }
  await victim.close();
}

async function loginCsrf(browser) {
  const mallory = await browser.newContext();
  const malloryPortal = await signIn(mallory, 'mallory');
  const minted = await malloryPortal.evaluate(async (id) => {
    const response = await fetch(`/api/dev/${id}/ide-token`, {method: 'POST', headers: {Accept: 'application/json'}});
    return {status: response.status, url: (await response.json()).url};
  }, run.evil);
  if (!minted.url) throw new Error(`mallory could not mint a launch for ${run.evil}: ${minted.status}`);
  const link = new URL(minted.url, portal).href;
  say(`mallory minted a launch link for ${run.evil} in her own browser`);

  // The victim's browser: signed in to the portal as ada, with a launch binding and a session of its own.
  const victim = await browser.newContext();
  const victimPortal = await signIn(victim, 'ada');
  await openIde(victim, victimPortal, run.victim);
  const tab = await victim.newPage();
  const response = await tab.goto(link);
  const shown = await tab.locator('h1').textContent().catch(() => '(no heading)');
  const finalUrl = new URL(tab.url());
  await tab.screenshot({path: shot('login-csrf-victim')});
  const evilRoot = workspaceUrl(run.evil);
  const jar = await victim.cookies();
  const sessions = jar.filter((c) => c.name === 'devproxy_session' && sentTo(c, evilRoot)).map(describe);
  const direct = await tab.goto(evilRoot.href);
  const ours = jar.filter((c) => c.name.startsWith('devproxy_')).map((c) => `${c.name} (${c.domain}${c.path})`);

  // The same link in mallory's own browser still works: it was refused, not spent.
  const own = await mallory.newPage();
  const ownResponse = await own.goto(link);
  const ownAt = new URL(own.url());
  await own.screenshot({path: shot('login-csrf-own-browser')});
  step('login-csrf', response.status() !== 401 || sessions.length > 0 || direct.status() !== 401, {
    status: response.status(), heading: shown, at: `${finalUrl.origin}${finalUrl.pathname}`,
    sessionForEvil: sessions, evilDirectly: direct.status(), devproxyCookies: ours,
    ownBrowser: `${ownResponse.status()} at ${ownAt.origin}${ownAt.pathname}`,
    ownBrowserLanded: ownResponse.status() === 200 && ownAt.href.startsWith(evilRoot.href)});
  await mallory.close();
  await victim.close();
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  timeout: 60_000,
});
let ok = false;
try {
  say(`Chromium ${browser.version()}; ${run.label}: portal ${portal.origin}, routing ${run.routing}`);
  await probe(browser);
  await loginCsrf(browser);
  ok = true;
} catch (e) {
  console.log(`[attack] the run broke: ${e.stack}`);
} finally {
  await browser.close();
}
say(`done: ${steps.join(', ')}`);
process.exit(ok ? 0 : 1);
