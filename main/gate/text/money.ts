// Figures as people read them in every surface's text: "4 980 USD", "0.05 XBT", "1.087".

const group = (text: string): string => text.replace(/,/g, '\u202f');

/** An amount of money: whole units from 100 up, cents from 1, else up to 8 decimals; grouped by thin no-break spaces. */
export function formatMoney(n: number): string {
  const size = Math.abs(n);
  const digits = size >= 100 ? 0 : size >= 1 ? 2 : 8;
  return group(Number(n.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits }));
}

/** A price, a rate or a quantity, which keep their digits: whole units from 1 000 up, else up to 4 decimals (8 below 1). */
export function formatQuantity(n: number): string {
  const size = Math.abs(n);
  const digits = size >= 1000 ? 0 : size >= 1 ? 4 : 8;
  return group(Number(n.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits }));
}
