import { useState } from 'react';
import { api, getSecretKey } from '../api.js';
import { useI18n } from '../i18n/index.jsx';
import { useAsync } from '../lib/useAsync.js';
import Modal from '../components/Modal.jsx';
import { ErrorBox } from '../components/Feedback.jsx';

/** The project that can never be deleted (the server answers 409): a fresh server sends events to it. */
export const DEFAULT_PROJECT = 'default';

const refusedCodes = ['permission_denied', 'unauthenticated'];

/**
 * The confirmation of deleting `project` (a row of GET /api/v1/projects), in the manner of careful
 * tools: what goes (events, persons, dashboards, settings, keys), that its write keys are refused at
 * once, that it cannot be undone; the Delete button is enabled only once the project's exact name
 * is typed. DELETE /api/v1/projects/{name}; `onDeleted(answer.deleted)` on success. A refusal
 * (403 when not the server's operator, 409 for "default", 404 when gone meanwhile) is shown in
 * the dialog with the API's code and message, and the dialog stays open.
 */
export default function DeleteProject({ project, current, onClose, onDeleted, onGone }) {
  const { t, fmt } = useI18n();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  // What the project holds, to say what is lost; the dialog works without it.
  const stats = useAsync((signal) => api.stats(project.name, signal).catch(() => null), [project.name], true);
  const events = stats.data?.events;
  const matches = typed === project.name;

  const submit = async (e) => {
    e.preventDefault();
    if (!matches || busy) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await api.deleteProject(project.name);
      onDeleted(answer.deleted || { id: project.id, name: project.name });
    } catch (err) {
      setError(err);
      setBusy(false);
      if (err.code === 'not_found' && onGone) onGone(); // deleted meanwhile: show the list as it is
    }
  };
  const close = () => {
    if (!busy) onClose();
  };

  return (
    <Modal
      title={t('settings.deleteProject.title')}
      onClose={close}
      testId="project-delete-dialog"
      width={540}
      footer={
        <>
          <button type="button" className="btn ghost" onClick={close} disabled={busy} data-testid="project-delete-cancel">
            {t('common.cancel')}
          </button>
          <button type="submit" form="project-delete-form" className="btn danger-solid" disabled={!matches || busy} data-testid="project-delete-confirm">
            {busy ? t('settings.deleteProject.deleting') : t('settings.deleteProject.confirm')}
          </button>
        </>
      }
    >
      <p className="project-delete-what" data-testid="project-delete-what">
        {t('settings.deleteProject.question', { name: project.name, id: project.id })}
      </p>
      <div className="project-delete-facts">
        <span>{t('settings.deleteProject.zone', { zone: project.time_zone })}</span>
        <span>{t('settings.deleteProject.createdAt', { date: fmt.instant(project.created, project.time_zone) })}</span>
        {typeof events === 'number' && <span data-testid="project-delete-events">{t.count('settings.deleteProject.events', { n: events, count: fmt.num(events) })}</span>}
      </div>
      <div className="danger-notice" data-testid="project-delete-warning">
        <ul>
          <li>{t('settings.deleteProject.data')}</li>
          <li>{t('settings.deleteProject.keys')}</li>
        </ul>
        <b>{t('settings.deleteProject.undo')}</b>
      </div>
      {current && <p className="hint">{t('settings.deleteProject.current')}</p>}
      <form id="project-delete-form" className="project-delete-form" onSubmit={submit}>
        <label className="field">
          <span>
            {t('settings.deleteProject.typeName')} <code className="key">{project.name}</code>
          </span>
          <input
            className="input"
            value={typed}
            autoFocus
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            aria-label={t('settings.deleteProject.typeName')}
            onChange={(e) => {
              setTyped(e.target.value);
              setError(null);
            }}
            data-testid="project-delete-name"
          />
        </label>
      </form>
      {error && (
        <div className="project-delete-error">
          <ErrorBox error={error} testId="project-delete-error" />
          {refusedCodes.includes(error.code) && (
            <div className="hint">
              {t('settings.deleteProject.operator')} {getSecretKey() && t('settings.deleteProject.forgetKey')}
            </div>
          )}
        </div>
      )}
    </Modal>
  );
}
