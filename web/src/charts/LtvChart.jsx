import { useMemo } from 'react';
import EChart from './EChart.jsx';
import { axisStyle, baseOption } from './echarts.js';
import { eventLabel, useI18n } from '../i18n/index.jsx';

/** LTV7, LTV30 and CAC per acquisition channel, as grouped bars. */
export default function LtvChart({ channels, height = 300, testId }) {
  const { t, fmt } = useI18n();
  const option = useMemo(() => {
    const keys = [
      ['ltv7', t('ltv.ltv7')],
      ['ltv30', t('ltv.ltv30')],
      ['cac', t('ltv.cac')],
    ];
    return {
      ...baseOption(),
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      legend: { top: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 8 },
      tooltip: { ...baseOption().tooltip, trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => fmt.money(v) },
      xAxis: { type: 'category', data: channels.map((c) => eventLabel(t, c.channel)), ...axisStyle, axisLabel: { ...axisStyle.axisLabel, interval: 0 } },
      yAxis: { type: 'value', ...axisStyle, axisLabel: { ...axisStyle.axisLabel, formatter: (v) => fmt.compact(v) } },
      series: keys.map(([k, name]) => ({ name, type: 'bar', barMaxWidth: 24, data: channels.map((c) => c[k]), itemStyle: { borderRadius: [3, 3, 0, 0] } })),
    };
  }, [channels, t, fmt]);
  return <EChart option={option} height={height} testId={testId} />;
}
