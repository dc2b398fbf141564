/**
 * How the customer-facing pages present the platform: its name, colours, logo and where to get
 * help. Validated at start-up (env.ts); colours are `#rrggbb`, so they are safe inside CSS.
 */
export interface Brand {
  name: string;
  /** Header, the "yes" action, links. */
  primaryColor: string;
  /** The "not me" action and warnings. */
  alertColor: string;
  /** The logo as a `data:` URI, inlined so the page loads nothing from anywhere. */
  logoDataUri?: string | undefined;
  supportPhone?: string | undefined;
  supportUrl?: string | undefined;
  /**
   * Whether a "not me" answer reaches a person (the notifier raises a case for an agent): only
   * then do the pages say the team will get in touch; otherwise they send the customer to
   * support, a promise this deployment keeps.
   */
  agentFollowUp: boolean;
}

function channel(hex: string): number {
  const value = Number.parseInt(hex, 16) / 255;
  return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2 relative luminance of `#rrggbb`. */
function luminance(color: string): number {
  const [r, g, b] = [1, 3, 5].map((start) => channel(color.slice(start, start + 2)));
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

/**
 * White or near-black text, whichever contrasts more with `background`: an operator can pick any
 * brand colour without making the buttons unreadable.
 */
export function textColorOn(background: string): '#ffffff' | '#111111' {
  const bg = luminance(background);
  const onWhite = 1.05 / (bg + 0.05);
  const onDark = (bg + 0.05) / (luminance('#111111') + 0.05);
  return onWhite >= onDark ? '#ffffff' : '#111111';
}

/** The digits a `tel:` link dials: "+81 3-1234-5678" → "+81312345678". */
export function dialString(phone: string): string {
  return phone.replace(/[^+0-9]/g, '');
}
