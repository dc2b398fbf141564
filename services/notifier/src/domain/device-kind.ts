import type { MessageKey } from './templates/message-keys.ts';

/**
 * Device platforms as the risk engine passes them on (free text from upstream) → the kind of
 * device a customer recognises, never the device's id. Undefined for anything else: notices say
 * "another device", the verification page leaves the line out.
 */
const DEVICE_KINDS: Readonly<Record<string, MessageKey>> = {
  ios: 'device.ios',
  ipados: 'device.ios',
  iphone: 'device.ios',
  ipad: 'device.ios',
  android: 'device.android',
  web: 'device.web',
  browser: 'device.web',
  windows: 'device.computer',
  macos: 'device.computer',
  mac: 'device.computer',
  linux: 'device.computer',
  desktop: 'device.computer',
};

export function deviceKindKey(platform: string | undefined): MessageKey | undefined {
  return platform === undefined ? undefined : DEVICE_KINDS[platform.trim().toLowerCase()];
}
