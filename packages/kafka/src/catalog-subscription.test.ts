import { describe, expect, it } from 'vitest';
import { TOPICS, loginEvent } from '@vigil/events';
import { catalogSubscription } from './catalog-subscription.ts';

describe('catalogSubscription', () => {
  it('uses the catalog schema and the wire name when given', () => {
    expect(catalogSubscription(TOPICS.logins)).toEqual({
      topic: 'identity.logins.v1',
      schema: loginEvent,
    });
    expect(catalogSubscription(TOPICS.logins, 't_logins_1').topic).toBe('t_logins_1');
  });
});
