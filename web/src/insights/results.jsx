import { useState } from 'react';
import TrendsChart from '../charts/TrendsChart.jsx';
import FunnelChart from '../charts/FunnelChart.jsx';
import TimeToConvertChart from '../charts/TimeToConvertChart.jsx';
import RetentionCurve from '../charts/RetentionCurve.jsx';
import RetentionTable from '../charts/RetentionTable.jsx';
import PathsSankey from '../charts/PathsSankey.jsx';
import LtvChart from '../charts/LtvChart.jsx';
import { formatSeriesValue, trendsSeriesNames } from '../charts/labels.js';
import { eventLabel, useI18n } from '../i18n/index.jsx';
import { href } from '../router.js';
import { Empty } from '../components/Feedback.jsx';

// One view per query kind: its chart and its data table. Insights and dashboards share them.

/** Headline figures above a result: label and value pairs. */
function Summary({ items, testId }) {
  return (
    <div className="result-summary" data-testid={testId}>
      {items.map(([label, value]) => (
        <div key={label}>
          <span className="summary-label">{label}</span>
          <span className="summary-value">{value}</span>
        </div>
      ))}
    </div>
  );
}

function DataSection({ compact, children }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(!compact);
  if (!compact) return <div className="result-table">{children}</div>;
  return (
    <div className="result-table">
      <button type="button" className="btn ghost small" onClick={() => setOpen(!open)} aria-expanded={open}>
        {open ? t('result.hideData') : t('result.showData')}
      </button>
      {open && children}
    </div>
  );
}

