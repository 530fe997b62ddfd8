// The paired Telegram chat drawn as a phone shows it (issue 25), for the README's screenshot and for
// an end-to-end test that reads it as a person would: a private chat with the bot, about 390×844 CSS
// px, its header with the bot's name, the person's messages on the right, the bot's on the left with
// their inline keyboards under them. One page may hold several screens (the same chat at different
// moments) side by side. The page is self-contained (inline CSS, no script, a CSP that allows
// nothing else) and every message text is plain text: escaped, shown with its line breaks.

export interface ChatButton {
  text: string;
}

export interface ChatItem {
  from: 'person' | 'bot';
  /** Plain text, as Telegram shows a message sent without parse_mode. */
  text: string;
  /** Inline keyboard rows under a bot message, as the message has them at this moment. */
  keyboard?: ChatButton[][];
  /** When it was sent (Date.now()), for the time in the bubble. */
  at: number;
  /** Edited since it was sent: Telegram writes "edited" before the time. */
  edited?: boolean;
}

export interface ChatScreen {
  /** A line above the phone saying which moment it shows; none for a lone screen. */
  caption?: string;
  /** Oldest first; the chat is scrolled to the bottom as the app keeps it. */
  items: ChatItem[];
  /** The phone's status-bar clock (Date.now()); the last item's time when not given. */
  clock?: number;
}

export interface ChatPage {
  /** The bot's display name (its first_name), shown in the header. */
  botName: string;
  screens: ChatScreen[];
}

export const SCREEN_WIDTH = 390;
export const SCREEN_HEIGHT = 844;
const GAP = 32;
const MARGIN = 24;
const CAPTION_HEIGHT = 28;

/** Text for HTML, in element content or in a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** HH:MM in the machine's time zone, as the phone next to it would show it. */
function clock(at: number): string {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return (words.length > 1 ? words[0]![0]! + words[1]![0]! : (words[0] ?? '?').slice(0, 2)).toUpperCase();
}

/** The size of the whole page: the screens side by side with their captions. */
export function pageSize(page: ChatPage): { width: number; height: number } {
  const captions = page.screens.some((s) => s.caption !== undefined);
  const n = page.screens.length;
  return { width: MARGIN * 2 + n * SCREEN_WIDTH + (n - 1) * GAP, height: MARGIN * 2 + SCREEN_HEIGHT + (captions ? CAPTION_HEIGHT : 0) };
}

const TICKS = '<svg class="ticks" viewBox="0 0 18 10" aria-hidden="true"><path d="M1 5.5l3 3L11 1.5M7 8.5L14 1.5" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/></svg>';
const BACK = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M15 5l-7 7 7 7" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/></svg>';
const DOTS = '<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="5" r="2" fill="currentColor"/><circle cx="12" cy="12" r="2" fill="currentColor"/><circle cx="12" cy="19" r="2" fill="currentColor"/></svg>';
const MIC = '<svg viewBox="0 0 24 24" aria-hidden="true"><rect x="9" y="3" width="6" height="11" rx="3" fill="currentColor"/><path d="M6 11a6 6 0 0 0 12 0M12 17v4" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>';
const CLIP = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M16.5 7.5l-7.8 7.8a2 2 0 0 0 2.8 2.8l8.1-8.1a4 4 0 0 0-5.7-5.7L5.6 12.6a6 6 0 0 0 8.5 8.5l6.4-6.4" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round"/></svg>';

function renderItem(item: ChatItem): string {
  const meta = `<span class="meta">${item.edited ? 'edited ' : ''}${clock(item.at)}${item.from === 'person' ? TICKS : ''}</span>`;
  const bubble = `<div class="bubble" data-testid="bubble" data-from="${item.from}"><div class="text" data-testid="message-text">${escapeHtml(item.text)}</div>${meta}</div>`;
  const rows = item.keyboard?.filter((row) => row.length > 0) ?? [];
  const keyboard =
    rows.length === 0
      ? ''
      : `<div class="keyboard" data-testid="keyboard">${rows
          .map((row) => `<div class="row">${row.map((b) => `<button type="button">${escapeHtml(b.text)}</button>`).join('')}</div>`)
          .join('')}</div>`;
  return `<div class="message ${item.from}" data-testid="message">${bubble}${keyboard}</div>`;
}

function renderScreen(page: ChatPage, screen: ChatScreen, index: number): string {
  const last = screen.items.at(-1);
  const time = clock(screen.clock ?? last?.at ?? Date.now());
  const day = screen.items[0] ? new Date(screen.items[0].at).toLocaleDateString('en-GB', { day: 'numeric', month: 'long' }) : '';
  return `<figure class="screen-wrap">
${screen.caption !== undefined ? `<figcaption>${escapeHtml(screen.caption)}</figcaption>` : ''}
<section class="screen" data-testid="screen" data-screen="${index}" aria-label="${escapeHtml(`Telegram chat with ${page.botName}${screen.caption ? `: ${screen.caption}` : ''}`)}">
  <div class="status-bar"><span>${time}</span><span class="status-icons"><span></span><span></span><span></span><span class="battery"></span></span></div>
  <header class="chat-header">
    <span class="icon">${BACK}</span>
    <span class="avatar">${escapeHtml(initials(page.botName))}</span>
    <span class="title"><span class="name" data-testid="bot-name">${escapeHtml(page.botName)}</span><span class="sub">bot</span></span>
    <span class="icon">${DOTS}</span>
  </header>
  <main class="chat"><div class="scroll">
    ${day ? `<div class="day"><span>${escapeHtml(day)}</span></div>` : ''}
    ${screen.items.map(renderItem).join('\n    ')}
  </div></main>
  <footer class="composer"><span class="icon">${CLIP}</span><span class="field">Message</span><span class="icon">${MIC}</span></footer>
</section>
</figure>`;
}

