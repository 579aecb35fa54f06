import { useState } from 'react';
import { useI18n } from '../i18n/index.jsx';

/** The request body of a query, shown on demand. */
export default function JsonToggle({ body, label }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <div className="json-toggle">
      <button type="button" className="btn ghost small" onClick={() => setOpen(!open)} data-testid="query-json-toggle" aria-expanded={open}>
        {open ? t('json.hide') : t('json.show')}
      </button>
      {open && (
        <pre className="json" data-testid="query-json">
          {JSON.stringify(body, null, 2)}
        </pre>
      )}
      {!open && <span className="json-label">{label}</span>}
    </div>
  );
}
