import { useState } from 'react';
import { api, getSecretKey } from '../api.js';
import { useI18n } from '../i18n/index.jsx';
import { useApp } from '../state.jsx';
import { useAsync } from '../lib/useAsync.js';
import Panel from '../components/Panel.jsx';
import Modal from '../components/Modal.jsx';
import CopyButton from '../components/CopyButton.jsx';
import { ErrorBox, Loading, ProgressBar } from '../components/Feedback.jsx';

const MAX_LABEL_BYTES = 128;
const utf8Length = (s) => new TextEncoder().encode(s).length;

/** The hint the API shows for a key ("gls_…gdGk"): its prefix and its last four characters. */
export function hintOf(key) {
  return key && key.length > 8 ? `${key.slice(0, 4)}…${key.slice(-4)}` : '';
}

const refusedCodes = ['permission_denied', 'unauthenticated'];

/**
 * The current project's API keys (GET /api/v1/keys): write keys whole, with a copy button, secret
 * keys by their hint. A key created here (POST) is listed at once; a secret key is shown whole this
 * one time, in a box that says so, until dismissed. A key is revoked (DELETE) after a confirmation;
 * a refusal (the project's last secret key: 409) is shown in the dialog with the API's message.
 * The project list is read again after a write key changes, for the write keys shown there.
 * The panel's data-status is loading, ready or error.
 */
