import { useI18n } from '../i18n/index.jsx';

export function Spinner({ size = 18, label }) {
  return (
    <span className="spinner-wrap" role="status">
      <span className="spinner" style={{ width: size, height: size }} />
      {label && <span className="spinner-label">{label}</span>}
    </span>
  );
}

/** An indeterminate bar across the top of a panel while something loads. */
export function ProgressBar({ active }) {
  return <div className={`progress ${active ? 'active' : ''}`} aria-hidden={!active} />;
}

/** An API error with its code and message, never swallowed. */
export function ErrorBox({ error, compact = false, testId = 'api-error' }) {
  const { t } = useI18n();
  if (!error) return null;
  const code = error.code || error.name || 'error';
  return (
    <div className={`error-box ${compact ? 'compact' : ''}`} role="alert" data-testid={testId} data-code={code}>
      <div className="error-title">
        <span className="error-code">{code}</span>
        {!compact && <span>{t(code === 'network' ? 'error.network' : 'error.title')}</span>}
      </div>
      <div className="error-message">{error.message}</div>
      {error.field && <div className="error-field">{t('error.field', { field: error.field })}</div>}
    </div>
  );
}

export function Empty({ children, testId }) {
  return (
    <div className="empty" data-testid={testId}>
      {children}
    </div>
  );
}

export function Loading({ label }) {
  const { t } = useI18n();
  return (
    <div className="loading-block">
      <Spinner label={label || t('common.loading')} />
    </div>
  );
}
