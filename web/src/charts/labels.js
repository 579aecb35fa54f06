import { eventLabel } from '../i18n/index.jsx';

/** A readable name for each series of a trends answer. */
export function trendsSeriesNames(answer, t) {
  const series = answer?.series || [];
  const letters = new Set(series.map((s) => s.name));
  const many = letters.size > 1;
  return series.map((s) => {
    let name;
    if (s.breakdown_value !== undefined) {
      name = eventLabel(t, s.breakdown_value);
      if (many) name = `${s.name} · ${name}`;
    } else {
      name = `${eventLabel(t, s.event)} · ${t(`math.${s.math || 'total'}`)}`;
      if (s.property) name += ` (${s.property})`;
      if (many) name = `${s.name} · ${name}`;
    }
    if (s.compare) name += ` · ${t('trends.previousPeriod')}`;
    return name;
  });
}

/** Money-like or statistic series show decimals; counts do not. */
export function seriesDigits(s) {
  return ['sum', 'avg', 'min', 'max', 'median', 'p90', 'dau', 'wau', 'mau', 'stickiness'].includes(s?.math) ? 2 : 0;
}

/** A value of a trends series: statistics of a property with exactly two decimals. */
export function formatSeriesValue(fmt, s, v) {
  if (['sum', 'avg', 'min', 'max', 'median', 'p90'].includes(s?.math)) return fmt.money(v);
  return fmt.num(v, seriesDigits(s));
}
