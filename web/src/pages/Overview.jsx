import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../api.js';
import { eventLabel, useI18n } from '../i18n/index.jsx';
import { useApp } from '../state.jsx';
import { useAsync } from '../lib/useAsync.js';
import { addDays, previousRange } from '../lib/dates.js';
import KpiCard from '../overview/KpiCard.jsx';
import ThresholdsDialog from '../overview/ThresholdsDialog.jsx';
import DefinitionsDialog from '../overview/DefinitionsDialog.jsx';
import { definitionStatus } from '../overview/definitions.js';
import { KPIS, kpiStatus, relativeChange } from '../overview/kpis.js';
import { useKpiDefinitions, useKpiThresholds } from '../overview/shared.js';
import { cohortMetrics, ltvCac, ltvCacByCohort } from '../overview/metrics.js';
import TrendsChart from '../charts/TrendsChart.jsx';
import { loadEcharts } from '../charts/EChart.jsx';
import Panel from '../components/Panel.jsx';
import { Empty, ErrorBox, Loading } from '../components/Feedback.jsx';

const MAX_RETENTION_DAYS = 500;

/** Fires every KPI query of the overview in parallel (once the shared definitions are read); each card follows its own query. */
function useOverviewQueries(defs) {
  const { project, range, schema, bounds, ready, kpiSetting } = useApp();
  const s = schema.data;
  const prev = previousRange(range);
  // Nothing to compare with when the previous period ends before the first event.
  const prevHasData = !!bounds && bounds.first <= prev.to;
  const key = [project, range.from, range.to, prevHasData];
  const { hasRevenue, hasChannel, hasFunnel, missingSteps } = definitionStatus(defs, s);
  const { activity, revenueEvent: event, revenueProperty: property } = defs;
  const revenueSeries = [{ event, math: 'sum', property }];
  const revenueKey = [...key, event, property];
  const on = ready && !!s && !kpiSetting.loading;
  const q = (kind, body, signal) => api.query(project, kind, body, signal);

  const dau = useAsync(
    (sig) => q('trends', { ...range, interval: 'day', series: [{ event: '$all', math: 'dau' }], compare: prevHasData }, sig),
    key, on,
  );
  const revenue = useAsync(
    (sig) => q('trends', { ...range, interval: 'day', series: revenueSeries, compare: prevHasData }, sig),
    revenueKey, on && hasRevenue,
  );
  const byChannel = useAsync(
    (sig) => q('trends', { ...range, interval: 'day', series: revenueSeries, breakdown: { property: defs.channel, limit: 5 } }, sig),
    [...revenueKey, defs.channel], on && hasChannel,
  );
  const funnel = useAsync(
    (sig) => {
      const body = { window_seconds: defs.windowSeconds, steps: defs.funnel.map((e) => ({ event: e })) };
      return Promise.all([
        q('funnel', { ...range, ...body, conversion_over_time: 'day' }, sig),
        prevHasData ? q('funnel', { ...prev, ...body }, sig) : null,
      ]);
    },
    [...key, defs.funnel, defs.windowSeconds], on && hasFunnel,
  );
  // Cohorts of first-ever events since the data began: new persons and their D1/D7 retention.
  const retentionFrom = (() => {
    if (!bounds) return range.from;
    const earliest = addDays(range.to, -MAX_RETENTION_DAYS);
    const from = bounds.first > earliest ? bounds.first : earliest;
    return from > range.from ? range.from : from;
  })();
  const retention = useAsync(
    (sig) =>
      q('retention', {
        from: retentionFrom,
        to: range.to,
        start_event: { event: '$all' },
        ...(activity === '$all' ? {} : { return_event: { event: activity } }),
        start: 'first_time',
        period: 'day',
        periods: 7,
      }, sig),
    [...key, retentionFrom, activity], on,
  );
  const ltv = useAsync(
    async (sig) => {
      const costs = await api.costs(project, { from: prev.from, to: range.to }, sig);
      if (!costs.costs?.length) return { noCosts: true };
      // The channel defined is also the one costs are matched by; unset, the API's default applies.
      const body = { period: 'day', revenue_event: event, amount_property: property, ...(defs.channel ? { channel_property: defs.channel } : {}) };
      const [cur, before] = await Promise.all([q('ltv', { ...range, ...body }, sig), prevHasData ? q('ltv', { ...prev, ...body }, sig) : null]);
      return { cur, before };
    },
    [...revenueKey, defs.channel], on && hasRevenue,
  );
  // ECharts is fetched and evaluated while the answers are on their way (once the queries are sent).
  useEffect(() => {
    if (!on) return undefined;
    const timer = setTimeout(() => loadEcharts().catch(() => {}), 0);
    return () => clearTimeout(timer);
  }, [on]);
  return { dau, revenue, byChannel, funnel, retention, ltv, prev, prevHasData, hasRevenue, hasFunnel, hasChannel, missingSteps };
}

