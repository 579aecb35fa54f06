import { useMemo } from 'react';
import { api } from '../api.js';
import { useI18n } from '../i18n/index.jsx';
import { useApp } from '../state.jsx';
import { useAsync } from '../lib/useAsync.js';
import { href, navigate } from '../router.js';
import Panel from '../components/Panel.jsx';
import EventSelect from '../components/EventSelect.jsx';
import FilterEditor from '../components/FilterEditor.jsx';
import JsonToggle from '../components/JsonToggle.jsx';
import { Empty, ErrorBox, Loading, ProgressBar, Spinner } from '../components/Feedback.jsx';
import { LIMITS, ORDERS, incompleteConditions, initialSearch, nextLimit, searchBody } from './search.js';

/** A fresh search: nothing asked yet. */
export function newSearch() {
  return { form: initialSearch(), submitted: null, limit: LIMITS[0], run: 0 };
}

function SearchForm({ search, setSearch }) {
  const { t } = useI18n();
  const { schema } = useApp();
  const { form } = search;
  const setForm = (patch) => setSearch((s) => ({ ...s, form: { ...s.form, ...patch } }));
  const named = form.filters.filter((r) => r.property).length;
  const incomplete = incompleteConditions(form, schema.data);
  return (
    <form
      className="insight-form person-search-form"
      data-testid="property-search-form"
      onSubmit={(e) => {
        e.preventDefault();
        setSearch((s) => ({ ...s, submitted: s.form, limit: LIMITS[0], run: s.run + 1 }));
      }}
    >
      <div>
        <h3>{t('persons.searchTitle')}</h3>
        <div className="muted small">{t('persons.searchHint')}</div>
      </div>
      <label className="field">
        <span>{t('persons.searchEvent')}</span>
        <EventSelect value={form.event} allowAny onChange={(event) => setForm({ event })} testId="property-search-event" />
      </label>
      <div className="form-section">
        <div className="form-label">{t('persons.searchConditions')}</div>
        {named > 1 && (
          <div className="segmented" role="group" aria-label={t('persons.searchConditions')} data-testid="property-search-match">
            {['all', 'any'].map((m) => (
              <button key={m} type="button" className={form.match === m ? 'active' : ''} onClick={() => setForm({ match: m })} data-testid={`property-search-match-${m}`}>
                {t(`persons.match.${m}`)}
              </button>
            ))}
          </div>
        )}
        <FilterEditor rows={form.filters} onChange={(filters) => setForm({ filters })} testId="property-search-filters" />
        {incomplete > 0 && <div className="hint warn-text">{t.count('persons.incomplete', { n: incomplete })}</div>}
      </div>
      <label className="field">
        <span>{t('persons.idContains')}</span>
        <input className="input" value={form.idContains} onChange={(e) => setForm({ idContains: e.target.value })} placeholder={t('persons.idContainsHint')} data-testid="property-search-id" />
      </label>
      <div className="field">
        <span>{t('persons.order')}</span>
        <div className="segmented" role="group" aria-label={t('persons.order')}>
          {ORDERS.map((o) => (
            <button key={o} type="button" className={form.order === o ? 'active' : ''} onClick={() => setForm({ order: o })} data-testid={`property-search-order-${o}`}>
              {t(`persons.order.${o}`)}
            </button>
          ))}
        </div>
      </div>
      <div className="person-search-actions">
        <button type="button" className="btn ghost" onClick={() => setSearch((s) => ({ ...s, form: initialSearch() }))} data-testid="property-search-reset">
          {t('persons.searchReset')}
        </button>
        <button type="submit" className="btn primary" data-testid="property-search-submit">
          {t('persons.searchRun')}
        </button>
      </div>
    </form>
  );
}

