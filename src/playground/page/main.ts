/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The playground page: a small Slack-like client over the stand-in's conversation. It renders the
// state the server sends (re-fetched on every Server-Sent Event) and turns clicks, submissions and
// typed commands into calls to the page API, which signs them for the bot.
import type { ChatMessage, OpenView, Snapshot } from '../conversation.ts';
import { type BlockContext, renderBlocks } from './blocks.ts';
import { messageHtml } from './messages.ts';
import { escapeHtml as esc, textObject } from './mrkdwn.ts';
import { attachedFiles, collectValues, inputKey } from './values.ts';

type State = Snapshot & { now: string };
type Json = Record<string, unknown>;
type Pane = 'channel' | 'dm' | 'home';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const ui = {
  me: new URLSearchParams(location.search).get('as') ?? localStorage.getItem('playground-me') ?? 'U0LENA',
  pane: 'channel' as Pane,
  thread: null as string | null,
  state: null as State | null,
  modalKey: '',
};

async function api<T = Json>(path: string, body?: unknown): Promise<T> {
  const init =
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(path, init);
  const json = (await res.json()) as T & { ok?: boolean; error?: string };
  if (!res.ok || json.ok === false) throw new Error(json.error ?? `HTTP ${res.status}`);
  return json;
}

function toast(text: string): void {
  const el = $('toast');
  el.textContent = text;
  el.classList.add('show');
  setTimeout(() => el.classList.remove('show'), 4000);
}

const act = (promise: Promise<unknown>) =>
  promise.catch((err: unknown) => toast(String((err as Error).message ?? err)));

function context(state: State, errors?: Record<string, string>): BlockContext {
  const me = state.people.find((p) => p.id === state.me);
  return {
    userName: (id) => state.people.find((p) => p.id === id)?.realName,
    channelName: (id) => state.channels.find((c) => c.id === id)?.name,
    groupHandle: (id) => state.usergroups.find((g) => g.id === id)?.handle,
    timeZone: me?.tz ?? 'UTC',
    now: new Date(state.now),
    people: state.people.filter((p) => p.id !== 'UBOT'),
    channels: state.channels,
    ...(errors ? { errors } : {}),
  };
}

const channelId = (state: State) => (ui.pane === 'dm' ? `D${state.me.slice(1)}` : (state.channels[0]?.id ?? ''));

function renderSidebar(state: State): void {
  const people = state.people.filter((p) => p.id !== 'UBOT');
  const item = (pane: Pane, label: string) =>
    `<button type="button" class="item${ui.pane === pane ? ' active' : ''}" data-pane="${pane}">${label}</button>`;
  const timeZone = people.find((p) => p.id === state.me)?.tz ?? 'UTC';
  const clock = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(state.now));
  $('sidebar').innerHTML = `<h1>Acme</h1><div class="sub">migrate-bot playground</div>
    <label for="person">You are</label><select id="person" data-testid="person">${people
      .map(
        (p) =>
          `<option value="${esc(p.id)}"${p.id === state.me ? ' selected' : ''}>${esc(p.realName)} — ${esc(p.title)}</option>`,
      )
      .join('')}</select>
    <div class="group">Channels</div>${state.channels.map((c) => item('channel', `# ${esc(c.name)}`)).join('')}
    <div class="group">Apps</div>${item('home', '⇄ migrate-bot · Home')}${item('dm', '⇄ migrate-bot · Messages')}
    <div class="group">Bot clock</div><div class="clock" data-testid="clock">${esc(clock)} <small>(${esc(timeZone)})</small></div>
    <div class="travel"><button type="button" data-jump="digest">Next digest</button><button type="button" data-jump="48h">+48 h</button><button type="button" data-jump="monday">Next Monday</button><button type="button" data-jump="health">Next health check</button></div>
    <div class="spacer"></div><div class="note">A local stand-in for Slack on this machine only. Requests reach the bot signed, as Slack's do.</div>`;
}

