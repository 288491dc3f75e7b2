import { describe, expect, it } from 'vitest';
import { formatCoordinates, parseCoordinates, photoPoint } from './coordinates';

describe('parseCoordinates', () => {
  it('reads a pair separated by a comma, a space or a semicolon', () => {
    expect(parseCoordinates('-6.7559, 111.0380')).toEqual({ lat: -6.7559, lon: 111.038 });
    expect(parseCoordinates('  -6.7559 111.0380 ')).toEqual({ lat: -6.7559, lon: 111.038 });
    expect(parseCoordinates('-6.7559;111.038')).toEqual({ lat: -6.7559, lon: 111.038 });
  });

  it('reads the point of a map link', () => {
    expect(parseCoordinates('https://www.google.com/maps/@-6.7559,111.038,17z')).toEqual({ lat: -6.7559, lon: 111.038 });
    expect(parseCoordinates('https://maps.google.com/?q=-6.7559,111.038')).toEqual({ lat: -6.7559, lon: 111.038 });
  });

  it('refuses anything that is not one plausible pair', () => {
    for (const bad of ['', 'Jl. Kolonel Sunandar 12', '-6.7559', '-6.75, 111.03, 5', '-96.1, 111.0', '-6.1, 181.0', '0, 0', '-6,7559 111,038', 'lat -6.7 lon 111.0']) {
      expect(parseCoordinates(bad), bad).toBeNull();
    }
  });
});

describe('formatCoordinates and photoPoint', () => {
  it('shows five decimals', () => {
    expect(formatCoordinates({ lat: -6.7534277, lon: 111.0453361 })).toBe('-6.75343, 111.04534');
  });

  it('takes the first photo that knows its place', () => {
    expect(photoPoint([{ lat: null, lon: null }, { lat: -6.7, lon: 111.0 }])).toEqual({ lat: -6.7, lon: 111.0 });
    expect(photoPoint([{ lat: null, lon: null }])).toBeNull();
    expect(photoPoint([])).toBeNull();
  });
});
