import { useEffect, useRef } from 'react';
import { echarts } from './echarts.js';

/**
 * One ECharts instance on a div: created on mount, given `option` whenever it changes,
 * resized with its container and disposed on unmount.
 */
/** Values in every series of a (merged) option: data items that are not empty, and Sankey links. */
function seriesPoints(option) {
  let n = 0;
  for (const s of option.series || []) {
    for (const v of s.data || []) {
      const value = v && typeof v === 'object' && !Array.isArray(v) ? v.value : v;
      if (value !== null && value !== undefined && value !== '-') n += 1;
    }
    n += (s.links || []).length;
  }
  return n;
}

export default function EChart({ option, height = 280, testId, className = '' }) {
  const el = useRef(null);
  const chart = useRef(null);

  useEffect(() => {
    const instance = echarts.init(el.current, null, { renderer: 'canvas' });
    chart.current = instance;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => instance.resize());
    });
    observer.observe(el.current);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (!chart.current || !option) return;
    chart.current.setOption(option, { notMerge: true });
    // How many values the series hold, on the element: what a test reads to tell a chart with
    // data from axes drawn around nothing.
    el.current.dataset.points = String(seriesPoints(chart.current.getOption()));
  }, [option]);

  return <div ref={el} className={`echart ${className}`} style={{ height }} data-testid={testId} data-chart="" />;
}