export function renderChatPage(page: ChatPage): string {
  const { width, height } = pageSize(page);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=${width}">
<title>${escapeHtml(`${page.botName} — Telegram`)}</title>
<style>
  * { box-sizing: border-box; }
  html, body { margin: 0; }
  body { width: ${width}px; min-height: ${height}px; padding: ${MARGIN}px; display: flex; gap: ${GAP}px; align-items: flex-end; background: #e9edf1;
    font: 15px/1.35 Roboto, "Noto Sans", "Open Sans", "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; color: #000; }
  figure { margin: 0; display: flex; flex-direction: column; gap: 8px; }
  figcaption { height: ${CAPTION_HEIGHT - 8}px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; font-size: 14px; font-weight: 600; color: #4a5866; text-align: center; }
  .screen { position: relative; width: ${SCREEN_WIDTH}px; height: ${SCREEN_HEIGHT}px; display: flex; flex-direction: column; overflow: hidden;
    border-radius: 28px; box-shadow: 0 0 0 1px #c5cdd6, 0 8px 24px rgba(20, 40, 60, .18); background: #fff; }
  .status-bar { height: 32px; flex: none; display: flex; justify-content: space-between; align-items: center; padding: 0 22px;
    background: #1f4e79; color: #fff; font-size: 13px; font-weight: 600; }
  .status-icons { display: flex; gap: 3px; align-items: flex-end; }
  .status-icons span { display: block; width: 3px; background: #fff; border-radius: 1px; }
  .status-icons span:nth-child(1) { height: 5px; } .status-icons span:nth-child(2) { height: 8px; } .status-icons span:nth-child(3) { height: 11px; }
  .status-icons .battery { width: 22px; height: 11px; margin-left: 6px; border: 1.5px solid #fff; border-radius: 3px; background: linear-gradient(90deg, #fff 70%, transparent 70%); }
  .chat-header { height: 56px; flex: none; display: flex; align-items: center; gap: 12px; padding: 0 10px; background: #1f4e79; color: #fff;
    box-shadow: 0 1px 3px rgba(0, 0, 0, .25); z-index: 1; }
  .icon { width: 26px; height: 26px; flex: none; display: inline-flex; color: inherit; }
  .icon svg { width: 100%; height: 100%; }
  .avatar { width: 40px; height: 40px; flex: none; border-radius: 50%; display: inline-flex; align-items: center; justify-content: center;
    background: linear-gradient(#6fb4e8, #3d86c6); font-weight: 700; font-size: 15px; letter-spacing: .5px; }
  .title { flex: 1; display: flex; flex-direction: column; min-width: 0; }
  .name { font-weight: 600; font-size: 17px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .sub { font-size: 13px; color: #b9d3ea; }
  .chat { flex: 1; min-height: 0; position: relative; overflow: hidden;
    background: radial-gradient(circle at 20% 15%, #d9e6c4 0, transparent 45%), radial-gradient(circle at 85% 70%, #c8dcb4 0, transparent 50%), #cfe0bb; }
  /* Scrolled to the newest message, as the app keeps an open chat: older ones leave at the top. */
  .scroll { position: absolute; left: 0; right: 0; bottom: 0; display: flex; flex-direction: column; gap: 6px; padding: 8px 8px 10px; }
  .day { align-self: center; margin: 4px 0; }
  .day span { display: inline-block; padding: 3px 10px; border-radius: 12px; background: rgba(70, 90, 60, .35); color: #fff; font-size: 13px; font-weight: 500; }
  .message { display: flex; flex-direction: column; max-width: 88%; }
  .message.person { align-self: flex-end; align-items: flex-end; }
  .message.bot { align-self: flex-start; }
  .bubble { position: relative; padding: 6px 9px 7px 10px; border-radius: 14px; box-shadow: 0 1px 1px rgba(0, 0, 0, .13); }
  .bot .bubble { background: #fff; border-bottom-left-radius: 4px; }
  .person .bubble { background: #e1fec6; border-bottom-right-radius: 4px; }
  .text { white-space: pre-wrap; overflow-wrap: anywhere; }
  /* The time sits at the bubble's bottom right, after the last line, as in the app. */
  .meta { float: right; margin: 4px 0 -3px 10px; font-size: 12px; line-height: 15px; color: #8a9aa8; display: inline-flex; align-items: center; gap: 2px; }
  .person .meta { color: #5eaf5a; }
  .ticks { width: 17px; height: 10px; }
  .bubble::after { content: ""; display: block; clear: both; }
  .keyboard { display: flex; flex-direction: column; gap: 4px; margin-top: 4px; }
  .row { display: flex; gap: 4px; }
  .row button { flex: 1; min-width: 0; min-height: 38px; padding: 6px 8px; border: 0; border-radius: 10px; background: rgba(40, 70, 45, .42);
    color: #fff; font: inherit; font-size: 14px; font-weight: 600; line-height: 1.2; }
  .composer { height: 54px; flex: none; display: flex; align-items: center; gap: 10px; padding: 0 12px; background: #fff; color: #8a96a3; border-top: 1px solid #e3e7eb; }
  .field { flex: 1; font-size: 16px; color: #a0aab4; }
</style>
</head>
<body>
${page.screens.map((screen, i) => renderScreen(page, screen, i)).join('\n')}
</body>
</html>
`;
}
