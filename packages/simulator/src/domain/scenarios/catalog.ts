import type { ScenarioName } from '../ground-truth.ts';
import { accountTakeover } from './account-takeover.ts';
import { binAttack } from './bin-attack.ts';
import { bruteForce } from './brute-force.ts';
import { cardTesting } from './card-testing.ts';
import { impossibleTravel } from './impossible-travel.ts';
import { limitBreach } from './limit-breach.ts';
import { lowAndSlowStuffing } from './low-and-slow-stuffing.ts';
import { muleFanIn, muleFanOut } from './mule-fan-out.ts';
import type { Scenario } from './scenario.ts';
import { simSwap } from './sim-swap.ts';

export const SCENARIO_CATALOG: Readonly<Record<ScenarioName, Scenario>> = {
  card_testing: cardTesting,
  bin_attack: binAttack,
  ato: accountTakeover,
  brute_force: bruteForce,
  impossible_travel: impossibleTravel,
  limit_breach: limitBreach,
  mule_fan_out: muleFanOut,
  mule_fan_in: muleFanIn,
  sim_swap: simSwap,
  low_and_slow_stuffing: lowAndSlowStuffing,
};
