import { describe, expect, it } from 'vitest';
import { haversineKm } from './geo.ts';

describe('haversineKm', () => {
  it('matches known great-circle distances', () => {
    const tokyo = { lat: 35.6762, lon: 139.6503 };
    const osaka = { lat: 34.6937, lon: 135.5023 };
    const london = { lat: 51.5074, lon: -0.1278 };
    expect(haversineKm(tokyo, osaka)).toBeGreaterThan(390);
    expect(haversineKm(tokyo, osaka)).toBeLessThan(405);
    expect(haversineKm(tokyo, london)).toBeGreaterThan(9_500);
    expect(haversineKm(tokyo, london)).toBeLessThan(9_620);
    expect(haversineKm(tokyo, tokyo)).toBe(0);
  });
});
