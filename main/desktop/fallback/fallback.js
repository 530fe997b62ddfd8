// The minimal page shown until the React UI is built: status and waiting approvals, read through
// window.gate and written with textContent only (the headlines come from agents).
/* global window, document */
const gate = window.gate;

async function draw() {
  const status = await gate.status({});
  document.getElementById('status').textContent =
    `Trading ${status.paused ? 'paused' : 'active'} · upstream ${status.upstream.state} · ${status.pending} waiting · agents connect to ${status.endpoint}`;
  const list = document.getElementById('pending');
  list.replaceChildren();
  for (const pending of await gate.pending({})) {
    const item = document.createElement('li');
    item.textContent = `${pending.summary.headline} (${pending.id})`;
    list.append(item);
  }
}

gate.onEvent(() => void draw());
void draw();
