import { useMemo } from 'react';
import EChart from './EChart.jsx';
import { axisStyle, baseOption } from './echarts.js';
import { useI18n } from '../i18n/index.jsx';
import { retentionRate } from '../lib/retention.js';


export default function RetentionCurve({ answer, height = 240, testId }) {
  const { t, fmt } = useI18n();
  const option = useMemo(() => {
    const cohorts = answer?.cohorts || [];
    const periods = Math.max(0, ...cohorts.map((c) => (c.values || []).length - 1));
    const revenue = answer?.value && answer.value !== 'persons';
    const avg = Array.from({ length: periods + 1 }, (_, n) => retentionRate(cohorts, n));
    const format = (v) => (revenue ? fmt.num(v, 2) : fmt.pct(v));
    return {
      ...baseOption(),
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { ...baseOption().tooltip, trigger: 'axis', valueFormatter: format },
      xAxis: {
        type: 'category',
        boundaryGap: false,
        data: avg.map((_, n) => t(`retention.periodN.${answer?.period || 'day'}`, { n })),
        ...axisStyle,
      },
      yAxis: {
        type: 'value',
        ...axisStyle,
        max: revenue ? undefined : 1,
        axisLabel: { ...axisStyle.axisLabel, formatter: (v) => (revenue ? fmt.compact(v) : fmt.pct(v, 0)) },
      },
      series: [
        {
          name: revenue ? t('retention.avgValue') : t('retention.avgRate'),
          type: 'line',
          data: avg,
          smooth: true,
          symbolSize: 6,
          lineStyle: { width: 2.5, color: '#7c3aed' },
          itemStyle: { color: '#7c3aed' },
          areaStyle: { color: { type: 'linear', x: 0, y: 0, x2: 0, y2: 1, colorStops: [{ offset: 0, color: '#7c3aed33' }, { offset: 1, color: '#7c3aed00' }] } },
        },
      ],
    };
  }, [answer, t, fmt]);
  return <EChart option={option} height={height} testId={testId} />;
}
