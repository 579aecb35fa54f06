import { useState } from 'react';
import Modal from './Modal.jsx';
import { ErrorBox, Spinner } from './Feedback.jsx';
import { api } from '../api.js';
import { useI18n } from '../i18n/index.jsx';
import { useApp } from '../state.jsx';
import { useAsync } from '../lib/useAsync.js';
import { href } from '../router.js';
import { todayInZone } from '../lib/dates.js';

/**
 * The query as a dashboard keeps it: a preset range that ends today ("last 30 days") is saved
 * as relative dates, so that the dashboard moves with the clock; other ranges as they are.
 */
function savedQuery(query, { rangeChoice, anchor, timeZone }) {
  if (!rangeChoice.preset || anchor !== todayInZone(timeZone)) return query;
  return { ...query, from: `-${rangeChoice.preset - 1}d`, to: 'today' };
}

/**
 * Saves one query as an item of a new dashboard, or appends it to an existing one
 * (PUT replaces the whole dashboard, so: read it, append, write it back).
 */
export default function SaveToDashboard({ kind, query, defaultTitle, onClose }) {
  const { t } = useI18n();
  const app = useApp();
  const { project } = app;
  const list = useAsync((signal) => api.dashboards(project, signal), [project]);
  const dashboards = list.data?.dashboards || [];
  const [mode, setMode] = useState('new');
  const [name, setName] = useState('');
  const [target, setTarget] = useState('');
  const [title, setTitle] = useState(defaultTitle.slice(0, 256));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState(null);
  const [saved, setSaved] = useState(null);

  const chosen = target || (dashboards[0] ? String(dashboards[0].id) : '');
  const canSave = title.trim() && (mode === 'new' ? name.trim() : chosen) && !saving;

  const save = async () => {
    setSaving(true);
    setError(null);
    const item = { title: title.trim(), kind, query: savedQuery(query, app) };
    try {
      let result;
      if (mode === 'new') {
        result = await api.createDashboard(project, { name: name.trim(), items: [item] });
      } else {
        const current = await api.dashboard(project, chosen);
        const def = { name: current.name, items: [...(current.items || []).map(({ title: ti, kind: k, query: q }) => ({ title: ti, kind: k, query: q })), item] };
        if (current.description) def.description = current.description;
        result = await api.replaceDashboard(project, chosen, def);
      }
      setSaved(result);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  const footer = saved ? (
    <>
      <a className="btn ghost" href={href('dashboards', String(saved.id))} onClick={onClose} data-testid="save-open-dashboard">
        {t('save.open')}
      </a>
      <button type="button" className="btn primary" onClick={onClose}>
        {t('common.done')}
      </button>
    </>
  ) : (
    <>
      <button type="button" className="btn ghost" onClick={onClose}>
        {t('common.cancel')}
      </button>
      <button type="button" className="btn primary" disabled={!canSave} onClick={save} data-testid="save-confirm">
        {saving ? <Spinner size={14} /> : null} {t('common.save')}
      </button>
    </>
  );

  return (
    <Modal title={t('save.title')} onClose={onClose} footer={footer} testId="save-dialog">
      {saved ? (
        <div className="success" data-testid="save-success">
          {t('save.done', { title: title.trim(), name: saved.name })}
        </div>
      ) : (
        <div className="form-stack">
          <label className="field">
            <span>{t('save.itemTitle')}</span>
            <input className="input" value={title} maxLength={256} onChange={(e) => setTitle(e.target.value)} data-testid="save-title" />
          </label>
          <div className="radio-row">
            <label className="check">
              <input type="radio" name="save-mode" checked={mode === 'new'} onChange={() => setMode('new')} data-testid="save-mode-new" />
              <span>{t('save.newDashboard')}</span>
            </label>
            <label className="check">
              <input type="radio" name="save-mode" checked={mode === 'existing'} disabled={!dashboards.length} onChange={() => setMode('existing')} data-testid="save-mode-existing" />
              <span>{t('save.existingDashboard')}</span>
            </label>
          </div>
          {mode === 'new' ? (
            <label className="field">
              <span>{t('save.name')}</span>
              <input className="input" value={name} maxLength={128} placeholder={t('save.namePlaceholder')} onChange={(e) => setName(e.target.value)} data-testid="save-new-name" />
            </label>
          ) : (
            <label className="field">
              <span>{t('save.dashboard')}</span>
              <select className="select" value={chosen} onChange={(e) => setTarget(e.target.value)} data-testid="save-existing">
                {dashboards.map((d) => (
                  <option key={d.id} value={d.id}>
                    {t.count('save.dashboardOption', { name: d.name, n: d.queries })}
                  </option>
                ))}
              </select>
            </label>
          )}
          {list.loading && <Spinner size={14} label={t('common.loading')} />}
          <ErrorBox error={list.error || error} />
        </div>
      )}
    </Modal>
  );
}
