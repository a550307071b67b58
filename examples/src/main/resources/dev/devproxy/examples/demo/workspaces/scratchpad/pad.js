// The scratchpad's client: relative URLs only, as browser IDEs use, so the page works under any prefix.
'use strict';

const $ = (id) => document.getElementById(id);
const mark = (id, state) => { $(id).className = state; };

$('where').textContent = location.pathname;
mark('check-js', 'ok');
mark('check-css', getComputedStyle(document.documentElement).getPropertyValue('--pad-stylesheet').trim() === 'loaded'
  ? 'ok' : 'bad');
mark('check-redirect', location.pathname.endsWith('/pad/') && !location.search.includes('token') ? 'ok' : 'bad');

const pad = $('pad');
let me = null;
let seq = 0;
const sentAt = new Map();
let roundTrips = 0;

// "../ws" from /__ide/scratchpad/pad/ is /__ide/scratchpad/ws; the app itself sees /ws.
const url = new URL('../ws', location.href);
url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
const socket = new WebSocket(url);

socket.addEventListener('open', () => {
  $('ws-state').textContent = 'connected';
});

socket.addEventListener('message', (event) => {
  const message = JSON.parse(event.data);
  if (message.type === 'hello') {
    me = message.you;
    return;
  }
  if (message.by !== me || message.seq === seq) {
    // Someone else's edit, a join or leave, or our latest edit: show the shared text.
    if (pad.value !== message.text) pad.value = message.text;
  }
  if (message.by === me && sentAt.has(message.seq)) {
    const millis = performance.now() - sentAt.get(message.seq);
    sentAt.delete(message.seq);
    roundTrips++;
    document.body.dataset.roundTrips = String(roundTrips);
    $('round-trip').textContent = `${millis.toFixed(1)} ms (edit #${message.seq} came back as revision ${message.rev})`;
    mark('check-ws', 'ok');
  }
  document.body.dataset.rev = String(message.rev);
  // Editable only once the shared text is here: a keystroke before it would be overwritten by it (a test typing
  // right after "connected" saw its text appended to the old one).
  pad.disabled = false;
  $('pad-status').textContent =
    `revision ${message.rev} · ${message.editors} ${message.editors === 1 ? 'editor' : 'editors'} connected`;
});

socket.addEventListener('close', (event) => {
  pad.disabled = true;
  $('ws-state').textContent = `closed ${event.code}${event.reason ? ' (' + event.reason + ')' : ''}`;
  $('pad-status').textContent = event.code === 4401
    ? 'Your session ended: open the workspace again from the portal.'
    : 'Disconnected.';
  if (roundTrips === 0) mark('check-ws', 'bad');
});

pad.addEventListener('input', () => {
  seq++;
  sentAt.set(seq, performance.now());
  socket.send(`${seq}\n${pad.value}`);
});