/** The eighth tile: how many KPIs are red, yellow and green, naming the ones that need a look. */
function HealthCard({ health, loading, onEdit }) {
  const { t } = useI18n();
  const attention = [...health.red, ...health.yellow];
  return (
    <article className="kpi-card health-card" data-testid="kpi-health" data-status={loading ? 'loading' : 'ready'}>
      <header className="kpi-head">
        <span className="kpi-label">{t('overview.health')}</span>
      </header>
      <div className="health-counts">
        {['red', 'yellow', 'green'].map((s) => (
          <div key={s} className={`health-count ${s}`}>
            <b>{health[s].length}</b>
            <span>{t(`status.${s}`)}</span>
          </div>
        ))}
      </div>
      <div className="kpi-note">
        {loading
          ? t('common.loading')
          : health.failed.length
            ? t('overview.failedKpis', { list: health.failed.map((id) => t(`kpi.${id}`)).join(t('overview.listSep')) })
            : attention.length
              ? t('overview.needsLook', { list: attention.map((id) => t(`kpi.${id}`)).join(t('overview.listSep')) })
              : t('overview.allHealthy')}
      </div>
      <button type="button" className="btn ghost small health-edit" onClick={onEdit} data-testid="thresholds-open">
        {t('thresholds.button')}
      </button>
    </article>
  );
}

function cardState(query, available) {
  if (!available) return 'unavailable';
  if (query.loading) return 'loading';
  if (query.error) return 'error';
  return 'ready';
}

