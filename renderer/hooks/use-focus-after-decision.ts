// A decided card leaves the page; the focus it held must not fall back to the top of the page,
// where a keyboard or screen-reader user would lose their place among the cards. It moves to the
// card that took the decided one's place (or the last one), or to the "nothing waiting" message.
// The card itself takes the focus, not its Deny button: a second Enter must not deny the next order.
import { useEffect, useRef, type RefObject } from 'react';

const CARD = '[data-testid="approval-card"]';

/** Returns `decided(ids, index)`: call it once the person decided those cards, shown from `index` on. */
export function useFocusAfterDecision(page: RefObject<HTMLElement | null>): (ids: readonly string[], index: number) => void {
  const after = useRef<{ ids: readonly string[]; index: number }>(undefined);
  const move = () => {
    const root = page.current;
    const wanted = after.current;
    if (!root || !wanted) return;
    const cards = [...root.querySelectorAll<HTMLElement>(CARD)];
    // The card goes when the core's event arrives, which may come before or after the answer.
    if (cards.some((card) => wanted.ids.includes(card.dataset.id ?? ''))) return;
    after.current = undefined;
    const active = document.activeElement;
    // The person went on somewhere else meanwhile: leave them there.
    if (active instanceof HTMLElement && active !== document.body && active.isConnected) return;
    const target = cards[Math.min(wanted.index, cards.length - 1)] ?? root.querySelector<HTMLElement>('[data-testid="no-pending"]');
    target?.focus();
  };
  useEffect(move);
  return (ids, index) => {
    after.current = { ids, index: Math.max(0, index) };
    move();
  };
}
