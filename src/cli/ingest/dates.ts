/**
 * Date normalisation that keeps the original time zone offset.
 *
 * Feeds carry RFC 822 dates (`Tue, 10 Jun 2025 09:30:00 +0300`) and pages ISO 8601 ones.
 * JavaScript's Date forgets the offset, so both are re-assembled from their parts into
 * `YYYY-MM-DDTHH:mm:ss±HH:MM` (or `Z` when the source wrote `Z`). A date without any zone is
 * taken as UTC, since the front matter needs one.
 */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** RFC 822 zone names (section 5.1) and their offsets in minutes. */
const ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
};

const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const RFC822_RE =
  /^(?:[A-Za-z]{2,9},?\s*)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?$/;

/**
 * Normalises a date string to ISO 8601 with its original offset.
 * @returns the normalised string, or undefined when `raw` is empty or not a date.
 */
export function normalizeDate(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined;
  const s = raw.trim();
  if (!s) return undefined;
  const iso = ISO_RE.exec(s);
  if (iso) {
    const [, y, mo, d, h = '00', mi = '00', se = '00', zone] = iso;
    return assemble(+y!, +mo!, +d!, +h, +mi, +se, zone ? isoOffset(zone) : 'Z');
  }
  const rfc = RFC822_RE.exec(s);
  if (rfc) {
    const [, d, monName, yRaw, h, mi, se = '00', zone] = rfc;
    const mo = MONTHS.indexOf(monName!.toLowerCase()) + 1;
    if (mo === 0) return undefined;
    let y = +yRaw!;
    if (yRaw!.length === 2) y += y < 50 ? 2000 : 1900;
    const off = zone ? rfcOffset(zone) : 'Z';
    return assemble(y, mo, +d!, +h!, +mi!, +se, off);
  }
  const t = Date.parse(s);
  if (Number.isNaN(t)) return undefined;
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Milliseconds since the epoch of a normalised date (for sorting and comparisons). */
export function dateToMillis(iso: string): number {
  return Date.parse(iso);
}

function assemble(y: number, mo: number, d: number, h: number, mi: number, se: number, off: string | undefined): string | undefined {
  if (off === undefined) return undefined;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || se > 60) return undefined;
  const text = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(Math.min(se, 59))}${off}`;
  // Rejects 31 February and friends: Date.parse rolls them over, so compare the day back.
  const check = new Date(Date.parse(`${pad(y, 4)}-${pad(mo)}-${pad(d)}T00:00:00Z`));
  if (Number.isNaN(check.getTime()) || check.getUTCDate() !== d) return undefined;
  return text;
}

function isoOffset(zone: string): string {
  if (zone.toUpperCase() === 'Z') return 'Z';
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return 'Z';
  return `${m[1]}${m[2]}:${m[3] ?? '00'}`;
}

function rfcOffset(zone: string): string | undefined {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  if (m) return `${m[1]}${m[2]}:${m[3]}`;
  const minutes = ZONES[zone.toUpperCase()];
  // Military single-letter zones are unreliable in practice (RFC 1123 5.2.14): treat as UTC.
  if (minutes === undefined) return zone.length === 1 ? '+00:00' : undefined;
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}
