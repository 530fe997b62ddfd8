// Figures as people read them on every surface, the core's words and the window alike: "4 980 USD",
// "0.05 XBT", "1.087", "12 400 calls". Digits are grouped by U+202F, a thin space that never breaks a
// number across lines. By hand rather than toLocaleString, which costs microseconds a call: every
// capped order is put into words while it is judged. Pure and runtime-neutral, for both sides.

/** `n` with at most `digits` decimals, trailing zeros dropped, thousands grouped by thin no-break spaces. */
function figure(n: number, digits: number): string {
  const fixed = n.toFixed(digits);
  const dot = fixed.indexOf('.');
  const whole = dot < 0 ? fixed : fixed.slice(0, dot);
  const fraction = dot < 0 ? '' : fixed.slice(dot + 1).replace(/0+$/, '');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  const text = fraction ? `${grouped}.${fraction}` : grouped;
  return text === '-0' ? '0' : text;
}

/** An amount of money: whole units from 100 up, cents from 1, else up to 8 decimals. */
export function formatMoney(n: number): string {
  const size = Math.abs(n);
  return figure(n, size >= 100 ? 0 : size >= 1 ? 2 : 8);
}

/** A price, a rate or a quantity, which keep their digits: up to 2 decimals from 1 000 up (49 999.9), 4 from 1, 8 below. */
export function formatQuantity(n: number): string {
  const size = Math.abs(n);
  return figure(n, size >= 1000 ? 2 : size >= 1 ? 4 : 8);
}

/** A count, whole and grouped: "12 400". */
export function formatCount(n: number): string {
  return figure(n, 0);
}