export function TrendsResult({ answer, compact }) {
  const { t, fmt } = useI18n();
  const series = answer.series || [];
  if (!series.length) return <Empty>{t('result.noData')}</Empty>;
  const names = trendsSeriesNames(answer, t);
  const cur = series.map((s, i) => ({ s, i })).filter(({ s }) => !s.compare);
  const prev = series.map((s, i) => ({ s, i })).filter(({ s }) => s.compare);
  const cols = [...cur, ...prev];
  return (
    <>
      <TrendsChart answer={answer} stacked={false} testId="chart-trends" height={compact ? 260 : 320} />
      <DataSection compact={compact}>
        <div className="table-scroll">
          <table className="data-table" data-testid="trends-table">
            <thead>
              <tr>
                <th>{t('trends.bucket')}</th>
                {cols.map(({ i }) => (
                  <th key={i} className="num">
                    {names[i]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(answer.buckets || []).map((b, r) => (
                <tr key={b}>
                  <td className="nowrap">{fmt.bucket(b, answer.interval)}</td>
                  {cols.map(({ s, i }) => (
                    <td key={i} className="num">
                      {formatSeriesValue(fmt, s, s.values?.[r])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th>{t('trends.total')}</th>
                {cols.map(({ s, i }) => (
                  <th key={i} className="num">
                    {formatSeriesValue(fmt, s, s.total)}
                  </th>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      </DataSection>
    </>
  );
}

export function FunnelResult({ answer, compact }) {
  const { t, fmt } = useI18n();
  const steps = answer.steps || [];
  const withTtc = steps.filter((s) => Array.isArray(s.time_to_convert));
  const [ttcStep, setTtcStep] = useState(null);
  if (!steps.length) return <Empty>{t('result.noData')}</Empty>;
  const chosen = withTtc.find((s) => s.step === ttcStep) || withTtc[withTtc.length - 1];
  const last = steps[steps.length - 1];
  return (
    <>
      <Summary testId="funnel-summary" items={[[t('funnel.overall'), fmt.pct(last.conversion_from_first)], [t('funnel.entered'), fmt.num(steps[0].persons)], [t('funnel.completed'), fmt.num(last.persons)]]} />
      <FunnelChart steps={steps} testId="chart-funnel" height={compact ? 260 : 300} />
      <DataSection compact={compact}>
        <div className="table-scroll">
        <table className="data-table" data-testid="funnel-table">
          <thead>
            <tr>
              <th>{t('funnel.step')}</th>
              <th>{t('funnel.event')}</th>
              <th className="num">{t('funnel.persons')}</th>
              <th className="num">{t('funnel.convFromFirst')}</th>
              <th className="num">{t('funnel.convFromPrevious')}</th>
              <th className="num">{t('funnel.medianTime')}</th>
              <th className="num">{t('funnel.avgTime')}</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((s, i) => (
              <tr key={i}>
                <td>{i + 1}</td>
                <td>{eventLabel(t, s.event)}</td>
                <td className="num strong" data-testid={`funnel-persons-${i}`} data-value={s.persons}>
                  {fmt.num(s.persons)}
                </td>
                <td className="num">{fmt.pct(s.conversion_from_first)}</td>
                <td className="num">{fmt.pct(s.conversion_from_previous)}</td>
                <td className="num">{fmt.duration(s.median_seconds_to_convert)}</td>
                <td className="num">{fmt.duration(s.average_seconds_to_convert)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </DataSection>
      {!compact && chosen && (
        <div className="subsection">
          <div className="subsection-head">
            <h4>{t('funnel.ttcTitle')}</h4>
            <select className="select small" value={chosen.step} onChange={(e) => setTtcStep(Number(e.target.value))} data-testid="ttc-step">
              {withTtc.map((s) => (
                <option key={s.step} value={s.step}>
                  {t('funnel.ttcStep', { from: eventLabel(t, steps[s.step - 1]?.event), to: eventLabel(t, s.event) })}
                </option>
              ))}
            </select>
            <span className="muted">
              {t('funnel.medianTime')}: <b>{fmt.duration(chosen.median_seconds_to_convert)}</b>
            </span>
          </div>
          <TimeToConvertChart buckets={chosen.time_to_convert} testId="chart-ttc" />
        </div>
      )}
    </>
  );
}

export function RetentionResult({ answer, compact }) {
  const { t } = useI18n();
  if (!(answer.cohorts || []).length) return <Empty>{t('result.noData')}</Empty>;
  return (
    <>
      <RetentionCurve answer={answer} testId="chart-retention" height={compact ? 200 : 240} />
      <RetentionTable answer={answer} />
    </>
  );
}

export function PathsResult({ answer, compact }) {
  const { t, fmt } = useI18n();
  const nodes = answer.nodes || [];
  if (nodes.length <= 1) return <Empty>{t('result.noData')}</Empty>;
  const total = answer.paths_total || 0;
  const stepName = (s) => (s === 0 ? t('paths.anchor') : s > 0 ? t('paths.stepAfter', { n: s }) : t('paths.stepBefore', { n: -s }));
  return (
    <>
      <Summary items={[[t('paths.pathsTotal'), fmt.num(answer.paths_total)], [t('paths.persons'), fmt.num(answer.persons)]]} />
      <PathsSankey answer={answer} testId="chart-paths" height={compact ? 360 : 440} />
      <DataSection compact={compact}>
        <div className="table-scroll">
        <table className="data-table" data-testid="paths-table">
          <thead>
            <tr>
              <th>{t('paths.step')}</th>
              <th>{t('paths.event')}</th>
              <th className="num">{t('paths.count')}</th>
              <th className="num">{t('paths.share')}</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((n) => (
              <tr key={`${n.step}-${n.event}`}>
                <td>{stepName(n.step)}</td>
                <td>{eventLabel(t, n.event)}</td>
                <td className="num">{fmt.num(n.count)}</td>
                <td className="num">{fmt.pct(total ? n.count / total : null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </DataSection>
    </>
  );
}

export function RfmResult({ answer }) {
  const { t, fmt } = useI18n();
  return (
    <>
      <Summary items={[[t('rfm.persons'), fmt.num(answer.persons)], [t('rfm.purchases'), fmt.num(answer.sum_frequency)], [t('rfm.monetary'), fmt.money(answer.sum_monetary)]]} />
      <div className="table-scroll">
        <table className="data-table" data-testid="rfm-table">
          <thead>
            <tr>
              <th>{t('rfm.person')}</th>
              <th className="num">{t('rfm.recency')}</th>
              <th className="num">{t('rfm.frequency')}</th>
              <th className="num">{t('rfm.monetary')}</th>
            </tr>
          </thead>
          <tbody>
            {(answer.rows || []).map((r) => (
              <tr key={r.person}>
                <td>
                  <a href={href('persons', r.person)}>{r.person}</a>
                </td>
                <td className="num">{t('rfm.days', { n: fmt.num(r.recency) })}</td>
                <td className="num">{fmt.num(r.frequency)}</td>
                <td className="num">{fmt.money(r.monetary)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function LtvResult({ answer, compact }) {
  const { t, fmt } = useI18n();
  const channels = answer.channels || [];
  if (!channels.length) return <Empty>{t('result.noData')}</Empty>;
  return (
    <>
      {(answer.warnings || []).map((w) => (
        <div className="notice" key={w}>
          {w}
        </div>
      ))}
      <LtvChart channels={channels} testId="chart-ltv" />
      <DataSection compact={compact}>
        <div className="table-scroll">
          <table className="data-table" data-testid="ltv-table">
            <thead>
              <tr>
                <th>{t('ltv.channel')}</th>
                <th className="num">{t('ltv.persons')}</th>
                <th className="num">{t('ltv.revenue')}</th>
                <th className="num">{t('ltv.spend')}</th>
                <th className="num">{t('ltv.cac')}</th>
                <th className="num">{t('ltv.ltv7')}</th>
                <th className="num">{t('ltv.ltv30')}</th>
                <th className="num">{t('ltv.ltv7cac')}</th>
                <th className="num">{t('ltv.roi')}</th>
              </tr>
            </thead>
            <tbody>
              {channels.map((c) => (
                <tr key={c.channel}>
                  <td>{eventLabel(t, c.channel)}</td>
                  <td className="num">{fmt.num(c.persons)}</td>
                  <td className="num">{fmt.money(c.revenue)}</td>
                  <td className="num">{fmt.money(c.spend)}</td>
                  <td className="num">{fmt.money(c.cac)}</td>
                  <td className="num">{fmt.money(c.ltv7)}</td>
                  <td className="num">{fmt.money(c.ltv30)}</td>
                  <td className="num">{fmt.ratio(c.ltv7_cac)}</td>
                  <td className="num">{fmt.pct(c.roi)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </DataSection>
    </>
  );
}

const VIEWS = {
  trends: TrendsResult,
  funnel: FunnelResult,
  retention: RetentionResult,
  paths: PathsResult,
  rfm: RfmResult,
  ltv: LtvResult,
};

/** The right view for an answer of any kind. */
export function ResultView({ kind, answer, compact = false }) {
  const { t } = useI18n();
  const View = VIEWS[kind];
  if (!View) return <Empty>{t('result.unknownKind', { kind })}</Empty>;
  return <View answer={answer} compact={compact} />;
}
