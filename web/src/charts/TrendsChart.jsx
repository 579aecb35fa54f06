import { useMemo } from 'react';
import EChart from './EChart.jsx';
import { PALETTE, axisStyle, baseOption } from './echarts.js';
import { useI18n } from '../i18n/index.jsx';
import { seriesDigits, trendsSeriesNames } from './labels.js';

/**
 * A trends answer as lines (or bars): one series per series × breakdown value; the
 * previous-period series of `compare` are dashed in their counterpart's colour.
 */
export default function TrendsChart({ answer, type = 'line', stacked = false, height = 300, testId, nameOf }) {
  const { t, fmt } = useI18n();
  const option = useMemo(() => {
    const series = answer?.series || [];
    const names = nameOf ? series.map(nameOf) : trendsSeriesNames(answer, t);
    const asBars = type === 'bar' || (answer?.buckets || []).length <= 1;
    let colorIndex = 0;
    const colorOf = [];
    series.forEach((s, i) => {
      if (!s.compare) colorOf[i] = PALETTE[colorIndex++ % PALETTE.length];
    });
    series.forEach((s, i) => {
      if (s.compare) {
        const twin = series.findIndex((x, j) => !x.compare && x.name === s.name && x.breakdown_value === s.breakdown_value && j !== i);
        colorOf[i] = twin >= 0 ? colorOf[twin] : PALETTE[colorIndex++ % PALETTE.length];
      }
    });
    return {
      ...baseOption(),
      grid: { left: 8, right: 16, top: series.length > 1 ? 40 : 16, bottom: 8, containLabel: true },
      legend: series.length > 1 ? { type: 'scroll', top: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 12 } } : undefined,
      tooltip: {
        ...baseOption().tooltip,
        trigger: 'axis',
        valueFormatter: (v) => fmt.num(v, 2),
      },
      xAxis: {
        type: 'category',
        data: (answer?.buckets || []).map((b) => fmt.bucket(b, answer?.interval)),
        boundaryGap: asBars,
        ...axisStyle,
      },
      yAxis: { type: 'value', ...axisStyle, axisLabel: { ...axisStyle.axisLabel, formatter: (v) => fmt.compact(v) } },
      series: series.map((s, i) => ({
        name: names[i],
        type: asBars ? 'bar' : 'line',
        stack: stacked && !s.compare ? 'total' : undefined,
        data: (s.values || []).map((v) => (v === null ? null : Number(v.toFixed(seriesDigits(s) || 6)))),
        smooth: false,
        showSymbol: (s.values || []).length <= 31,
        symbolSize: 5,
        barMaxWidth: 36,
        itemStyle: { color: colorOf[i], opacity: s.compare ? 0.55 : 1 },
        lineStyle: { width: s.compare ? 1.5 : 2.2, type: s.compare ? 'dashed' : 'solid', color: colorOf[i] },
        emphasis: { focus: 'series' },
      })),
    };
  }, [answer, type, stacked, t, fmt, nameOf]);
  return <EChart option={option} height={height} testId={testId} />;
}
