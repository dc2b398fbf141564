/** A place accounts live in or travel to. Offsets are standard time (DST ignored: ±1 h does not change a daily pattern). */
export interface Country {
  code: string;
  currency: string;
  /** Decimal places of the currency's minor unit (ISO 4217): JPY 0, USD 2. */
  minorDigits: number;
  /** Units of this currency per US dollar (rough, for sizing amounts; not for accounting). */
  perUsd: number;
  utcOffsetHours: number;
  /** First two octets of a consumer ISP block in the country, so IPs look geographically plausible. */
  ipPrefixes: readonly string[];
  cities: readonly City[];
  /** Card BINs issued in the country (six digits). */
  bins: readonly string[];
  /** Share of the simulated population living here. */
  weight: number;
}

export interface City {
  name: string;
  lat: number;
  lon: number;
}

export const COUNTRIES: readonly Country[] = [
  {
    code: 'JP',
    currency: 'JPY',
    minorDigits: 0,
    perUsd: 150,
    utcOffsetHours: 9,
    weight: 24,
    ipPrefixes: ['126.12', '133.200', '153.150', '60.66'],
    cities: [
      { name: 'Tokyo', lat: 35.68, lon: 139.69 },
      { name: 'Osaka', lat: 34.69, lon: 135.5 },
      { name: 'Fukuoka', lat: 33.59, lon: 130.4 },
      { name: 'Sapporo', lat: 43.06, lon: 141.35 },
    ],
    bins: ['356600', '353011', '490222', '540913'],
  },
  {
    code: 'US',
    currency: 'USD',
    minorDigits: 2,
    perUsd: 1,
    utcOffsetHours: -5,
    weight: 20,
    ipPrefixes: ['73.162', '98.207', '24.5', '71.190'],
    cities: [
      { name: 'New York', lat: 40.71, lon: -74.01 },
      { name: 'Chicago', lat: 41.88, lon: -87.63 },
      { name: 'Atlanta', lat: 33.75, lon: -84.39 },
      { name: 'Boston', lat: 42.36, lon: -71.06 },
    ],
    bins: ['414720', '426684', '517805', '379763'],
  },
  {
    code: 'DE',
    currency: 'EUR',
    minorDigits: 2,
    perUsd: 0.92,
    utcOffsetHours: 1,
    weight: 7,
    ipPrefixes: ['91.64', '87.123', '84.160'],
    cities: [
      { name: 'Berlin', lat: 52.52, lon: 13.4 },
      { name: 'Munich', lat: 48.14, lon: 11.58 },
      { name: 'Hamburg', lat: 53.55, lon: 9.99 },
    ],
    bins: ['455600', '522078', '492181'],
  },
  {
    code: 'FR',
    currency: 'EUR',
    minorDigits: 2,
    perUsd: 0.92,
    utcOffsetHours: 1,
    weight: 6,
    ipPrefixes: ['90.12', '86.245', '176.180'],
    cities: [
      { name: 'Paris', lat: 48.86, lon: 2.35 },
      { name: 'Lyon', lat: 45.76, lon: 4.84 },
      { name: 'Marseille', lat: 43.3, lon: 5.37 },
    ],
    bins: ['497010', '513691', '456735'],
  },
  {
    code: 'GB',
    currency: 'GBP',
    minorDigits: 2,
    perUsd: 0.79,
    utcOffsetHours: 0,
    weight: 8,
    ipPrefixes: ['86.128', '81.98', '2.24'],
    cities: [
      { name: 'London', lat: 51.51, lon: -0.13 },
      { name: 'Manchester', lat: 53.48, lon: -2.24 },
      { name: 'Edinburgh', lat: 55.95, lon: -3.19 },
    ],
    bins: ['465858', '535522', '492913'],
  },
  {
    code: 'CN',
    currency: 'CNY',
    minorDigits: 2,
    perUsd: 7.2,
    utcOffsetHours: 8,
    weight: 12,
    ipPrefixes: ['112.64', '117.136', '123.112'],
    cities: [
      { name: 'Shanghai', lat: 31.23, lon: 121.47 },
      { name: 'Beijing', lat: 39.9, lon: 116.4 },
      { name: 'Shenzhen', lat: 22.54, lon: 114.06 },
    ],
    bins: ['622202', '621700', '625800'],
  },
  {
    code: 'SG',
    currency: 'SGD',
    minorDigits: 2,
    perUsd: 1.35,
    utcOffsetHours: 8,
    weight: 5,
    ipPrefixes: ['116.14', '118.200', '202.156'],
    cities: [{ name: 'Singapore', lat: 1.35, lon: 103.82 }],
    bins: ['450936', '552038'],
  },
  {
    code: 'KR',
    currency: 'KRW',
    minorDigits: 0,
    perUsd: 1350,
    utcOffsetHours: 9,
    weight: 5,
    ipPrefixes: ['121.134', '175.223'],
    cities: [
      { name: 'Seoul', lat: 37.57, lon: 126.98 },
      { name: 'Busan', lat: 35.18, lon: 129.08 },
    ],
    bins: ['465887', '536181'],
  },
  {
    code: 'BR',
    currency: 'BRL',
    minorDigits: 2,
    perUsd: 5,
    utcOffsetHours: -3,
    weight: 7,
    ipPrefixes: ['177.139', '189.6'],
    cities: [
      { name: 'São Paulo', lat: -23.55, lon: -46.63 },
      { name: 'Rio de Janeiro', lat: -22.91, lon: -43.17 },
    ],
    bins: ['498406', '528635'],
  },
  {
    code: 'IN',
    currency: 'INR',
    minorDigits: 2,
    perUsd: 83,
    utcOffsetHours: 5.5,
    weight: 6,
    ipPrefixes: ['49.36', '117.96'],
    cities: [
      { name: 'Mumbai', lat: 19.08, lon: 72.88 },
      { name: 'Bengaluru', lat: 12.97, lon: 77.59 },
    ],
    bins: ['421323', '524193'],
  },
  // Countries that appear as attacker origins or travel destinations only.
  {
    code: 'NG',
    currency: 'NGN',
    minorDigits: 2,
    perUsd: 1500,
    utcOffsetHours: 1,
    weight: 0,
    ipPrefixes: ['105.112', '197.210'],
    cities: [{ name: 'Lagos', lat: 6.52, lon: 3.38 }],
    bins: ['539983', '506099'],
  },
  {
    code: 'RU',
    currency: 'RUB',
    minorDigits: 2,
    perUsd: 92,
    utcOffsetHours: 3,
    weight: 0,
    ipPrefixes: ['95.24', '188.162'],
    cities: [{ name: 'Moscow', lat: 55.76, lon: 37.62 }],
    bins: ['427638', '546938'],
  },
  {
    code: 'VN',
    currency: 'VND',
    minorDigits: 0,
    perUsd: 25000,
    utcOffsetHours: 7,
    weight: 0,
    ipPrefixes: ['113.161', '14.226'],
    cities: [{ name: 'Ho Chi Minh City', lat: 10.82, lon: 106.63 }],
    bins: ['970436', '422151'],
  },
];

const BY_CODE = new Map(COUNTRIES.map((c) => [c.code, c]));

export function countryByCode(code: string): Country {
  const found = BY_CODE.get(code);
  if (!found) throw new RangeError(`unknown country ${code}`);
  return found;
}

export const HOME_COUNTRIES = COUNTRIES.filter((c) => c.weight > 0);
export const ATTACKER_COUNTRIES = COUNTRIES.filter((c) =>
  ['NG', 'RU', 'VN', 'BR'].includes(c.code),
);

/** Great-circle distance in km. */
export function distanceKm(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A USD-equivalent amount in the country's integer minor units. */
export function usdToMinor(usd: number, country: Country): number {
  return Math.max(1, Math.round(usd * country.perUsd * 10 ** country.minorDigits));
}
