// The portal's front end: shows the sign-in form or the workspaces, and opens IDEs through devproxy.
'use strict';

const $ = (id) => document.getElementById(id);

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function badge(reachable) {
  const span = document.createElement('span');
  span.className = 'badge ' + (reachable ? 'up' : 'down');
  span.textContent = reachable ? 'reachable' : 'not answering';
  return span;
}

class HttpError extends Error {
  constructor(path, status) {
    super(path + ' answered ' + status);
    this.status = status;
  }
}

async function getJson(path) {
  const response = await fetch(path, {headers: {Accept: 'application/json'}});
  if (!response.ok) throw new HttpError(path, response.status);
  return response.json();
}

function link(url) {
  const a = document.createElement('a');
  a.href = url;
  a.textContent = url;
  return a;
}

// The launch flow: ask for a launch token, open its URL in a new tab. With host routing the URL is
// on the workspace's own origin; either way it works only in this browser (devproxy's binding cookie).
async function openIde(id, button) {
  const error = $('launch-error');
  error.hidden = true;
  button.disabled = true;
  // Open the tab now, while the click still counts as a user gesture, so popup blockers let it through;
  // it is pointed at the bootstrap URL once the token arrives.
  const tab = window.open('about:blank', '_blank');
  try {
    const response = await fetch(`/api/dev/${encodeURIComponent(id)}/ide-token`, {
      method: 'POST',
      headers: {Accept: 'application/json'},
    });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new Error(`devproxy answered ${response.status}${body.message ? ': ' + body.message : ''}`);
    }
    const launch = await response.json();          // {token, url, expiresAt}
    if (!tab) {                                       // a blocker won anyway: fall back to this tab
      window.location.assign(launch.url);
      return;
    }
    tab.opener = null;                                // the workspace gets no handle on the portal
    tab.location.replace(launch.url);
  } catch (e) {
    if (tab) tab.close();
    error.textContent = `Could not open ${id}: ${e.message}`;
    error.hidden = false;
  } finally {
    button.disabled = false;
  }
}

async function showWorkspaces() {
  const {workspaces} = await getJson('/api/workspaces');
  const rows = $('workspace-rows');
  rows.replaceChildren();
  for (const w of workspaces) {
    const tr = document.createElement('tr');
    tr.dataset.workspace = w.id;
    const name = cell(w.title);
    const description = document.createElement('small');
    description.textContent = w.description;
    name.append(description);
    const status = document.createElement('td');
    status.append(badge(w.reachable));
    const action = document.createElement('td');
    const button = document.createElement('button');
    button.textContent = 'Open IDE';
    button.setAttribute('aria-label', `Open IDE for ${w.id}`);
    button.addEventListener('click', () => openIde(w.id, button));
    action.append(button);
    const address = document.createElement('td');
    address.append(link(w.url));
    tr.append(name, address, status, action);
    rows.append(tr);
  }
}

async function showPortal() {
  const session = await getJson('/api/session');
  if (!session.signedIn) {
    $('sign-in').hidden = false;
    return;
  }
  $('who').textContent = `Signed in as ${session.name}`;
  $('sign-out').hidden = false;
  $('workspaces').hidden = false;
  await showWorkspaces();
}

async function showStatus() {
  let list;
  try {
    list = await getJson('/api/workspaces');
  } catch (e) {
    if (!(e instanceof HttpError) || e.status !== 401) throw e;
    $('status-sign-in').hidden = false;
    $('status-rows').replaceChildren();
    return;
  }
  const {workspaces, openSockets} = list;
  const rows = $('status-rows');
  rows.replaceChildren();
  for (const w of workspaces) {
    const tr = document.createElement('tr');
    tr.dataset.workspace = w.id;
    tr.dataset.reachable = String(w.reachable);
    const reachable = document.createElement('td');
    reachable.append(badge(w.reachable));
    const address = document.createElement('td');
    address.append(link(w.url));
    tr.append(cell(w.id), address, cell(w.mode), reachable, cell(w.detail));
    rows.append(tr);
  }
  $('open-sockets').textContent = String(openSockets);
  $('checked-at').textContent = new Date().toLocaleTimeString();
}

if (document.body.dataset.page === 'status') {
  showStatus();
  setInterval(showStatus, 5000);
} else {
  showPortal();
}
