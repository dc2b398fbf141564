import { z } from 'zod';
import { CHANNELS, type Channel } from './notification.ts';

/**
 * One row of contact_preferences as the owning service writes it. `channels` is in the customer's
 * order of preference; a notice goes to the first one that has an address.
 */
export const contactPreferences = z.object({
  accountId: z.string().min(1),
  locale: z.string().max(35),
  timeZone: z.string().max(64),
  email: z.string().max(320).nullable(),
  phone: z.string().max(32).nullable(),
  pushToken: z.string().max(4096).nullable(),
  channels: z.array(z.enum(CHANNELS)),
});
export type ContactPreferences = z.infer<typeof contactPreferences>;

export interface ChannelChoice {
  channel: Channel;
  address: string;
}

function addressFor(channel: Channel, prefs: ContactPreferences): string | null {
  switch (channel) {
    case 'email':
      return prefs.email;
    case 'sms':
      return prefs.phone;
    case 'push':
      return prefs.pushToken;
  }
}

/**
 * One channel per notice, not all of them: three copies of the same alert is the "notice storm"
 * customers must not see. Only channels this deployment can deliver (`available`) are considered.
 * Undefined when the customer left us no usable way to reach them.
 */
export function chooseChannel(prefs: ContactPreferences, available: readonly Channel[]): ChannelChoice | undefined {
  for (const channel of prefs.channels) {
    if (!available.includes(channel)) continue;
    const address = addressFor(channel, prefs);
    if (address !== null && address.trim() !== '') return { channel, address };
  }
  return undefined;
}
