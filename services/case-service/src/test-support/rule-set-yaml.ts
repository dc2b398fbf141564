// Small valid rule sets for tests of rule changes: one velocity rule on every payment, whose
// mode and score the test picks (enforce 95 blocks every payment; shadow allows them).
export function oneRuleSet(
  version: string,
  rule: { mode?: 'enforce' | 'shadow' | 'off'; score?: number; atLeast?: number } = {},
): string {
  const { mode = 'enforce', score = 95, atLeast = 1 } = rule;
  return `version: "${version}"
timezone: UTC
combination: noisy_or
cutoffs: { challenge: 40, review: 70, block: 90 }
rules:
  - { id: any-payment, type: velocity, mode: ${mode}, score: ${score}, params: { dimension: account, window: 1h, bucket: 5m, filter: { kinds: [transaction] }, tiers: [{ atLeast: ${atLeast}, outcome: block }] } }
`;
}
