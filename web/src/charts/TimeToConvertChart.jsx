import { useMemo } from 'react';
import EChart from './EChart.jsx';
import { axisStyle, baseOption } from './echarts.js';
import { useI18n } from '../i18n/index.jsx';

/** Persons by the time they took from the previous step (the funnel's time_to_convert). */
export default function TimeToConvertChart({ buckets, height = 220, testId }) {
  const { t, fmt } = useI18n();
  const option = useMemo(() => {
    const labels = buckets.map((b) => (b.up_to_seconds == null ? t('ttc.more') : `≤ ${fmt.span(b.up_to_seconds)}`));
    return {
      ...baseOption(),
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      tooltip: { ...baseOption().tooltip, trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => fmt.num(v) },
      xAxis: { type: 'category', data: labels, ...axisStyle, axisLabel: { ...axisStyle.axisLabel, interval: 0 } },
      yAxis: { type: 'value', ...axisStyle, axisLabel: { ...axisStyle.axisLabel, formatter: (v) => fmt.compact(v) } },
      series: [{ name: t('funnel.persons'), type: 'bar', data: buckets.map((b) => b.persons), barMaxWidth: 40, itemStyle: { color: '#0d9488', borderRadius: [4, 4, 0, 0] } }],
    };
  }, [buckets, t, fmt]);
  return <EChart option={option} height={height} testId={testId} />;
}
