import { useState } from 'react';
import Modal from '../components/Modal.jsx';
import { useI18n } from '../i18n/index.jsx';
import { KPIS, defaultThresholds, loadThresholds } from './kpis.js';
import { SaveError, SharedHint, useSave } from './SharedNote.jsx';

/** Red / yellow thresholds of every KPI card, for the current project (shared by its team). */
export default function ThresholdsDialog({ thresholds, onSave, onClose }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(() => JSON.parse(JSON.stringify(thresholds)));
  // Saved over someone else's change: the dialog shows their thresholds (and says so).
  const [saving, saveError, save] = useSave(onSave, (conflict) => setDraft(loadThresholds(conflict.parts.thresholds)));
  const set = (id, key, v) => setDraft({ ...draft, [id]: { ...draft[id], [key]: v } });
  const parsed = Object.fromEntries(KPIS.map((k) => [k.id, { red: Number(draft[k.id].red), yellow: Number(draft[k.id].yellow) }]));
  const bad = KPIS.filter((k) => {
    const p = parsed[k.id];
    return !Number.isFinite(p.red) || !Number.isFinite(p.yellow) || p.yellow < p.red || String(draft[k.id].red) === '' || String(draft[k.id].yellow) === '';
  }).map((k) => k.id);

  const footer = (
    <>
      <button type="button" className="btn ghost" onClick={() => setDraft(defaultThresholds())} data-testid="thresholds-reset">
        {t('thresholds.reset')}
      </button>
      <span className="spacer" />
      <button type="button" className="btn ghost" onClick={onClose}>
        {t('common.cancel')}
      </button>
      <button type="button" className="btn primary" disabled={bad.length > 0 || saving} onClick={() => save(parsed)} data-testid="thresholds-save">
        {saving ? t('common.saving') : t('common.save')}
      </button>
    </>
  );

  return (
    <Modal title={t('thresholds.title')} onClose={onClose} footer={footer} testId="thresholds-dialog" width={640}>
      <p className="hint">{t('thresholds.intro')}</p>
      <SharedHint />
      <table className="data-table thresholds">
        <thead>
          <tr>
            <th>{t('thresholds.kpi')}</th>
            <th>{t('thresholds.rule')}</th>
            <th className="num">
              <i className="dot red" /> {t('thresholds.red')}
            </th>
            <th className="num">
              <i className="dot yellow" /> {t('thresholds.yellow')}
            </th>
          </tr>
        </thead>
        <tbody>
          {KPIS.map((k) => (
            <tr key={k.id} className={bad.includes(k.id) ? 'invalid' : ''}>
              <td>{t(`kpi.${k.id}`)}</td>
              <td className="muted small">{t(k.basis === 'value' ? `thresholds.valueRule.${k.unit === '%' ? 'pct' : 'ratio'}` : 'thresholds.changeRule')}</td>
              <td className="num">
                <input className="input narrow" type="number" step="any" value={draft[k.id].red} onChange={(e) => set(k.id, 'red', e.target.value)} data-testid={`threshold-${k.id}-red`} />
                <span className="unit">{k.unit}</span>
              </td>
              <td className="num">
                <input className="input narrow" type="number" step="any" value={draft[k.id].yellow} onChange={(e) => set(k.id, 'yellow', e.target.value)} data-testid={`threshold-${k.id}-yellow`} />
                <span className="unit">{k.unit}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {bad.length > 0 && <div className="notice warn">{t('thresholds.invalid')}</div>}
      <SaveError error={saveError} part="thresholds" />
    </Modal>
  );
}
