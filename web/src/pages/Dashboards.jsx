import { useState } from 'react';
import { api } from '../api.js';
import { useI18n } from '../i18n/index.jsx';
import { useApp } from '../state.jsx';
import { useAsync } from '../lib/useAsync.js';
import { href, navigate } from '../router.js';
import { ResultView } from '../insights/results.jsx';
import Panel from '../components/Panel.jsx';
import Modal from '../components/Modal.jsx';
import { Empty, ErrorBox, Loading, ProgressBar } from '../components/Feedback.jsx';

function DashboardList() {
  const { t, fmt } = useI18n();
  const { project, timeZone } = useApp();
  const list = useAsync((signal) => api.dashboards(project, signal), [project], !!project);
  const dashboards = list.data?.dashboards || [];
  return (
    <div className="page" data-testid="page-dashboards">
      <Panel title={t('dashboards.title')} subtitle={t('dashboards.subtitle')} testId="dashboard-list" status={list.loading ? 'loading' : 'ready'}>
        <ProgressBar active={list.loading} />
        {list.error && <ErrorBox error={list.error} />}
        {list.loading && <Loading />}
        {list.data && !dashboards.length && (
          <Empty testId="dashboards-empty">
            {t('dashboards.none')} <a href={href('insights', 'trends')}>{t('dashboards.goInsights')}</a>
          </Empty>
        )}
        {dashboards.length > 0 && (
          <div className="dashboard-cards">
            {dashboards.map((d) => (
              <a key={d.id} className="dashboard-card" href={href('dashboards', String(d.id))} data-testid="dashboard-row" data-name={d.name}>
                <div className="dashboard-name">{d.name}</div>
                {d.description && <div className="dashboard-desc">{d.description}</div>}
                <div className="dashboard-meta">
                  <span>{t.count('dashboards.queries', { n: d.queries })}</span>
                  <span>{t('dashboards.updated', { when: fmt.instant(d.updated, timeZone) })}</span>
                </div>
              </a>
            ))}
          </div>
        )}
      </Panel>
    </div>
  );
}

function DashboardItem({ item, index }) {
  const { t } = useI18n();
  const failed = !!item.error;
  return (
    <Panel
      title={item.title}
      className="dashboard-item"
      testId="dashboard-item"
      status={failed ? 'error' : 'ready'}
      actions={<span className={`kind-badge ${item.kind}`}>{t(`kind.${item.kind}`)}</span>}
    >
      <div data-index={index} data-kind={item.kind}>
        {failed ? <ErrorBox error={item.error} /> : <ResultView kind={item.kind} answer={item.answer} compact />}
      </div>
    </Panel>
  );
}

function DashboardView({ id }) {
  const { t, fmt } = useI18n();
  const { project } = useApp();
  const [override, setOverride] = useState({ from: '', to: '' });
  const [draft, setDraft] = useState({ from: '', to: '' });
  const [nonce, setNonce] = useState(0);
  const [refresh, setRefresh] = useState(false);
  const [deleteError, setDeleteError] = useState(null);
  const results = useAsync(
    (signal) => api.dashboardResults(project, id, { ...override, refresh }, signal),
    [project, id, override.from, override.to, nonce],
    !!project,
    true,
  );
  const data = results.data;
  const stats = data?.stats;

  const [confirming, setConfirming] = useState(false);
  const remove = async () => {
    setConfirming(false);
    try {
      await api.deleteDashboard(project, id);
      navigate('dashboards');
    } catch (err) {
      setDeleteError(err);
    }
  };

  return (
    <div className="page" data-testid="page-dashboard">
      <div className="dash-head">
        <a href={href('dashboards')} className="btn ghost small">
          ← {t('dashboards.back')}
        </a>
        <div className="dash-title">
          <h2 data-testid="dashboard-name">{data?.dashboard?.name || '…'}</h2>
          {data?.dashboard?.description && <div className="muted small">{data.dashboard.description}</div>}
        </div>
      </div>
      <div className="toolbar dash-tools">
        <label className="field inline">
          <span>{t('range.from')}</span>
          <input type="date" className="input" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} data-testid="dashboard-from" />
        </label>
        <label className="field inline">
          <span>{t('range.to')}</span>
          <input type="date" className="input" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} data-testid="dashboard-to" />
        </label>
        <button
          type="button"
          className="btn ghost small"
          onClick={() => {
            setRefresh(false);
            setOverride({ ...draft });
          }}
          data-testid="dashboard-apply"
        >
          {t('dashboards.applyRange')}
        </button>
        {(override.from || override.to) && (
          <button
            type="button"
            className="btn ghost small"
            onClick={() => {
              setDraft({ from: '', to: '' });
              setOverride({ from: '', to: '' });
            }}
          >
            {t('dashboards.savedRange')}
          </button>
        )}
        {stats && (
          <span className="muted small" data-testid="dashboard-stats">
            {t('dashboards.stats', { n: stats.queries, cached: stats.cached, failed: stats.failed, ms: fmt.num(stats.elapsed_ms, 1) })}
            {(override.from || override.to) && ` · ${t('dashboards.overridden')}`}
          </span>
        )}
        <span className="spacer" />
        <button
          type="button"
          className="btn primary small"
          onClick={() => {
            setRefresh(true);
            setNonce((n) => n + 1);
          }}
          data-testid="dashboard-refresh"
        >
          {t('common.refresh')}
        </button>
        <button type="button" className="btn danger small" onClick={() => setConfirming(true)} data-testid="dashboard-delete">
          {t('common.delete')}
        </button>
      </div>
      <ProgressBar active={results.loading} />
      <ErrorBox error={results.error || deleteError} />
      {results.loading && !data && <Loading label={t('dashboards.running')} />}
      {data && !data.results?.length && <Empty>{t('dashboards.noItems')}</Empty>}
      {confirming && (
        <Modal
          title={t('dashboards.deleteTitle')}
          onClose={() => setConfirming(false)}
          testId="delete-dialog"
          footer={
            <>
              <button type="button" className="btn ghost" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </button>
              <button type="button" className="btn danger" onClick={remove} data-testid="delete-confirm">
                {t('common.delete')}
              </button>
            </>
          }
        >
          <p>{t('dashboards.confirmDelete', { name: data?.dashboard?.name || id })}</p>
        </Modal>
      )}
      <div className={`dashboard-items ${results.loading ? 'stale' : ''}`} data-testid="dashboard-items">
        {(data?.results || []).map((item, i) => (
          <DashboardItem key={`${i}-${item.title}`} item={item} index={i} />
        ))}
      </div>
    </div>
  );
}

export default function Dashboards({ id }) {
  return id ? <DashboardView id={id} /> : <DashboardList />;
}
