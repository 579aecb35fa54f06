// The KPI cards of the overview and the thresholds that colour them.
// basis 'value': red below `red`, yellow below `yellow` (percent for rates, a ratio for LTV/CAC).
// basis 'change': red at or below `red` percent change vs the previous period, yellow at or below `yellow`.

export const KPIS = [
  { id: 'dau', basis: 'change', unit: '%', defaults: { red: -10, yellow: -3 } },
  { id: 'new', basis: 'change', unit: '%', defaults: { red: -15, yellow: -5 } },
  { id: 'conversion', basis: 'value', unit: '%', defaults: { red: 10, yellow: 15 } },
  { id: 'revenue', basis: 'change', unit: '%', defaults: { red: -10, yellow: -3 } },
  { id: 'd1', basis: 'value', unit: '%', defaults: { red: 15, yellow: 25 } },
  { id: 'd7', basis: 'value', unit: '%', defaults: { red: 5, yellow: 10 } },
  { id: 'ltvcac', basis: 'value', unit: '×', defaults: { red: 1.5, yellow: 3 } },
];

const RATES = new Set(['conversion', 'd1', 'd7']);

export function defaultThresholds() {
  return Object.fromEntries(KPIS.map((k) => [k.id, { ...k.defaults }]));
}

/** The stored thresholds (the `thresholds` of the project's KPI setting) over the defaults, KPI by KPI. */
export function loadThresholds(stored) {
  const out = defaultThresholds();
  if (!stored || typeof stored !== 'object') return out;
  for (const k of KPIS) {
    const s = stored[k.id];
    if (s && Number.isFinite(s.red) && Number.isFinite(s.yellow)) out[k.id] = { red: s.red, yellow: s.yellow };
  }
  return out;
}

/** What to store for these thresholds: all of them, or null when every one is its default. */
export function storedThresholds(thresholds) {
  const defaults = defaultThresholds();
  const differs = KPIS.some((k) => thresholds[k.id]?.red !== defaults[k.id].red || thresholds[k.id]?.yellow !== defaults[k.id].yellow);
  return differs ? Object.fromEntries(KPIS.map((k) => [k.id, { red: thresholds[k.id].red, yellow: thresholds[k.id].yellow }])) : null;
}

/** 'red' | 'yellow' | 'green' | 'none' for a KPI's value and change. */
export function kpiStatus(kpi, value, change, threshold) {
  if (!threshold) return 'none';
  let x;
  if (kpi.basis === 'value') {
    if (value === null || value === undefined || !Number.isFinite(value)) return 'none';
    x = RATES.has(kpi.id) ? value * 100 : value;
    if (x < threshold.red) return 'red';
    if (x < threshold.yellow) return 'yellow';
    return 'green';
  }
  if (change === null || change === undefined || !Number.isFinite(change)) return 'none';
  x = change * 100;
  if (x <= threshold.red) return 'red';
  if (x <= threshold.yellow) return 'yellow';
  return 'green';
}

export function relativeChange(cur, prev) {
  if (!Number.isFinite(cur) || !Number.isFinite(prev) || prev === 0) return null;
  return (cur - prev) / prev;
}