export default function ApiKeys() {
  const { t, fmt } = useI18n();
  const { project, timeZone, reloadProjects } = useApp();
  const [nonce, setNonce] = useState(0);
  // The key this browser sends (Settings → Secret key): a new one reads the list again.
  const stored = getSecretKey();
  const keys = useAsync((signal) => api.keys(project, signal), [project, nonce, stored], !!project, true);
  const list = keys.data?.keys || [];

  const [kind, setKind] = useState('write');
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [createError, setCreateError] = useState(null);
  const [created, setCreated] = useState(null); // the key just created (a secret one whole)
  const [revoking, setRevoking] = useState(null); // the key whose revocation is being confirmed
  const [revokeError, setRevokeError] = useState(null);
  const [revokeBusy, setRevokeBusy] = useState(false);
  const [revoked, setRevoked] = useState(null); // the key revoked last

  const labelBytes = utf8Length(label.trim());
  const labelTooLong = labelBytes > MAX_LABEL_BYTES;
  const kindName = (k) => t(k === 'secret' ? 'keys.kind.secret' : 'keys.kind.write');

  const changed = (k) => {
    setNonce((n) => n + 1);
    if (k === 'write') reloadProjects();
  };

  const create = async (e) => {
    e.preventDefault();
    if (busy || labelTooLong) return;
    setBusy(true);
    setCreateError(null);
    setRevoked(null);
    try {
      const made = await api.createKey(project, { kind, label: label.trim() });
      setCreated(made);
      setLabel('');
      changed(made.kind);
    } catch (err) {
      setCreateError(err);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async () => {
    if (!revoking || revokeBusy) return;
    setRevokeBusy(true);
    setRevokeError(null);
    try {
      const gone = await api.revokeKey(project, revoking.id);
      setRevoked(gone);
      setRevoking(null);
      if (created?.id === gone.id || created?.kind === 'write') setCreated(null);
      changed(gone.kind);
    } catch (err) {
      setRevokeError(err);
      if (err.code === 'not_found') setNonce((n) => n + 1); // revoked meanwhile: show the list as it is
    } finally {
      setRevokeBusy(false);
    }
  };

  const closeRevoke = () => {
    if (revokeBusy) return;
    setRevoking(null);
    setRevokeError(null);
  };

  const status = keys.error ? 'error' : keys.loading ? 'loading' : 'ready';
  const wrong = (field) => (createError?.field === field || (field === 'label' && labelTooLong) ? ' invalid' : '');

  return (
    <Panel
      title={t('keys.title')}
      subtitle={t('keys.sub', { project })}
      testId="settings-keys"
      status={status}
      actions={
        <button type="button" className="btn ghost small" onClick={() => setNonce((n) => n + 1)} data-testid="keys-refresh">
          {t('common.refresh')}
        </button>
      }
    >
      <ProgressBar active={keys.loading} />
      {keys.error && (
        <div data-testid="keys-error" data-code={keys.error.code}>
          <ErrorBox error={keys.error} />
          {refusedCodes.includes(keys.error.code) && <div className="hint">{t('keys.needSecret')}</div>}
        </div>
      )}
      {keys.loading && !keys.data && <Loading />}
      {keys.data && !list.length && <div className="empty">{t('keys.none')}</div>}
      {list.length > 0 && (
        <table className="data-table keys-table" data-testid="keys-table">
          <thead>
            <tr>
              <th>{t('keys.kind')}</th>
              <th>{t('keys.key')}</th>
              <th>{t('keys.label')}</th>
              <th>{t('keys.created')}</th>
              <th className="num">{t('settings.id')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.map((k) => (
              <tr key={k.id} data-testid="key-row" data-id={k.id} data-kind={k.kind} className={created?.id === k.id ? 'fresh' : undefined}>
                <td className="nowrap">
                  <span className={`tag key-kind ${k.kind}`} data-testid="key-kind">
                    {kindName(k.kind)}
                  </span>
                </td>
                <td>
                  {k.key ? (
                    <span className="key-cell">
                      <code className="key whole" data-testid="key-value">
                        {k.key}
                      </code>
                      <CopyButton text={k.key} testId="key-copy" />
                    </span>
                  ) : (
                    <span className="key-cell">
                      <code className="key" data-testid="key-hint">
                        {k.hint}
                      </code>
                      <span className="hint">{t('keys.hintOnly')}</span>
                    </span>
                  )}
                </td>
                <td className="key-label-cell" data-testid="key-label">
                  {k.label ? k.label : <span className="muted">—</span>}
                </td>
                <td className="nowrap">{fmt.instant(k.created, timeZone)}</td>
                <td className="num">{k.id}</td>
                <td className="num">
                  <button
                    type="button"
                    className="btn danger small"
                    onClick={() => {
                      setRevoking(k);
                      setRevokeError(null);
                    }}
                    data-testid="key-revoke"
                  >
                    {t('keys.revoke')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {revoked && (
        <div className="success" data-testid="key-revoked" data-id={revoked.id}>
          {t('keys.revoked', { kind: kindName(revoked.kind), hint: revoked.hint, id: revoked.id })}
        </div>
      )}

      {created?.kind === 'secret' && created.key && (
        <div className="key-once" role="alert" data-testid="key-created" data-kind="secret" data-id={created.id}>
          <div className="key-once-title">{t('keys.once.title')}</div>
          <div className="key-once-text">{t('keys.once.text')}</div>
          <div className="key-once-value">
            <code className="key whole" data-testid="key-created-value">
              {created.key}
            </code>
            <CopyButton text={created.key} testId="key-created-copy" className="btn small" />
          </div>
          <div className="key-once-foot">
            <span className="hint">{t('keys.once.use')}</span>
            <button type="button" className="btn primary small" onClick={() => setCreated(null)} data-testid="key-created-dismiss">
              {t('keys.once.dismiss')}
            </button>
          </div>
        </div>
      )}
      {created?.kind === 'write' && (
        <div className="success" data-testid="key-created" data-kind="write" data-id={created.id}>
          {t('keys.createdWrite', { id: created.id })}
        </div>
      )}

      <form className="key-create" onSubmit={create} data-testid="key-create-form">
        <label className="field">
          <span>{t('keys.kind')}</span>
          <select
            className={`select${wrong('kind')}`}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value);
              setCreateError(null);
            }}
            data-testid="key-create-kind"
          >
            <option value="write">{t('keys.kind.writeOption')}</option>
            <option value="secret">{t('keys.kind.secretOption')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('keys.labelOptional')}</span>
          <input
            className={`input${wrong('label')}`}
            value={label}
            autoComplete="off"
            spellCheck={false}
            placeholder={t('keys.labelPlaceholder')}
            onChange={(e) => {
              setLabel(e.target.value);
              setCreateError(null);
            }}
            data-testid="key-create-label"
          />
        </label>
        <button type="submit" className="btn primary" disabled={busy || labelTooLong || !project} data-testid="key-create-submit">
          {busy ? t('keys.creating') : t('keys.create')}
        </button>
      </form>
      {labelTooLong && <div className="hint warn-text">{t('keys.labelTooLong', { max: MAX_LABEL_BYTES, n: labelBytes })}</div>}
      {createError && (
        <div className="key-create-error" data-testid="key-create-error" data-code={createError.code}>
          <ErrorBox error={createError} />
          {refusedCodes.includes(createError.code) && <div className="hint">{t('keys.needSecret')}</div>}
        </div>
      )}
      <div className="hint">{t('keys.about')}</div>

      {revoking && (
        <Modal
          title={t('keys.revokeTitle')}
          onClose={closeRevoke}
          testId="key-revoke-dialog"
          width={520}
          footer={
            <>
              <button type="button" className="btn ghost" onClick={closeRevoke} disabled={revokeBusy} data-testid="key-revoke-cancel">
                {t('common.cancel')}
              </button>
              <button type="button" className="btn danger-solid" onClick={revoke} disabled={revokeBusy} data-testid="key-revoke-confirm">
                {revokeBusy ? t('keys.revoking') : t('keys.revoke')}
              </button>
            </>
          }
        >
          <p className="key-revoke-what" data-testid="key-revoke-what">
            {t('keys.revokeQuestion', { kind: kindName(revoking.kind), hint: revoking.hint, id: revoking.id })}
          </p>
          <div className="key-revoke-facts">
            {revoking.label && <span>{t('keys.labelIs', { label: revoking.label })}</span>}
            <span>{t('keys.createdAt', { date: fmt.instant(revoking.created, timeZone) })}</span>
          </div>
          <p className="hint">{t(revoking.kind === 'secret' ? 'keys.revokeSecret' : 'keys.revokeWrite')}</p>
          {stored && (hintOf(stored) === revoking.hint || stored === revoking.key) && (
            <div className="notice warn" data-testid="key-revoke-in-use">
              {t('keys.revokeInUse')}
            </div>
          )}
          {revokeError && (
            <div className="key-revoke-error">
              <ErrorBox error={revokeError} testId="key-revoke-error" />
              {revokeError.code === 'failed_precondition' && revoking.kind === 'secret' && <div className="hint">{t('keys.lastSecret')}</div>}
              {refusedCodes.includes(revokeError.code) && <div className="hint">{t('keys.needSecret')}</div>}
            </div>
          )}
        </Modal>
      )}
    </Panel>
  );
}