function renderMessages(state: State): void {
  const ctx = context(state);
  const channel = channelId(state);
  const here = state.messages.filter((m) => m.channel === channel);
  const replies = (ts: string) => here.filter((m) => m.threadTs === ts && m.ts !== ts).length;
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  list.innerHTML =
    here
      .filter((m) => !m.threadTs || m.threadTs === m.ts)
      .map((m) => messageHtml(m, ctx, replies(m.ts)))
      .join('') ||
    '<div class="msg"><div class="msg-body only-you">Nothing here yet. Try <code>/migrate help</code> or <code>/migrate assess</code>.</div></div>';
  if (atBottom) {
    list.scrollTop = list.scrollHeight;
    // Pictures grow the list as they load; keep the newest message in view.
    for (const img of list.querySelectorAll('img'))
      img.addEventListener('load', () => (list.scrollTop = list.scrollHeight));
  }
  const thread = $('thread');
  const parent = ui.thread ? here.find((m) => m.ts === ui.thread) : undefined;
  thread.classList.toggle('open', Boolean(parent));
  if (!parent) return;
  const items: ChatMessage[] = [parent, ...here.filter((m) => m.threadTs === parent.ts && m.ts !== parent.ts)];
  thread.innerHTML = `<header class="thread-head">Thread <button type="button" class="btn" data-close-thread>✕</button></header><div class="list">${items
    .map((m) => messageHtml(m, ctx, null))
    .join('')}</div>`;
  const replyList = thread.querySelector('.list');
  // As in Slack, an open thread shows its newest reply.
  if (replyList) replyList.scrollTop = replyList.scrollHeight;
}

function renderHome(state: State): void {
  const home = $('home');
  home.innerHTML = state.home
    ? `<div data-view-id="VHOME${esc(state.me)}">${renderBlocks(state.home.blocks, context(state))}</div>`
    : '<p class="only-you">Opening the Home tab…</p>';
}

function renderModal(state: State): void {
  const top: OpenView | undefined = state.views.at(-1);
  const refused = state.refusedView;
  const key = JSON.stringify([top, refused]);
  if (key === ui.modalKey) return;
  ui.modalKey = key;
  const root = $('modal-root');
  if (refused) {
    root.innerHTML = `<div class="overlay"><div class="modal"><header class="modal-head">Modal not opened</header><div class="body"><div class="refusal" data-testid="refusal"><b>Slack refused ${esc(refused.method)}: <code>${esc(refused.error)}</code></b><ul>${refused.problems
      .map((p) => `<li>${esc(p)}</li>`)
      .join(
        '',
      )}</ul></div></div><footer><button type="button" class="btn" data-dismiss>Dismiss</button></footer></div></div>`;
    return;
  }
  if (!top) {
    root.innerHTML = '';
    return;
  }
  const v = top.view;
  const general = top.errors[''] ? `<div class="error">${esc(top.errors[''])}</div>` : '';
  const submit = v.submit
    ? `<button type="submit" class="btn primary">${textObject(v.submit, context(state))}</button>`
    : '';
  root.innerHTML = `<div class="overlay"><form class="modal" data-view-id="${esc(top.id)}" data-testid="modal"><header class="modal-head"><span>${textObject(v.title, context(state))}</span><button type="button" class="close-x" data-close-view aria-label="Close">✕</button></header><div class="body">${general}${renderBlocks(v.blocks, context(state, top.errors))}</div><footer><button type="button" class="btn" data-close-view>${v.close ? textObject(v.close, context(state)) : 'Cancel'}</button>${submit}</footer></form></div>`;
}

function render(): void {
  const state = ui.state;
  if (!state) return;
  renderSidebar(state);
  const channel = state.channels[0];
  $('title').textContent = ui.pane === 'channel' ? `# ${channel?.name ?? ''}` : 'migrate-bot';
  $('tabs').innerHTML =
    ui.pane === 'channel'
      ? ''
      : `<button type="button" class="tab${ui.pane === 'home' ? ' active' : ''}" data-pane="home">Home</button><button type="button" class="tab${ui.pane === 'dm' ? ' active' : ''}" data-pane="dm">Messages</button>`;
  $('messages').hidden = ui.pane === 'home';
  $('composer').hidden = ui.pane === 'home';
  $('home').hidden = ui.pane !== 'home';
  (document.getElementById('message-box') as HTMLInputElement).placeholder =
    ui.pane === 'channel'
      ? `Message #${channel?.name ?? ''} — try /migrate help`
      : 'Message migrate-bot — try /migrate help';
  if (ui.pane === 'home') renderHome(state);
  else renderMessages(state);
  renderModal(state);
}

async function refresh(): Promise<void> {
  ui.state = await api<State>(`/api/state?user=${encodeURIComponent(ui.me)}`);
  render();
}

/** Slack's confirm dialog: resolves true on the confirm button. */
function confirmDialog(confirm: Json, ctx: BlockContext): Promise<boolean> {
  const root = $('dialog-root');
  root.innerHTML = `<div class="overlay"><div class="dialog" role="dialog" data-testid="confirm"><h2>${textObject(confirm.title, ctx)}</h2><div>${textObject(confirm.text, ctx)}</div><div class="buttons"><button type="button" class="btn" data-answer="no">${textObject(confirm.deny, ctx) || 'Cancel'}</button><button type="button" class="btn ${confirm.style === 'danger' ? 'danger' : 'primary'}" data-answer="yes">${textObject(confirm.confirm, ctx) || 'Yes'}</button></div></div></div>`;
  return new Promise((resolve) => {
    root.querySelectorAll<HTMLButtonElement>('[data-answer]').forEach((b) => {
      b.addEventListener('click', () => {
        root.innerHTML = '';
        resolve(b.dataset.answer === 'yes');
      });
    });
  });
}

