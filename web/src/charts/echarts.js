// What every chart's options share. ECharts itself (echartsLib.js) is loaded on demand by the
// chart wrapper (EChart.jsx), so that the console's first render and its first API requests do
// not wait for ECharts to be fetched and evaluated.

/** Text for a tooltip's HTML: event names and property values come from senders of events. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

export const PALETTE = ['#2563eb', '#0d9488', '#f59e0b', '#db2777', '#7c3aed', '#0891b2', '#65a30d', '#ea580c', '#64748b', '#dc2626'];

export const FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Options every chart shares. */
export function baseOption() {
  return {
    color: PALETTE,
    textStyle: { fontFamily: FONT, color: '#334155' },
    animationDuration: 400,
    tooltip: {
      confine: true,
      backgroundColor: 'rgba(255,255,255,0.97)',
      borderColor: '#e2e8f0',
      textStyle: { color: '#0f172a', fontSize: 12 },
      extraCssText: 'box-shadow: 0 6px 24px rgba(15,23,42,.12); border-radius: 8px;',
    },
  };
}

export const axisStyle = {
  axisLine: { lineStyle: { color: '#cbd5e1' } },
  axisTick: { show: false },
  axisLabel: { color: '#64748b', fontSize: 11 },
  splitLine: { lineStyle: { color: '#eef2f7' } },
};
