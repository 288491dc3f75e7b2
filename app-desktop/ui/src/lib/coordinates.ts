// Pure logic of the complaint's coordinates: what a resident may paste (a pair of
// numbers, a map link) and how a point is shown.

export interface Point {
  lat: number;
  lon: number;
}

const NUMBER = /[-+]?\d{1,3}(?:\.\d+)?/g;

/**
 * Reads a point from what residents paste: "-6.7559, 111.0380", "-6.7559 111.0380",
 * or a map link carrying "@-6.7559,111.0380" or "q=-6.7559,111.0380". Returns null
 * when the text holds no plausible pair (latitude within ±90, longitude within
 * ±180, not 0/0). Decimal commas are not accepted: "6,75" would be ambiguous
 * with the separator.
 */
export function parseCoordinates(text: string): Point | null {
  const t = text.trim();
  if (!t) return null;
  const link = /[@=](-?\d{1,3}\.\d+),\s*(-?\d{1,3}\.\d+)/.exec(t);
  const pair = link ? [link[1], link[2]] : t.match(NUMBER);
  if (!pair || pair.length !== 2) return null;
  if (!link && t.replace(NUMBER, '').replace(/[\s,;]/g, '') !== '') return null;
  const lat = Number(pair[0]);
  const lon = Number(pair[1]);
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180 || (lat === 0 && lon === 0)) return null;
  return { lat, lon };
}

/** "-6.75343, 111.04534": five decimals are about a metre, enough to find a pothole. */
export function formatCoordinates(p: Point): string {
  return `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`;
}

/** The first photo that knows where it was taken, as a point. */
export function photoPoint(photos: readonly { lat: number | null; lon: number | null }[]): Point | null {
  for (const p of photos) {
    if (p.lat !== null && p.lon !== null) return { lat: p.lat, lon: p.lon };
  }
  return null;
}
