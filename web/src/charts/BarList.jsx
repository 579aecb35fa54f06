import { useMemo } from 'react';
import EChart from './EChart.jsx';
import { axisStyle, baseOption } from './echarts.js';
import { useI18n } from '../i18n/index.jsx';

/** Horizontal bars for a short labelled list (largest first). */
export default function BarList({ items, color = '#2563eb', height, testId }) {
  const { fmt } = useI18n();
  const h = height || Math.max(120, items.length * 26 + 24);
  const option = useMemo(() => {
    const rows = [...items].reverse();
    return {
      ...baseOption(),
      grid: { left: 8, right: 56, top: 4, bottom: 4, containLabel: true },
      tooltip: { ...baseOption().tooltip, trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => fmt.num(v) },
      xAxis: { type: 'value', show: false },
      yAxis: { type: 'category', data: rows.map((r) => r.label), ...axisStyle, axisLine: { show: false }, axisLabel: { ...axisStyle.axisLabel, color: '#334155', fontSize: 12 } },
      series: [
        {
          type: 'bar',
          data: rows.map((r) => r.value),
          barMaxWidth: 16,
          itemStyle: { color, borderRadius: [0, 4, 4, 0] },
          label: { show: true, position: 'right', color: '#475569', formatter: (p) => fmt.num(p.value) },
        },
      ],
    };
  }, [items, color, fmt]);
  return <EChart option={option} height={h} testId={testId} />;
}
