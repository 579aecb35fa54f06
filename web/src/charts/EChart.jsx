import { useEffect, useRef, useState } from 'react';

// ECharts is loaded on first use (its own chunk), not before the console's first render: the
// overview's first API requests and its KPI cards then wait for nothing but their answers.
let echarts = null;
let loading = null;
/** Starts loading ECharts (once), e.g. while a page waits for the answers it will draw. */
export function loadEcharts() {
  if (!loading) {
    loading = import('./echartsLib.js').then((m) => {
      echarts = m.echarts;
      return echarts;
    });
    loading.catch(() => {
      loading = null; // a failed chunk fetch is tried again by the next chart
    });
  }
  return loading;
}

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
  const [ready, setReady] = useState(!!echarts);

  useEffect(() => {
    if (ready) return undefined;
    let alive = true;
    loadEcharts().then(
      () => alive && setReady(true),
      (err) => console.error('loading the charts failed', err),
    );
    return () => {
      alive = false;
    };
  }, [ready]);

  useEffect(() => {
    if (!ready) return undefined;
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
  }, [ready]);

  useEffect(() => {
    if (!ready || !chart.current || !option) return;
    chart.current.setOption(option, { notMerge: true });
    // How many values the series hold, on the element: what a test reads to tell a chart with
    // data from axes drawn around nothing.
    el.current.dataset.points = String(seriesPoints(chart.current.getOption()));
  }, [option, ready]);

  return <div ref={el} className={`echart ${className}`} style={{ height }} data-testid={testId} data-chart="" />;
}
