import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/index.jsx';
import { useApp } from '../state.jsx';
import { ErrorBox } from '../components/Feedback.jsx';

/** Says that the KPI definitions and thresholds are the whole project's (and when they last changed). */
export function SharedHint() {
  const { t, fmt } = useI18n();
  const { timeZone, kpiSetting: setting } = useApp();
  return (
    <div className="notice shared-hint" data-testid="kpi-shared-hint">
      <span>{t('kpiShared.hint')}</span>
      {setting.updated && <span className="muted small">{t('kpiShared.updated', { time: fmt.instant(setting.updated, timeZone) })}</span>}
      {setting.local && (
        <span className="small" data-testid="kpi-shared-local">
          {t('kpiShared.localOnly')}
          {setting.localError ? ` ${setting.localError.message}` : ''}
        </span>
      )}
    </div>
  );
}

/**
 * The error of a failed save (the dialog stays open), with what to do when the server refused it.
 * A save over someone else's change (`error.conflict`, see kpiSetting.js) says so: the dialog then
 * shows their values (`part`: 'definitions' or 'thresholds').
 */
export function SaveError({ error, part }) {
  const { t } = useI18n();
  const ref = useRef(null);
  useEffect(() => {
    if (error && ref.current?.scrollIntoView) ref.current.scrollIntoView({ block: 'nearest' });
  }, [error]);
  if (!error) return null;
  if (error.conflict) {
    return (
      <div className="notice warn save-conflict" ref={ref} role="alert" data-testid="kpi-save-conflict" data-code={error.code}>
        <span>{t(part === 'thresholds' ? 'kpiShared.conflictThresholds' : 'kpiShared.conflictDefinitions')}</span>
        <span className="muted small">
          {error.code}: {error.message}
        </span>
      </div>
    );
  }
  const refused = error.code === 'permission_denied' || error.code === 'unauthenticated';
  return (
    <div className="save-error" ref={ref} data-testid="kpi-save-error">
      <div className="hint">{t('kpiShared.saveFailed')}</div>
      <ErrorBox error={error} />
      {refused && <div className="hint">{t('kpiShared.needKey')}</div>}
    </div>
  );
}

/**
 * Runs an async save once at a time, keeping its error: [saving, error, run]. `onConflict(error)`
 * is called when the save failed because someone else changed the values meanwhile (the dialog
 * then shows theirs, `error.parts`).
 */
export function useSave(onSave, onConflict) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState(null);
  const run = async (value) => {
    setSaving(true);
    setError(null);
    try {
      await onSave(value); // on success the dialog closes: no state to set
    } catch (err) {
      if (err?.conflict && onConflict) onConflict(err);
      setError(err);
      setSaving(false);
    }
  };
  return [saving, error, run];
}
