import type { Prng } from '../prng.ts';
import type { Country } from './countries.ts';

export interface SimDevice {
  id: string;
  platform: 'ios' | 'android' | 'web';
  userAgent: string;
}

export interface SimCard {
  fingerprint: string;
  bin: string;
  last4: string;
  country: string;
}

const USER_AGENTS = {
  ios: ['VigilPay/5.12 (iPhone; iOS 17.6)', 'VigilPay/5.13 (iPhone; iOS 18.1)'],
  android: ['VigilPay/5.12 (Linux; Android 14; Pixel 8)', 'VigilPay/5.13 (Linux; Android 13; SM-S911B)'],
  web: [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 Version/18.0 Safari/605.1.15',
  ],
} as const;

export function newDevice(rng: Prng, platform?: SimDevice['platform']): SimDevice {
  const p = platform ?? rng.weighted<SimDevice['platform']>([['ios', 45], ['android', 45], ['web', 10]]);
  return { id: `dev-${rng.hex(16)}`, platform: p, userAgent: rng.pick(USER_AGENTS[p]) };
}

/** A card as the platform sees it: a fingerprint, never a number. */
export function newCard(rng: Prng, country: Country, bin?: string): SimCard {
  return { fingerprint: `fp-${rng.hex(20)}`, bin: bin ?? rng.pick(country.bins), last4: rng.digits(4), country: country.code };
}

export function ipIn(rng: Prng, country: Country): string {
  return `${rng.pick(country.ipPrefixes)}.${rng.int(1, 254)}.${rng.int(1, 254)}`;
}

/** Hosting / proxy ranges that automated attacks come from. */
export function datacenterIp(rng: Prng): string {
  return `${rng.pick(['45.134', '185.220', '193.32', '104.244'])}.${rng.int(1, 254)}.${rng.int(1, 254)}`;
}