async function runAction(el: HTMLElement, action: Json): Promise<void> {
  const state = ui.state;
  if (!state) return;
  if (el.dataset.confirm && !(await confirmDialog(JSON.parse(el.dataset.confirm) as Json, context(state)))) return;
  if (el.dataset.url) window.open(el.dataset.url, '_blank', 'noopener');
  const viewEl = el.closest<HTMLElement>('[data-view-id]');
  const msgEl = el.closest<HTMLElement>('[data-ts]');
  if (viewEl?.dataset.viewId) {
    const viewId = viewEl.dataset.viewId;
    await api('/api/action', { user: ui.me, viewId, values: collectValues(viewEl, viewId), action });
  } else if (msgEl) {
    await api('/api/action', { user: ui.me, channel: msgEl.dataset.channel, ts: msgEl.dataset.ts, action });
  }
}

function setPane(pane: Pane): void {
  ui.pane = pane;
  ui.thread = null;
  render();
  if (pane === 'home') void act(api('/api/home', { user: ui.me }));
}

document.addEventListener('click', (e) => {
  const target = e.target as HTMLElement;
  const button = target.closest<HTMLElement>('button');
  if (!button) return;
  if (button.dataset.pane) return setPane(button.dataset.pane as Pane);
  if (button.dataset.jump) return void act(api('/api/time', { jump: button.dataset.jump }).then(refresh));
  if (button.dataset.openThread) {
    ui.thread = button.dataset.openThread;
    return render();
  }
  if (button.hasAttribute('data-close-thread')) {
    ui.thread = null;
    return render();
  }
  if (button.hasAttribute('data-dismiss')) return void act(api('/api/dismiss', { user: ui.me }));
  if (button.hasAttribute('data-close-view')) {
    const form = button.closest<HTMLElement>('[data-view-id]');
    const viewId = form?.dataset.viewId ?? '';
    return void act(api('/api/close', { user: ui.me, viewId, values: form ? collectValues(form, viewId) : {} }));
  }
  if (button.dataset.action) void act(runAction(button, JSON.parse(button.dataset.action) as Json));
});

document.addEventListener('change', (e) => {
  const el = e.target as HTMLElement;
  if (el.id === 'person') {
    ui.me = (el as HTMLSelectElement).value;
    localStorage.setItem('playground-me', ui.me);
    ui.modalKey = '';
    return void act(refresh().then(() => (ui.pane === 'home' ? api('/api/home', { user: ui.me }) : undefined)));
  }
  if (el instanceof HTMLSelectElement && el.dataset.action && el.value) {
    const options = JSON.parse(el.dataset.options ?? '[]') as Json[];
    const action = {
      ...(JSON.parse(el.dataset.action) as Json),
      selected_option: options.find((o) => o.value === el.value),
    };
    return void act(runAction(el, action));
  }
  if (el instanceof HTMLInputElement && el.type === 'file' && el.files?.[0]) {
    const file = el.files[0];
    const viewId = el.closest<HTMLElement>('[data-view-id]')?.dataset.viewId ?? '';
    void act(
      file.text().then(async (content) => {
        const uploaded = await api('/api/upload', { user: ui.me, name: file.name, content });
        attachedFiles.set(inputKey(viewId, el), uploaded);
        const hint = el.parentElement?.querySelector('.file-hint');
        if (hint) hint.textContent = `Attached: ${file.name}`;
      }),
    );
  }
});

document.addEventListener('submit', (e) => {
  e.preventDefault();
  const form = e.target as HTMLFormElement;
  if (form.id === 'composer') {
    const box = $<HTMLInputElement>('message-box');
    const text = box.value.trim();
    if (!text) return;
    if (!text.startsWith('/')) return toast('The playground runs slash commands: try /migrate help');
    box.value = '';
    const channel = ui.state ? channelId(ui.state) : '';
    return void act(api('/api/command', { user: ui.me, channel, text }));
  }
  const viewId = form.dataset.viewId;
  if (viewId) void act(api('/api/submit', { user: ui.me, viewId, values: collectValues(form, viewId) }));
});

new EventSource('/api/events').onmessage = () => void act(refresh());