function Results({ search, setSearch }) {
  const { t, fmt } = useI18n();
  const { project, range, schema, timeZone } = useApp();
  const { submitted, limit, run } = search;
  const body = useMemo(() => (submitted ? searchBody(submitted, range, limit, schema.data) : null), [submitted, range, limit, schema.data]);
  const bodyText = body ? JSON.stringify(body) : '';
  const asked = useAsync(
    (signal) => api.query(project, 'persons', JSON.parse(bodyText), signal).then((answer) => ({ answer, bodyText })),
    [project, bodyText, run],
    !!body && !!project,
    true,
  );
  const shown = asked.data;
  const status = !body ? 'idle' : asked.loading ? 'loading' : asked.error ? 'error' : 'ready';
  const changed = submitted && JSON.stringify(search.form) !== JSON.stringify(submitted);
  const answer = shown?.answer;
  const next = nextLimit(limit);

  return (
    <Panel
      className="result-panel"
      title={t('persons.resultsTitle')}
      subtitle={body ? t('persons.resultsSub', { from: fmt.date(range.from), to: fmt.date(range.to) }) : undefined}
      testId="property-search-results"
      status={status}
    >
      <div className="person-search-answer" data-testid="property-search-answer" data-status={status} data-body={status === 'ready' && shown ? shown.bodyText : ''}>
        <ProgressBar active={status === 'loading'} />
        {!body && <Empty testId="property-search-idle">{t('persons.searchPrompt')}</Empty>}
        {body && <JsonToggle body={body} label={t('json.label', { kind: 'persons' })} />}
        {changed && <div className="notice warn" data-testid="property-search-changed">{t('persons.searchChanged')}</div>}
        {status === 'error' && <ErrorBox error={asked.error} testId="property-search-error" />}
        {status === 'loading' && !shown && <Loading label={t('persons.searching')} />}
        {status !== 'error' && answer && (
          <div className={`person-search-result ${status === 'loading' ? 'stale' : ''}`}>
            <div className="result-summary" data-testid="property-search-summary">
              <div>
                <span className="summary-label">{t('persons.found')}</span>
                <span className="summary-value" data-testid="property-search-persons">
                  {fmt.num(answer.persons)}
                </span>
              </div>
              <div>
                <span className="summary-label">{t('persons.matchingEvents')}</span>
                <span className="summary-value" data-testid="property-search-events">
                  {fmt.num(answer.events)}
                </span>
              </div>
              <div>
                <span className="summary-label">{t('persons.perPerson')}</span>
                <span className="summary-value">{answer.persons ? fmt.num(answer.events / answer.persons, 1) : '—'}</span>
              </div>
            </div>
            {!answer.rows.length ? (
              <Empty testId="property-search-empty">{t('persons.noMatch')}</Empty>
            ) : (
              <>
                <div className="table-scroll person-search-table">
                  <table className="data-table" data-testid="property-search-table">
                    <thead>
                      <tr>
                        <th>{t('rfm.person')}</th>
                        <th className="num">{t('persons.matchEventsCol')}</th>
                        <th>{t('persons.firstSeen')}</th>
                        <th>{t('persons.lastSeen')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {answer.rows.map((r) => (
                        <tr key={r.person} className="clickable" onClick={() => navigate('persons', r.person)} data-testid="property-search-row" data-person={r.person}>
                          <td>
                            <a href={href('persons', r.person)} onClick={(e) => e.stopPropagation()} data-testid="property-search-person">
                              {r.person}
                            </a>
                          </td>
                          <td className="num" data-testid="property-search-row-events">
                            {fmt.num(r.events)}
                          </td>
                          <td className="nowrap" title={fmt.instant(r.first_seen, timeZone)}>
                            {fmt.instantShort(r.first_seen, timeZone)}
                          </td>
                          <td className="nowrap" title={fmt.instant(r.last_seen, timeZone)}>
                            {fmt.instantShort(r.last_seen, timeZone)}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <div className="person-search-foot">
                  <span className="muted small" data-testid="property-search-showing">
                    {t('persons.showing', { shown: fmt.num(answer.rows.length), total: fmt.num(answer.persons) })}
                  </span>
                  {answer.more && next && (
                    <button type="button" className="btn ghost small" disabled={status === 'loading'} onClick={() => setSearch((s) => ({ ...s, limit: next }))} data-testid="property-search-more">
                      {status === 'loading' ? <Spinner size={14} /> : null} {t('persons.showMore', { n: fmt.num(next) })}
                    </button>
                  )}
                  {answer.more && !next && <span className="muted small">{t('persons.limitReached', { n: fmt.num(limit) })}</span>}
                </div>
              </>
            )}
            <div className="result-foot muted">
              {t('result.stats', { ms: answer.stats?.elapsed_ms?.toFixed(1) ?? '—' })}
              {answer.stats?.cached ? ` · ${t('result.cached')}` : ''}
            </div>
          </div>
        )}
      </div>
    </Panel>
  );
}

/**
 * Search persons by property (POST /api/v1/query/persons): an event, property conditions and an
 * "id contains" text over the header's date range; the exact count previews the segment's size.
 * The state lives in the page, so it is still there when the user comes back from a person.
 */
export default function PropertySearch({ search, setSearch }) {
  return (
    <div className="insight-layout person-search" data-testid="property-search">
      <SearchForm search={search} setSearch={setSearch} />
      <section className="insight-main">
        <Results search={search} setSearch={setSearch} />
      </section>
    </div>
  );
}
