import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api.js';
import { useI18n } from '../i18n/index.jsx';
import { useApp } from '../state.jsx';
import { useAsync } from '../lib/useAsync.js';
import { href } from '../router.js';
import { trends } from '../insights/trends.jsx';
import { funnel } from '../insights/funnel.jsx';
import { retention } from '../insights/retention.jsx';
import { paths } from '../insights/paths.jsx';
import { ResultView } from '../insights/results.jsx';
import Panel from '../components/Panel.jsx';
import JsonToggle from '../components/JsonToggle.jsx';
import SaveToDashboard from '../components/SaveToDashboard.jsx';
import { Empty, ErrorBox, Loading, ProgressBar } from '../components/Feedback.jsx';

export const INSIGHT_KINDS = ['trends', 'funnel', 'retention', 'paths'];
const BUILDERS = { trends, funnel, retention, paths };

/** The body after it stopped changing for `ms` (so typing does not fire a query per key). */
function useSettled(value, ms) {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return settled;
}

function InsightRunner({ kind, builder, state, setState }) {
  const { t } = useI18n();
  const { project, range, schema } = useApp();
  const [saving, setSaving] = useState(false);
  const invalid = builder.validate(state);
  const body = useMemo(() => builder.toBody(state, range, schema.data), [builder, state, range, schema.data]);
  const bodyText = JSON.stringify(body);
  const settledText = useSettled(bodyText, 250);
  const run = useAsync((signal) => api.query(project, kind, JSON.parse(settledText), signal).then((answer) => ({ answer, bodyText: settledText })), [project, kind, settledText], !invalid && !!project, true);
  const pending = run.loading || settledText !== bodyText;
  const shown = run.data;
  const status = invalid ? 'invalid' : pending ? 'loading' : run.error ? 'error' : 'ready';

  return (
    <div className="insight-layout">
      <aside className="insight-form" data-testid={`insight-form-${kind}`}>
        <builder.Form state={state} setState={setState} />
      </aside>
      <section className="insight-main">
        <Panel
          className="result-panel"
          title={builder.describe(state, t)}
          subtitle={t(`insights.${kind}.subtitle`)}
          testId="insight-result"
          status={status}
          actions={
            <button type="button" className="btn primary small" disabled={!!invalid} onClick={() => setSaving(true)} data-testid="save-to-dashboard">
              {t('save.button')}
            </button>
          }
        >
          <div data-testid="insight-answer" data-status={status} data-body={status === 'ready' && shown ? shown.bodyText : ''}>
            <ProgressBar active={pending && !invalid} />
            <JsonToggle body={body} label={t('json.label', { kind })} />
            {invalid && <Empty testId="insight-invalid">{t(invalid)}</Empty>}
            {!invalid && run.error && <ErrorBox error={run.error} />}
            {!invalid && !run.error && !shown && <Loading label={t('insights.running')} />}
            {!invalid && !run.error && shown && (
              <div className={pending ? 'stale' : ''}>
                <ResultView kind={kind} answer={shown.answer} />
                <div className="result-foot muted">
                  {t('result.stats', { ms: shown.answer.stats?.elapsed_ms?.toFixed(1) ?? '—' })}
                  {shown.answer.stats?.cached ? ` · ${t('result.cached')}` : ''}
                </div>
              </div>
            )}
          </div>
        </Panel>
      </section>
      {saving && <SaveToDashboard kind={kind} query={body} defaultTitle={builder.describe(state, t)} onClose={() => setSaving(false)} />}
    </div>
  );
}

export default function Insights({ kind: requested }) {
  const { t } = useI18n();
  const { schema, project } = useApp();
  const kind = INSIGHT_KINDS.includes(requested) ? requested : 'trends';
  // Each kind keeps its own builder state while the user moves between tabs.
  const [states, setStates] = useState({});
  const initialised = useRef('');
  useEffect(() => {
    if (schema.data && initialised.current !== project) {
      initialised.current = project;
      setStates(Object.fromEntries(INSIGHT_KINDS.map((k) => [k, BUILDERS[k].initial(schema.data)])));
    }
  }, [schema.data, project]);

  const builder = BUILDERS[kind];
  const state = states[kind];
  return (
    <div className="page" data-testid="page-insights">
      <nav className="tabs" aria-label={t('nav.insights')}>
        {INSIGHT_KINDS.map((k) => (
          <a key={k} href={href('insights', k)} className={`tab ${k === kind ? 'active' : ''}`} data-testid={`insight-tab-${k}`}>
            {t(`insights.${k}`)}
          </a>
        ))}
      </nav>
      {schema.error && <ErrorBox error={schema.error} />}
      {!state && !schema.error && <Loading />}
      {state && <InsightRunner key={kind} kind={kind} builder={builder} state={state} setState={(s) => setStates((all) => ({ ...all, [kind]: s }))} />}
    </div>
  );
}
