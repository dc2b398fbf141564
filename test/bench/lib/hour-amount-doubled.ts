// The tiers line of tx-amount-account-1h.
const hourAmount = /(- id: tx-amount-account-1h[\s\S]*?tiers: \[\{ atLeast: \{)([^}]*)\}/;

/**
 * The backtest bench's example candidate: a rule-set text with every amount of
 * tx-amount-account-1h's tiers doubled, under another version.
 */
export function hourAmountDoubled(text: string, version: string): string {
  if (!hourAmount.test(text)) throw new Error('tx-amount-account-1h has no tiers line to double');
  return text
    .replace(
      hourAmount,
      (_all, head: string, amounts: string) =>
        `${head}${amounts.replace(/\d+/g, (n) => String(2 * Number(n)))}}`,
    )
    .replace(/^version: .*$/m, `version: ${JSON.stringify(version)}`);
}
