import { useMemo } from 'react';
import Sparkline from '../charts/Sparkline.jsx';
import { ErrorBox } from '../components/Feedback.jsx';
import { useI18n } from '../i18n/index.jsx';

const STATUS_COLOR = { red: '#dc2626', yellow: '#d97706', green: '#16a34a', none: '#94a3b8' };

/** One KPI: value, change vs the previous period, status against its thresholds, sparkline. */
export default function KpiCard({ id, label, hint, state, value, empty, emptyNote, change, showChange, status, spark, sparkLabels, sparkFormat, note }) {
  const { t, fmt } = useI18n();
  const color = STATUS_COLOR[status] || STATUS_COLOR.none;
  const labels = useMemo(() => (sparkLabels || []).map((d) => fmt.day(d)), [sparkLabels, fmt]);
  return (
    <article className={`kpi-card status-${state === 'ready' ? status : 'none'}`} data-testid={`kpi-${id}`} data-status={state}>
      <header className="kpi-head">
        <span className="kpi-label" title={hint}>
          {label}
        </span>
        {state === 'ready' && status !== 'none' && (
          <span className={`status-pill ${status}`} data-testid={`kpi-status-${id}`} data-value={status}>
            <i style={{ background: color }} />
            {t(`status.${status}`)}
          </span>
        )}
      </header>
      {state === 'loading' && (
        <div className="kpi-skeleton" aria-busy="true">
          <div className="sk sk-value" />
          <div className="sk sk-line" />
          <div className="sk sk-spark" />
        </div>
      )}
      {state === 'error' && <ErrorBox error={note} compact />}
      {state === 'unavailable' && (
        <div className="kpi-unavailable" data-testid={`kpi-value-${id}`}>
          <div className="kpi-value muted">—</div>
          <div className="kpi-note">{note}</div>
        </div>
      )}
      {state === 'ready' && (
        <>
          <div className="kpi-value" data-testid={`kpi-value-${id}`}>
            {value}
          </div>
          <div className="kpi-change">
            {empty && <span className="flat">{emptyNote}</span>}
            {!empty && showChange && change !== null && change !== undefined && t('overview.vsPreviousPrefix') && (
              <span className="muted">{t('overview.vsPreviousPrefix')} </span>
            )}
            {empty ? null : showChange && change !== null && change !== undefined ? (
              <span className={change > 0 ? 'up' : change < 0 ? 'down' : 'flat'}>
                {change > 0 ? '▲' : change < 0 ? '▼' : '■'} {fmt.pct(Math.abs(change))}
              </span>
            ) : (
              <span className="flat">{showChange ? t('overview.noPrevious') : '\u00a0'}</span>
            )}
            {!empty && showChange && change !== null && change !== undefined && t('overview.vsPrevious') && <span className="muted"> {t('overview.vsPrevious')}</span>}
          </div>
          <div className="kpi-spark">
            {spark && spark.some((v) => v !== null) ? (
              <Sparkline values={spark} labels={labels} color={color === STATUS_COLOR.none ? '#2563eb' : color} format={sparkFormat} testId={`kpi-spark-${id}`} />
            ) : (
              <div className="kpi-spark-empty" />
            )}
          </div>
          {note && <div className="kpi-note">{note}</div>}
        </>
      )}
    </article>
  );
}
