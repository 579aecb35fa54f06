// Calendar arithmetic on 'YYYY-MM-DD' strings (dates in the project's time zone).

const DAY_MS = 86400000;

function toUtc(ymd) {
  return Date.parse(`${ymd}T00:00:00Z`);
}

function fromUtc(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isYmd(s) {
  return typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(toUtc(s));
}

export function addDays(ymd, n) {
  return fromUtc(toUtc(ymd) + n * DAY_MS);
}

/** Days from a to b (b - a). */
export function daysBetween(a, b) {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/** The calendar date of an instant in a time zone. */
export function dateInZone(iso, timeZone) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone: timeZone || 'UTC',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(d);
  } catch {
    return d.toISOString().slice(0, 10);
  }
}

export function todayInZone(timeZone) {
  return dateInZone(new Date().toISOString(), timeZone);
}

/** The period of equal length that ends the day before `from`. */
export function previousRange({ from, to }) {
  const len = daysBetween(from, to) + 1;
  return { from: addDays(from, -len), to: addDays(from, -1) };
}

/** The preset range of `days` days ending at `last`. */
export function presetRange(days, last) {
  return { from: addDays(last, -(days - 1)), to: last };
}

export function inRange(ymd, { from, to }) {
  return ymd >= from && ymd <= to;
}
