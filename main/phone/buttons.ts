// What a button under a phone message carries (Telegram's callback_data, at most 64 bytes): the
// verb, the approval id and the first characters of the arguments' hash, so a tap decides only the
// call the message showed, and a message about other arguments cannot be made to decide this one.
export type CardVerb = 'approve' | 'deny' | 'deny-pause' | 'on-computer';

const CODES: Record<CardVerb, string> = { approve: 'a', deny: 'd', 'deny-pause': 'p', 'on-computer': 'c' };
const VERBS = new Map(Object.entries(CODES).map(([verb, code]) => [code, verb as CardVerb]));

/** Hex characters of the argument hash a button keeps: 40 bits, enough to tell two calls apart. */
export const HASH_CHARS = 10;

export type ButtonData = { kind: 'card'; verb: CardVerb; id: string; hash: string } | { kind: 'resume'; nonce: string };

export function cardButton(verb: CardVerb, id: string, argsHash: string): string {
  return `${CODES[verb]}:${id}:${argsHash.slice(0, HASH_CHARS)}`;
}

export function resumeButton(nonce: string): string {
  return `r:${nonce}`;
}

/** undefined for anything this gateway did not write (an old bot's buttons, a forged query). */
export function parseButton(data: string | undefined): ButtonData | undefined {
  if (data === undefined || data.length > 64) return undefined;
  const resume = /^r:([A-Za-z0-9]{8,32})$/.exec(data);
  if (resume) return { kind: 'resume', nonce: resume[1]! };
  const card = /^([a-z]):([A-Za-z0-9-]{1,40}):([0-9a-f]{10})$/.exec(data);
  const verb = card && VERBS.get(card[1]!);
  return card && verb ? { kind: 'card', verb, id: card[2]!, hash: card[3]! } : undefined;
}

/** The button was made for exactly these arguments. */
export function sameArguments(hash: string, argsHash: string): boolean {
  return argsHash.slice(0, HASH_CHARS) === hash;
}