export default function Overview() {
  const { t, fmt } = useI18n();
  const { project, range, bounds, compare, setCompare, schema, ready } = useApp();
  const [defs, saveDefs, kpiSetting] = useKpiDefinitions();
  const [thresholds, saveThresholds] = useKpiThresholds();
  const d = useOverviewQueries(defs);
  const [editing, setEditing] = useState(false);
  const [defining, setDefining] = useState(false);
  useEffect(() => {
    setEditing(false);
    setDefining(false);
  }, [project]);

  const { prevHasData } = d;
  const cm = useMemo(() => cohortMetrics(d.retention.data, range), [d.retention.data, range]);
  const cmPrev = useMemo(() => cohortMetrics(d.retention.data, d.prev), [d.retention.data, d.prev]);

  const revenueVars = { event: defs.revenueEvent, property: defs.revenueProperty };
  const revenueMissing = t(defs.revenueEvent ? 'kpi.revenue.missing' : 'kpi.revenue.choose', revenueVars);

  const cards = useMemo(() => {
    const revenueHint = (key) => (defs.revenueEvent ? t(key, revenueVars) : revenueMissing);
    const returnHint = (id) => t(`kpi.${id}.hint`, { event: eventLabel(t, defs.activity) });
    const ch = (cur, before) => (prevHasData ? relativeChange(cur, before) : null);
    const list = [];
    {
      const a = d.dau.data;
      const cur = a?.series?.find((x) => !x.compare);
      const before = a?.series?.find((x) => x.compare);
      list.push({
        id: 'dau', query: d.dau, available: true,
        value: cur?.total, display: fmt.num(cur?.total, 0), change: ch(cur?.total, before?.total),
        spark: cur?.values, sparkLabels: a?.buckets || [], sparkFormat: (v) => fmt.num(v),
      });
    }
    list.push({
      id: 'new', query: d.retention, available: true,
      value: cm.newPersons, display: fmt.num(cm.newPersons), change: ch(cm.newPersons, cmPrev.newPersons),
      spark: cm.newSeries, sparkLabels: cm.labels, sparkFormat: (v) => fmt.num(v),
      note: bounds && range.from <= bounds.first ? t('kpi.new.firstDayNote') : null,
    });
    {
      const [cur, before] = d.funnel.data || [];
      const last = (a) => a?.steps?.[a.steps.length - 1]?.conversion_from_first;
      const periods = cur?.conversion_over_time?.periods || [];
      list.push({
        id: 'conversion', query: d.funnel, available: d.hasFunnel,
        value: last(cur), display: fmt.pct(last(cur)), change: ch(last(cur), last(before)),
        spark: periods.map((p) => p.conversion), sparkLabels: periods.map((p) => p.period), sparkFormat: (v) => fmt.pct(v),
        hint: defs.funnel.length ? t('kpi.conversion.hint', { steps: defs.funnel.join(' → '), window: fmt.span(defs.windowSeconds) }) : t('kpi.conversion.choose'),
        unavailableNote: d.missingSteps.length
          ? t('kpi.conversion.missing', { events: d.missingSteps.join(t('overview.listSep')) })
          : t('kpi.conversion.choose'),
      });
    }
    {
      const a = d.revenue.data;
      const cur = a?.series?.find((x) => !x.compare);
      const before = a?.series?.find((x) => x.compare);
      list.push({
        id: 'revenue', query: d.revenue, available: d.hasRevenue,
        value: cur?.total, display: fmt.compact(cur?.total), change: ch(cur?.total, before?.total),
        spark: cur?.values, sparkLabels: a?.buckets || [], sparkFormat: (v) => fmt.money(v),
        hint: revenueHint('kpi.revenue.hint'),
        unavailableNote: revenueMissing,
      });
    }
    list.push({
      id: 'd1', query: d.retention, available: true, hint: returnHint('d1'),
      value: cm.d1, display: fmt.pct(cm.d1), change: ch(cm.d1, cmPrev.d1),
      spark: cm.d1Series, sparkLabels: cm.labels, sparkFormat: (v) => fmt.pct(v),
    });
    list.push({
      id: 'd7', query: d.retention, available: true, hint: returnHint('d7'),
      value: cm.d7, display: fmt.pct(cm.d7), change: ch(cm.d7, cmPrev.d7),
      spark: cm.d7Series, sparkLabels: cm.labels, sparkFormat: (v) => fmt.pct(v),
    });
    {
      const data = d.ltv.data;
      if (data?.noCosts) {
        list.push({ id: 'ltvcac', query: d.ltv, available: false, hint: revenueHint('kpi.ltvcac.hint'), unavailableNote: t('kpi.ltvcac.noCosts') });
      } else {
        const cur = data ? ltvCac(data.cur.channels || []) : null;
        const before = data?.before ? ltvCac(data.before.channels || []) : null;
        const series = ltvCacByCohort(data?.cur);
        list.push({
          id: 'ltvcac', query: d.ltv, available: d.hasRevenue, hint: revenueHint('kpi.ltvcac.hint'),
          value: cur, display: fmt.ratio(cur), change: ch(cur, before),
          spark: series.values, sparkLabels: series.labels, sparkFormat: (v) => fmt.ratio(v),
          note: data && cur === null ? t('kpi.ltvcac.noSpend') : null,
          unavailableNote: d.hasRevenue ? null : revenueMissing,
        });
      }
    }
    return list;
  }, [d, defs, revenueMissing, cm, cmPrev, fmt, t, prevHasData, bounds, range]);

  const showPrevious = compare && prevHasData;
  const dauChart = useMemo(() => {
    const a = d.dau.data;
    if (!a) return null;
    return { ...a, series: (a.series || []).filter((x) => showPrevious || !x.compare) };
  }, [d.dau.data, showPrevious]);
  const dauNames = useCallback((s) => (s.compare ? t('overview.previousPeriod') : t('overview.thisPeriod')), [t]);
  const health = useMemo(() => {
    const counts = { red: [], yellow: [], green: [], failed: [] };
    for (const c of cards) {
      if (c.query.loading || !c.available) continue;
      if (c.query.error) {
        counts.failed.push(c.id);
        continue;
      }
      const kpi = KPIS.find((k) => k.id === c.id);
      const st = kpiStatus(kpi, c.value, compare ? c.change : null, thresholds[c.id]);
      if (counts[st]) counts[st].push(c.id);
    }
    return counts;
  }, [cards, compare, thresholds]);
  const loadingAny = cards.some((c) => c.available && c.query.loading);

  if (schema.error) return <ErrorBox error={schema.error} />;
  if (!ready || kpiSetting.loading) return <Loading />;
  if (!bounds) {
    return (
      <div className="page" data-testid="page-overview">
        <Empty testId="overview-empty">{t('overview.noData')}</Empty>
      </div>
    );
  }

  return (
    <div className="page" data-testid="page-overview">
      <div className="toolbar">
        <label className="check">
          <input type="checkbox" checked={compare} onChange={(e) => setCompare(e.target.checked)} data-testid="compare-toggle" />
          <span>{t('overview.compare')}</span>
        </label>
        <span className="muted small">
          {compare && (prevHasData ? t('overview.previousRange', { from: fmt.date(d.prev.from), to: fmt.date(d.prev.to) }) : t('overview.previousEmpty'))}
        </span>
        <span className="spacer" />
        <span className="muted small">{t('overview.latestData', { date: fmt.date(bounds.last) })}</span>
        <button type="button" className="btn ghost small" onClick={() => setDefining(true)} data-testid="kpi-defs-open">
          {t('kpiDefs.button')}
        </button>
      </div>

      {kpiSetting.error && (
        <div className="kpi-setting-error">
          <div className="hint">{t('kpiShared.readFailed')}</div>
          <ErrorBox error={kpiSetting.error} compact testId="kpi-setting-error" />
        </div>
      )}

      <div className="kpi-grid" data-testid="overview-kpis">
        {cards.map((c) => {
          const kpi = KPIS.find((k) => k.id === c.id);
          const state = cardState(c.query, c.available);
          return (
            <KpiCard
              key={c.id}
              id={c.id}
              label={t(`kpi.${c.id}`)}
              hint={c.hint || t(`kpi.${c.id}.hint`)}
              state={state}
              value={c.display}
              empty={c.value === null || c.value === undefined}
              emptyNote={c.id === 'ltvcac' ? '' : t(c.id === 'd1' || c.id === 'd7' ? `kpi.${c.id}.tooShort` : 'overview.noValue')}
              change={c.change}
              showChange={compare && prevHasData}
              status={kpiStatus(kpi, c.value, compare ? c.change : null, thresholds[c.id])}
              spark={c.spark}
              sparkLabels={c.sparkLabels || []}
              sparkFormat={c.sparkFormat}
              note={state === 'error' ? c.query.error : state === 'unavailable' ? c.unavailableNote : c.note}
            />
          );
        })}
        <HealthCard health={health} loading={loadingAny} onEdit={() => setEditing(true)} />
      </div>

      <div className="chart-grid">
        <Panel title={t('overview.dauChart')} subtitle={showPrevious ? t('overview.dauChartCompare') : t('overview.dauChartSub')} testId="overview-dau" status={d.dau.loading ? 'loading' : 'ready'}>
          {d.dau.error && <ErrorBox error={d.dau.error} />}
          {d.dau.loading && <Loading />}
          {dauChart && <TrendsChart answer={dauChart} nameOf={dauNames} testId="chart-dau" height={280} />}
        </Panel>
        <Panel
          title={t('overview.revenueChart')}
          subtitle={d.hasChannel ? t('overview.revenueChartSub', { event: defs.revenueEvent, property: defs.revenueProperty, channel: defs.channel }) : null}
          testId="overview-revenue"
          status={d.byChannel.loading ? 'loading' : 'ready'}
        >
          {!d.hasChannel && <Empty>{d.hasRevenue ? t('overview.chooseChannel') : revenueMissing}</Empty>}
          {d.byChannel.error && <ErrorBox error={d.byChannel.error} />}
          {d.byChannel.loading && <Loading />}
          {d.byChannel.data && <TrendsChart answer={d.byChannel.data} type="bar" stacked testId="chart-revenue" height={280} />}
        </Panel>
      </div>

      {defining && (
        <DefinitionsDialog
          definitions={defs}
          onClose={() => setDefining(false)}
          onSave={async (next) => {
            await saveDefs(next);
            setDefining(false);
          }}
        />
      )}
      {editing && (
        <ThresholdsDialog
          thresholds={thresholds}
          onClose={() => setEditing(false)}
          onSave={async (next) => {
            await saveThresholds(next);
            setEditing(false);
          }}
        />
      )}
    </div>
  );
}
