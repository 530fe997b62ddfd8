// The Telegram Bot API as the phone channel uses it, through grammY (its Api, not its Bot: the
// channel runs its own long-polling loop so it can say when Telegram is unreachable and back off).
// The throttler keeps within Telegram's rate limits; auto-retry waits out a 429 or a 5xx. Nothing
// here ever puts the token into an error: grammY keeps URLs out of its messages, and reasons are
// built from codes, never from the underlying error's text.
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { autoRetry } from '@grammyjs/auto-retry';
import { Api, GrammyError, HttpError } from 'grammy';
import type { Update } from 'grammy/types';
import type { InlineKeyboard } from './phone-text.js';

export type { Update };

export const TELEGRAM_API_ROOT = 'https://api.telegram.org';

/**
 * The pace of one private chat: a request every 250 ms at most. The throttler's default (one a
 * second) put a held order's card seconds behind the receipts of orders just decided, when an agent
 * places a few in a row. Telegram asks for about one message a second in a chat and tolerates short
 * bursts; when it says "retry after N s" (429), auto-retry waits that out. The channel's outbox
 * (outbox.ts) sends cards before receipts, so only one request of ours is ever in here.
 */
const PRIVATE_CHAT_PACE = { maxConcurrent: 1, minTime: 250 };

export interface BotApi {
  getMe(signal?: AbortSignal): Promise<{ id: number; username: string }>;
  /** Long polling: waits up to `timeoutS` for updates after `offset`. */
  getUpdates(offset: number, timeoutS: number, signal: AbortSignal): Promise<Update[]>;
  send(chatId: number, text: string, keyboard?: InlineKeyboard): Promise<{ messageId: number }>;
  edit(chatId: number, messageId: number, text: string, keyboard?: InlineKeyboard): Promise<void>;
  /** Stops the spinner on the phone; `alert` shows the text as a dialog. */
  answer(callbackQueryId: string, text: string, alert?: boolean): Promise<void>;
}

export interface BotApiOptions {
  apiRoot?: string;
  /** Per request, long polls included (default 40 s: a 25 s poll and room to spare). */
  timeoutSeconds?: number;
}

// grammY types its signals with the abort-controller package's class; Node's own works the same at runtime.
type GrammySignal = Parameters<Api['getMe']>[0];
const grammySignal = (signal: AbortSignal | undefined) => signal as unknown as GrammySignal;

export function telegramBotApi(token: string, options: BotApiOptions = {}): BotApi {
  const api = new Api(token, { apiRoot: options.apiRoot ?? TELEGRAM_API_ROOT, timeoutSeconds: options.timeoutSeconds ?? 40 });
  // Only Telegram's own "retry after N s" is waited out here; a network error or a 5xx goes to the
  // channel at once (auto-retry would otherwise retry those forever), which backs off, says it is
  // offline, and sends what could not be sent once Telegram answers again.
  api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, rethrowHttpErrors: true, rethrowInternalServerErrors: true }));
  api.config.use(apiThrottler({ out: PRIVATE_CHAT_PACE }));
  const markup = (keyboard?: InlineKeyboard) => ({ reply_markup: { inline_keyboard: keyboard ?? [] } });
  return {
    async getMe(signal) {
      const me = await api.getMe(grammySignal(signal));
      return { id: me.id, username: me.username };
    },
    getUpdates: (offset, timeoutS, signal) => api.getUpdates({ offset, timeout: timeoutS, allowed_updates: ['message', 'callback_query'] }, grammySignal(signal)),
    async send(chatId, text, keyboard) {
      const sent = await api.sendMessage(chatId, text, keyboard ? markup(keyboard) : {});
      return { messageId: sent.message_id };
    },
    async edit(chatId, messageId, text, keyboard) {
      try {
        await api.editMessageText(chatId, messageId, text, markup(keyboard));
      } catch (error) {
        // Editing into what it already says is no failure.
        if (error instanceof GrammyError && /message is not modified/.test(error.description)) return;
        throw error;
      }
    },
    async answer(callbackQueryId, text, alert = false) {
      await api.answerCallbackQuery(callbackQueryId, { text: text.slice(0, 200), show_alert: alert });
    },
  };
}

/** Why a request failed, in words that never hold the token (nor the URL, which does). */
export function failureReason(error: unknown): string {
  if (error instanceof GrammyError) return `Telegram answered ${error.error_code}: ${error.description.slice(0, 200)}`;
  if (error instanceof HttpError) {
    const cause = error.error as { code?: unknown; type?: unknown; name?: unknown } | undefined;
    const code = typeof cause?.code === 'string' ? cause.code : typeof cause?.type === 'string' ? cause.type : typeof cause?.name === 'string' ? cause.name : 'network error';
    return `cannot reach Telegram (${code})`;
  }
  if (error instanceof Error && error.name === 'AbortError') return 'stopped';
  return 'unexpected error';
}

/** A refusal that retrying will not cure: the token is wrong or revoked, or another program polls this bot. */
export function isPermanent(error: unknown): boolean {
  return error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404);
}
