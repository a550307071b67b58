// The pretend shell's client. "pty" is relative to /__ide/terminal/, the app's public path.
'use strict';

const screen = document.getElementById('screen');
const line = document.getElementById('line');
const print = (text) => { screen.textContent += text + '\n'; };

const url = new URL('pty', location.href);
url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
const socket = new WebSocket(url);
socket.addEventListener('open', () => { line.disabled = false; line.focus(); });
socket.addEventListener('message', (event) => { if (event.data) print(event.data); });
socket.addEventListener('close', (event) => {
  line.disabled = true;
  print(`[connection closed: ${event.code}${event.reason ? ' ' + event.reason : ''}]`);
});

document.getElementById('prompt').addEventListener('submit', (event) => {
  event.preventDefault();
  print('$ ' + line.value);
  socket.send(line.value);
  line.value = '';
});
