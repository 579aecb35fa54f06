import { useEffect, useRef, useState } from 'react';
import { api, isAbort } from '../api.js';
import { useI18n } from '../i18n/index.jsx';
import { useApp } from '../state.jsx';
import Panel from '../components/Panel.jsx';
import { ErrorBox } from '../components/Feedback.jsx';

const ACCEPT = '.csv,.jsonl,.ndjson,.json,.gz';

/** The format a file's name implies (a final .gz ignored), as the server's importer reads it; else auto. */
export function formatOfName(name) {
  const m = /\.(csv|jsonl|ndjson|json)(\.gz)?$/i.exec(name || '');
  if (!m) return 'auto';
  return m[1].toLowerCase() === 'csv' ? 'csv' : 'jsonl';
}

/**
 * Imports a JSON Lines or CSV file (gzip or not) into the current project: POST /api/v1/import
 * with the file as the body, sent by XMLHttpRequest so that the upload shows its progress; then
 * "importing" until the summary arrives. The panel's data-state is idle, ready, uploading,
 * importing, done, error or cancelled; data-progress-shown is set once the progress bar was shown.
 */
export default function ImportData() {
  const { t, fmt } = useI18n();
  const { project, dataChanged } = useApp();
  const [file, setFile] = useState(null);
  const [format, setFormat] = useState('auto');
  const [phase, setPhase] = useState('idle');
  const [progress, setProgress] = useState({ loaded: 0, total: 0 });
  const [progressShown, setProgressShown] = useState(false);
  const [result, setResult] = useState(null);
  const [error, setError] = useState(null);
  const [dragging, setDragging] = useState(false);
  const inflight = useRef(null);
  const input = useRef(null);

  // Leaving the page (or the project) cancels an upload in flight.
  useEffect(() => () => inflight.current?.abort(), []);

  const busy = phase === 'uploading' || phase === 'importing';

  const choose = (f) => {
    if (!f || busy) return;
    setFile(f);
    setFormat(formatOfName(f.name));
    setPhase('ready');
    setResult(null);
    setError(null);
  };

  const start = async () => {
    if (!file || busy) return;
    setPhase('uploading');
    setProgressShown(true);
    setProgress({ loaded: 0, total: file.size });
    setResult(null);
    setError(null);
    const call = api.importFile(project, file, {
      format: format === 'auto' ? undefined : format,
      onProgress: (loaded, total) => setProgress({ loaded, total }),
      onSent: () => setPhase('importing'),
    });
    inflight.current = call;
    try {
      const summary = await call.promise;
      setResult(summary);
      setPhase('done');
      if (summary.accepted > 0) dataChanged();
    } catch (err) {
      if (isAbort(err)) {
        setPhase('cancelled');
      } else {
        setError(err);
        // A damaged file may have been imported up to the damage: show what was.
        if (err.summary) {
          setResult(err.summary);
          if (err.summary.accepted > 0) dataChanged();
        }
        setPhase('error');
      }
    } finally {
      inflight.current = null;
    }
  };

  const onDrop = (e) => {
    e.preventDefault();
    setDragging(false);
    choose(e.dataTransfer?.files?.[0]);
  };
  const onDragOver = (e) => {
    e.preventDefault();
    if (!busy) setDragging(true);
  };

  const pct = progress.total ? Math.min(100, Math.round((progress.loaded / progress.total) * 100)) : 0;
  const tooLarge = error && (error.status === 413 || error.code === 'payload_too_large');

  return (
    <Panel title={t('import.title')} subtitle={t('import.sub', { project })} testId="settings-import">
      <div
        className={`import-panel${dragging ? ' dragging' : ''}`}
        data-testid="import-panel"
        data-state={phase}
        data-progress-shown={progressShown ? 'true' : 'false'}
        onDragOver={onDragOver}
        onDragEnter={onDragOver}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <div className="import-drop">
          <input
            ref={input}
            type="file"
            accept={ACCEPT}
            className="import-file-input"
            disabled={busy}
            onChange={(e) => {
              choose(e.target.files?.[0]);
              e.target.value = '';
            }}
            data-testid="import-file"
          />
          <button type="button" className="btn" disabled={busy} onClick={() => input.current?.click()} data-testid="import-choose">
            {t('import.choose')}
          </button>
          <span className="muted">{t('import.drop')}</span>
          {file && (
            <span className="import-file-name" data-testid="import-file-name">
              <b>{file.name}</b> <span className="muted">({fmt.bytes(file.size)})</span>
            </span>
          )}
        </div>
        <div className="import-controls">
          <label className="field inline">
            <span>{t('import.format')}</span>
            <select className="select" value={format} disabled={busy || !file} onChange={(e) => setFormat(e.target.value)} data-testid="import-format">
              <option value="auto">{t('import.format.auto')}</option>
              <option value="csv">CSV</option>
              <option value="jsonl">JSON Lines</option>
            </select>
          </label>
          <button type="button" className="btn primary" disabled={!file || busy || !project} onClick={start} data-testid="import-start">
            {t('import.start')}
          </button>
          {busy && (
            <button type="button" className="btn ghost" onClick={() => inflight.current?.abort()} data-testid="import-cancel">
              {t('common.cancel')}
            </button>
          )}
        </div>
        <div className="hint">{t('import.hint')}</div>

        {busy && (
          <div className="import-progress" data-testid="import-progress" data-phase={phase}>
            <div
              className={`import-bar${phase === 'importing' ? ' indeterminate' : ''}`}
              role="progressbar"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={phase === 'importing' ? undefined : pct}
            >
              <div className="import-bar-fill" style={phase === 'importing' ? undefined : { width: `${pct}%` }} />
            </div>
            <div className="import-progress-text">
              {phase === 'uploading'
                ? t('import.uploading', { pct, sent: fmt.bytes(progress.loaded), total: fmt.bytes(progress.total) })
                : t('import.importing')}
            </div>
          </div>
        )}

        {phase === 'cancelled' && (
          <div className="hint" data-testid="import-cancelled">
            {t('import.cancelled')}
          </div>
        )}

        {error && (
          <div data-testid="import-error" data-code={error.code}>
            <ErrorBox error={error} />
            {tooLarge && <div className="hint">{t('import.tooLarge')}</div>}
          </div>
        )}

        {result && <ImportResult result={result} failed={!!error} />}
      </div>
    </Panel>
  );
}

