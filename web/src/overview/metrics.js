import { inRange } from '../lib/dates.js';
import { retentionRate } from '../lib/retention.js';

// Turning query answers into the numbers of the KPI cards.

/** New persons, D1 and D7 retention over the cohorts of a first-time retention answer. */
export function cohortMetrics(answer, range) {
  const cohorts = (answer?.cohorts || []).filter((c) => inRange(c.date, range));
  const perCohort = (n) => cohorts.map((c) => {
    const v = c.values?.[n];
    return v === null || v === undefined || !c.persons ? null : v / c.persons;
  });
  return {
    labels: cohorts.map((c) => c.date),
    newPersons: cohorts.length ? cohorts.reduce((a, c) => a + c.persons, 0) : null,
    newSeries: cohorts.map((c) => c.persons),
    d1: retentionRate(cohorts, 1),
    d7: retentionRate(cohorts, 7),
    d1Series: perCohort(1),
    d7Series: perCohort(7),
  };
}

/** LTV7 / CAC over rows (channels or cohorts) of an ltv answer. */
export function ltvCac(rows) {
  let ltvSum = 0;
  let ltvPersons = 0;
  let spend = 0;
  let persons = 0;
  for (const r of rows) {
    if (r.ltv7 !== null && r.ltv7 !== undefined && r.ltv7_persons > 0) {
      ltvSum += r.ltv7 * r.ltv7_persons;
      ltvPersons += r.ltv7_persons;
    }
    spend += r.spend || 0;
    persons += r.persons || 0;
  }
  if (!ltvPersons || !persons || !spend) return null;
  return ltvSum / ltvPersons / (spend / persons);
}

/** The LTV/CAC per cohort date, over all channels. */
export function ltvCacByCohort(answer) {
  const byDate = new Map();
  for (const ch of answer?.channels || []) {
    for (const c of ch.cohorts || []) {
      if (!byDate.has(c.cohort)) byDate.set(c.cohort, []);
      byDate.get(c.cohort).push(c);
    }
  }
  const labels = [...byDate.keys()].sort();
  return { labels, values: labels.map((d) => ltvCac(byDate.get(d))) };
}
