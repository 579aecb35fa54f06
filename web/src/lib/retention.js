// Averages over the cohorts of a retention answer.

/** The share of the cohorts' persons back in period n, over the cohorts that reached n; null when none did. */
export function retentionRate(cohorts, n) {
  let back = 0;
  let size = 0;
  for (const c of cohorts) {
    const v = c.values?.[n];
    if (v !== null && v !== undefined && c.persons > 0) {
      back += v;
      size += c.persons;
    }
  }
  return size > 0 ? back / size : null;
}
