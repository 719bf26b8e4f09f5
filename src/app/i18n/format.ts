/**
 * Dates, relative times and sizes in the UI language (Intl, no data files).
 */
import { locale } from './locale.ts';

/** A date and time, e.g. "27 Nov 2026, 21:30". Accepts epoch ms or an ISO string. */
export function formatDateTime(value: number | string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** A date, e.g. "27 Nov 2026". */
export function formatDate(value: number | string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(d);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "5 minutes ago" / "in 2 days" / "now". */
export function formatRelative(at: number, now: number = Date.now()): string {
  const diff = at - now;
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return rtf.format(Math.round(diff / ms), unit);
  }
  return rtf.format(0, 'minute');
}

/** A moment as "5 minutes ago (27 Nov 2026, 21:30)": relative for a glance, absolute for the truth. */
export function formatMoment(at: number, now: number = Date.now()): string {
  return `${formatRelative(at, now)} (${formatDateTime(at)})`;
}

/** Bytes as "1.2 MB" (decimal units, as storage is sold). */
export function formatBytes(bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let v = Math.max(0, bytes);
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return new Intl.NumberFormat(locale(), { style: 'unit', unit: units[i], unitDisplay: 'short', maximumFractionDigits: v < 10 && i > 0 ? 1 : 0 }).format(v);
}

/** The host (and path, when not `/`) of a mirror URL, for display. */
export function mirrorLabel(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname === '/' ? u.host : `${u.host}${u.pathname.replace(/\/$/, '')}`;
  } catch {
    return url;
  }
}
