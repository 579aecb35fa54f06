import { useEffect, useRef } from 'react';
import { echarts } from './echarts.js';

/**
 * One ECharts instance on a div: created on mount, given `option` whenever it changes,
 * resized with its container and disposed on unmount.
 */
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
    if (chart.current && option) chart.current.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={el} className={`echart ${className}`} style={{ height }} data-testid={testId} data-chart="" />;
}