function ImportResult({ result, failed }) {
  const { t, fmt } = useI18n();
  const reasons = Object.entries(result.rejected_by_reason || {}).sort((a, b) => b[1] - a[1]);
  const first = result.first_rejections || [];
  const cells = [
    ['accepted', 'import.accepted'],
    ['duplicates', 'import.duplicates'],
    ['rejected', 'import.rejected'],
    ['rows_read', 'import.rowsRead'],
  ];
  return (
    <div className="import-result" data-testid="import-result">
      <div className={failed ? 'hint' : 'success'}>
        {t(failed ? 'import.partial' : 'import.done', { n: fmt.num(result.accepted), project: result.project || '' })}
      </div>
      <div className="import-counts">
        {cells.map(([k, label]) => (
          <div key={k} className={`import-count ${k}`} data-testid={`import-${k}`} data-value={result[k] ?? 0}>
            <div className="import-count-value">{fmt.num(result[k] ?? 0)}</div>
            <div className="import-count-label">{t(label)}</div>
          </div>
        ))}
        <div className="import-count" data-testid="import-seconds">
          <div className="import-count-value">{fmt.num(result.seconds ?? 0, 2)} s</div>
          <div className="import-count-label">{t('import.seconds', { size: fmt.bytes(result.bytes_read) })}</div>
        </div>
      </div>
      {reasons.length > 0 && (
        <div className="import-reasons" data-testid="import-reasons">
          <span className="muted">{t('import.byReason')}</span>
          {reasons.map(([reason, n]) => (
            <span key={reason} className="tag warn" data-reason={reason}>
              <code>{reason}</code> {fmt.num(n)}
            </span>
          ))}
        </div>
      )}
      {first.length > 0 && (
        <div className="import-rejections">
          <div className="hint">{t('import.firstRejections', { n: fmt.num(first.length) })}</div>
          <div className="import-rejections-scroll">
            <table className="data-table" data-testid="import-rejections">
              <thead>
                <tr>
                  <th className="num">{t('import.line')}</th>
                  <th>{t('import.reason')}</th>
                  <th>{t('import.message')}</th>
                </tr>
              </thead>
              <tbody>
                {first.map((r, i) => (
                  <tr key={`${r.file}:${r.line}:${i}`} data-testid="import-rejection">
                    <td className="num">{r.line}</td>
                    <td>
                      <code>{r.reason}</code>
                    </td>
                    <td className="import-message">{r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </div>
  );
}
