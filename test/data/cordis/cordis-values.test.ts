import { describe, expect, it } from 'vitest';
import {
  parseActivityType,
  parseGeolocation,
  parseMoney,
  parseProjectDate,
} from '../../../data/cordis/cordis-values.ts';

describe('CORDIS values › money', () => {
  it('refuses text that is not an amount, and leaves an empty cell out', () => {
    expect(parseMoney('abc')).toBeNull();
    expect(parseMoney('12,5,3')).toBeNull();
    expect(parseMoney('')).toBeUndefined();
    expect(parseMoney(undefined)).toBeUndefined();
  });

  it('reads a decimal comma (CORDIS CSV), a decimal point (JSON) and thousands points', () => {
    expect(parseMoney('211562,5')).toBe(211562.5);
    expect(parseMoney('50000.0')).toBe(50000);
    expect(parseMoney('1.234.567,89')).toBe(1234567.89);
    expect(parseMoney(' 71429 ')).toBe(71429);
  });
});

describe('CORDIS values › geolocation, dates, activity types', () => {
  it('refuses coordinates out of range or unreadable', () => {
    expect(parseGeolocation('95.1,4.8')).toBeNull();
    expect(parseGeolocation('45.7')).toBeNull();
    expect(parseGeolocation('north,east')).toBeNull();
    expect(parseGeolocation('')).toBeUndefined();
  });

  it('reads "lat,lon"', () => {
    expect(parseGeolocation('52.2033051,0.124862')).toEqual({ lat: 52.2033051, lon: 0.124862 });
  });

  it('reads ISO and DD/MM/YYYY dates, and refuses others', () => {
    expect(parseProjectDate('2015-06-01')).toBe('2015-06-01');
    expect(parseProjectDate('2015-06-01 00:00:00')).toBe('2015-06-01');
    expect(parseProjectDate('01/06/2015')).toBe('2015-06-01');
    expect(parseProjectDate('June 2015')).toBeNull();
    expect(parseProjectDate('2015-13-01')).toBeNull();
    expect(parseProjectDate('')).toBeUndefined();
  });

  it('maps "PRC;PRC" to PRC and flags unknown codes', () => {
    expect(parseActivityType('PRC;PRC')).toBe('PRC');
    expect(parseActivityType('rec')).toBe('REC');
    expect(parseActivityType('XYZ')).toBeNull();
    expect(parseActivityType('')).toBeUndefined();
  });
});
