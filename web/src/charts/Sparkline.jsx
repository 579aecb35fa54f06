import { useMemo, useRef } from 'react';
import EChart from './EChart.jsx';
import { PALETTE, baseOption } from './echarts.js';

/** A small line without axes: the shape of a KPI over the range. */
export default function Sparkline({ values, labels, color = PALETTE[0], format = String, testId }) {
  // Re-render the chart only when the numbers change, not on every parent render.
  const formatRef = useRef(format);
  formatRef.current = format;
  const signature = JSON.stringify([values, labels, color]);
  const option = useMemo(
    () => ({
      ...baseOption(),
      animation: false,
      grid: { left: 2, right: 2, top: 4, bottom: 2 },
      xAxis: { type: 'category', show: false, boundaryGap: false, data: labels },
      yAxis: { type: 'value', show: false, scale: true },
      tooltip: {
        ...baseOption().tooltip,
        trigger: 'axis',
        axisPointer: { type: 'line', lineStyle: { color: '#cbd5e1' } },
        formatter: (ps) => `${ps[0].axisValueLabel}<br/><b>${formatRef.current(ps[0].value)}</b>`,
      },
      series: [
        {
          type: 'line',
          data: values,
          smooth: true,
          symbol: 'none',
          connectNulls: true,
          lineStyle: { width: 2, color },
          areaStyle: {
            color: {
              type: 'linear', x: 0, y: 0, x2: 0, y2: 1,
              colorStops: [{ offset: 0, color: `${color}40` }, { offset: 1, color: `${color}00` }],
            },
          },
        },
      ],
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [signature],
  );
  return <EChart option={option} height={48} testId={testId} className="sparkline" />;
}
