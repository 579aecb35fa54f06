import { useMemo } from 'react';
import EChart from './EChart.jsx';
import { PALETTE, baseOption, escapeHtml } from './echarts.js';
import { eventLabel, useI18n } from '../i18n/index.jsx';

function colorFor(event, index) {
  if (event === '$end' || event === '$start') return '#cbd5e1';
  if (event === '$other') return '#94a3b8';
  return PALETTE[index % PALETTE.length];
}

/** A paths answer as a Sankey chart: one column per step, one node per (step, event). */
export default function PathsSankey({ answer, height = 420, testId }) {
  const { t, fmt } = useI18n();
  const option = useMemo(() => {
    const nodes = answer?.nodes || [];
    const edges = answer?.edges || [];
    const colorIndex = new Map();
    for (const n of nodes) if (!colorIndex.has(n.event)) colorIndex.set(n.event, colorIndex.size);
    const id = (step, event) => `${step}\u0001${event}`;
    // Columns by step: the anchor first ("after") or last ("before").
    const minStep = Math.min(0, ...nodes.map((n) => n.step));
    const stepLabel = (step) => (step === 0 ? t('paths.anchor') : step > 0 ? t('paths.stepAfter', { n: step }) : t('paths.stepBefore', { n: -step }));
    return {
      ...baseOption(),
      animation: false,
      tooltip: {
        ...baseOption().tooltip,
        trigger: 'item',
        formatter: (p) => {
          if (p.dataType === 'edge') {
            const [fs, fe] = p.data.source.split('\u0001');
            const [ts, te] = p.data.target.split('\u0001');
            return `${escapeHtml(eventLabel(t, fe))} (${stepLabel(Number(fs))}) → ${escapeHtml(eventLabel(t, te))} (${stepLabel(Number(ts))})<br/><b>${fmt.num(p.data.value)}</b>`;
          }
          const [step, event] = p.data.name.split('\u0001');
          return `${escapeHtml(eventLabel(t, event))} · ${stepLabel(Number(step))}<br/><b>${fmt.num(p.data.count)}</b>`;
        },
      },
      series: [
        {
          type: 'sankey',
          left: 8,
          right: 150,
          top: 12,
          bottom: 12,
          nodeWidth: 14,
          nodeGap: 12,
          layoutIterations: 0,
          emphasis: { focus: 'adjacency' },
          data: nodes.map((n) => ({
            name: id(n.step, n.event),
            count: n.count,
            depth: n.step - minStep,
            itemStyle: { color: colorFor(n.event, colorIndex.get(n.event)), borderWidth: 0 },
          })),
          links: edges.map((e) => ({ source: id(e.from_step, e.from), target: id(e.to_step, e.to), value: e.count })),
          label: {
            fontSize: 11.5,
            color: '#1e293b',
            width: 140,
            overflow: 'truncate',
            formatter: (p) => `${eventLabel(t, p.name.split('\u0001')[1])}  ${fmt.compact(p.data.count)}`,
          },
          lineStyle: { color: 'gradient', opacity: 0.35, curveness: 0.5 },
        },
      ],
    };
  }, [answer, t, fmt]);
  return <EChart option={option} height={height} testId={testId} />;
}
