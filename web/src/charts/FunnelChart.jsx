import { useMemo } from 'react';
import EChart from './EChart.jsx';
import { axisStyle, baseOption, escapeHtml } from './echarts.js';
import { eventLabel, useI18n } from '../i18n/index.jsx';

/** Persons per funnel step as bars, the drop-off stacked above in grey, conversion on top. */
export default function FunnelChart({ steps, height = 300, testId }) {
  const { t, fmt } = useI18n();
  const option = useMemo(() => {
    const first = steps[0]?.persons || 0;
    const labels = steps.map((s, i) => `${i + 1}. ${eventLabel(t, s.event)}`);
    return {
      ...baseOption(),
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 8 },
      tooltip: {
        ...baseOption().tooltip,
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (ps) => {
          const s = steps[ps[0].dataIndex];
          const rows = [
            `<b>${escapeHtml(labels[ps[0].dataIndex])}</b>`,
            `${t('funnel.persons')}: <b>${fmt.num(s.persons)}</b>`,
            `${t('funnel.convFromFirst')}: ${fmt.pct(s.conversion_from_first)}`,
            `${t('funnel.convFromPrevious')}: ${fmt.pct(s.conversion_from_previous)}`,
          ];
          if (s.median_seconds_to_convert != null) rows.push(`${t('funnel.medianTime')}: ${fmt.duration(s.median_seconds_to_convert)}`);
          return rows.join('<br/>');
        },
      },
      xAxis: { type: 'category', data: labels, ...axisStyle, axisLabel: { ...axisStyle.axisLabel, interval: 0, fontSize: 12, color: '#334155' } },
      yAxis: { type: 'value', ...axisStyle, axisLabel: { ...axisStyle.axisLabel, formatter: (v) => fmt.compact(v) } },
      series: [
        {
          name: t('funnel.converted'),
          type: 'bar',
          stack: 'funnel',
          barMaxWidth: 96,
          data: steps.map((s) => s.persons),
          itemStyle: { color: '#2563eb', borderRadius: [0, 0, 0, 0] },
          label: {
            show: true,
            position: 'insideTop',
            color: '#fff',
            fontWeight: 600,
            formatter: (p) => (p.value > 0 ? fmt.compact(p.value) : ''),
          },
        },
        {
          name: t('funnel.dropped'),
          type: 'bar',
          stack: 'funnel',
          barMaxWidth: 96,
          data: steps.map((s) => Math.max(0, first - s.persons)),
          itemStyle: { color: '#dbe4f3', borderRadius: [4, 4, 0, 0] },
          label: {
            show: true,
            position: 'top',
            color: '#0f172a',
            fontWeight: 600,
            formatter: (p) => fmt.pct(steps[p.dataIndex].conversion_from_first),
          },
        },
      ],
    };
  }, [steps, t, fmt]);
  return <EChart option={option} height={height} testId={testId} />;
}
