import { useEffect, useRef, useState } from 'react';
import { api } from '../api.js';
import { useI18n } from '../i18n/index.jsx';
import { useApp } from '../state.jsx';
import { useAsync } from '../lib/useAsync.js';
import { dateInZone } from '../lib/dates.js';
import { definitionStatus } from '../overview/definitions.js';
import { useKpiDefinitions } from '../overview/shared.js';
import { href, navigate } from '../router.js';
import Panel from '../components/Panel.jsx';
import BarList from '../charts/BarList.jsx';
import Icon from '../components/Icons.jsx';
import { Empty, ErrorBox, Loading, Spinner } from '../components/Feedback.jsx';
import PropertySearch, { newSearch } from '../persons/PropertySearch.jsx';

const PAGE = 50;

function SearchBox({ initial }) {
  const { t } = useI18n();
  const [id, setId] = useState(initial || '');
  useEffect(() => setId(initial || ''), [initial]);
  return (
    <form
      className="search-box"
      onSubmit={(e) => {
        e.preventDefault();
        if (id.trim()) navigate('persons', id.trim());
      }}
    >
      <input className="input" value={id} onChange={(e) => setId(e.target.value)} placeholder={t('persons.placeholder')} aria-label={t('persons.placeholder')} data-testid="person-search-input" />
      <button type="submit" className="btn primary" disabled={!id.trim()} data-testid="person-search-submit">
        {t('persons.lookup')}
      </button>
    </form>
  );
}

/** The most valuable persons (an RFM query over the revenue of the KPI definitions), as a way into person pages. */
function TopCustomers() {
  const { t, fmt } = useI18n();
  const { project, range, schema } = useApp();
  const [defs, , kpiSetting] = useKpiDefinitions();
  const { revenueEvent: event, revenueProperty: property } = defs;
  const possible = definitionStatus(defs, schema.data).hasRevenue;
  const rfm = useAsync(
    (signal) => api.query(project, 'rfm', { from: range.from, to: range.to, purchase_event: event, amount_property: property, limit: 12 }, signal),
    [project, range.from, range.to, event, property],
    possible && !!project && !kpiSetting.loading,
  );
  if (!schema.data) return null;
  if (kpiSetting.loading) {
    return (
      <Panel title={t('persons.topTitle')} testId="top-customers">
        <Loading />
      </Panel>
    );
  }
  if (!possible) {
    return (
      <Panel title={t('persons.topTitle')} testId="top-customers">
        <Empty>{t('persons.topChoose')}</Empty>
      </Panel>
    );
  }
  return (
    <Panel title={t('persons.topTitle')} subtitle={t('persons.topSub', { event, property, from: fmt.date(range.from), to: fmt.date(range.to) })} testId="top-customers">
      {rfm.error && <ErrorBox error={rfm.error} />}
      {rfm.loading && <Loading />}
      {rfm.data && (
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('rfm.person')}</th>
              <th className="num">{t('rfm.recency')}</th>
              <th className="num">{t('rfm.frequency')}</th>
              <th className="num">{t('rfm.monetary')}</th>
            </tr>
          </thead>
          <tbody>
            {rfm.data.rows.map((r) => (
              <tr key={r.person} className="clickable" onClick={() => navigate('persons', r.person)}>
                <td>
                  <a href={href('persons', r.person)} data-testid="top-customer">
                    {r.person}
                  </a>
                </td>
                <td className="num">{t('rfm.days', { n: fmt.num(r.recency) })}</td>
                <td className="num">{fmt.num(r.frequency)}</td>
                <td className="num">{fmt.money(r.monetary)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}

function Field({ label, children, testId }) {
  return (
    <div className="kv" data-testid={testId}>
      <div className="kv-label">{label}</div>
      <div className="kv-value">{children}</div>
    </div>
  );
}

function Timeline({ person, id }) {
  const { t, fmt } = useI18n();
  const { project, timeZone } = useApp();
  const [pages, setPages] = useState([]);
  const [cursor, setCursor] = useState(person.next_before);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState(null);
  useEffect(() => {
    setPages([]);
    setCursor(person.next_before);
  }, [person]);
  const events = [...(person.timeline || []), ...pages];

  const more = async () => {
    setLoading(true);
    setError(null);
    try {
      const next = await api.person(project, id, { limit: PAGE, before: cursor });
      setPages((p) => [...p, ...(next.timeline || [])]);
      setCursor(next.next_before);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };

  let lastDay = null;
  return (
    <div className="timeline" data-testid="person-timeline">
      {!events.length && <Empty>{t('persons.noEvents')}</Empty>}
      {events.map((e) => {
        const day = dateInZone(e.timestamp, timeZone);
        const header = day !== lastDay ? <div className="timeline-day">{fmt.date(day)}</div> : null;
        lastDay = day;
        const props = Object.entries(e.properties || {});
        return (
          <div key={`${e.id}-${e.timestamp_us}`}>
            {header}
            <div className="timeline-event" data-testid="timeline-event">
              <span className="timeline-time">{fmt.time(e.timestamp, timeZone)}</span>
              <span className="timeline-dot" />
              <div className="timeline-body">
                <div>
                  <span className="event-badge">{e.event}</span>
                  {e.distinct_id !== id && <span className="muted small"> · {e.distinct_id}</span>}
                </div>
                {props.length > 0 && (
                  <div className="timeline-props">
                    {props.map(([k, v]) => (
                      <span className="prop-chip" key={k}>
                        <b>{k}</b> {typeof v === 'object' ? JSON.stringify(v) : String(v)}
                      </span>
                    ))}
                  </div>
                )}
              </div>
            </div>
          </div>
        );
      })}
      <ErrorBox error={error} />
      {cursor && (
        <button type="button" className="btn ghost load-more" onClick={more} disabled={loading} data-testid="timeline-more">
          {loading ? <Spinner size={14} /> : null} {t('persons.loadMore')}
        </button>
      )}
    </div>
  );
}

function PersonView({ id }) {
  const { t, fmt } = useI18n();
  const { project, timeZone } = useApp();
  const person = useAsync((signal) => api.person(project, id, { limit: PAGE }, signal), [project, id], !!project);
  const p = person.data;
  if (person.loading) return <Loading label={t('persons.loading')} />;
  if (person.error) {
    return (
      <div data-testid="person-error">
        <ErrorBox error={person.error} />
        {person.error.code === 'not_found' && <div className="hint">{t('persons.notFoundHint')}</div>}
      </div>
    );
  }
  if (!p) return null;
  const counts = Object.entries(p.event_counts || {})
    .map(([label, value]) => ({ label, value }))
    .sort((a, b) => b.value - a.value);
  const props = Object.entries(p.properties || {});
  const groups = Object.entries(p.groups || {});
  return (
    <div className="person-grid" data-testid="person-view">
      <div className="person-side">
        <Panel className="person-card">
          <div className="person-head">
            <div className={`avatar ${p.known_id ? '' : 'anon'}`}>
              <Icon name="persons" size={22} />
            </div>
            <div>
              <h2 data-testid="person-name">{p.known_id || p.distinct_id}</h2>
              <div className="muted small">{p.known_id ? t('persons.identified') : t('persons.anonymous')}</div>
            </div>
          </div>
          <div className="kv-grid">
            <Field label={t('persons.events')} testId="person-events">
              {fmt.num(p.events)}
            </Field>
            <Field label={t('persons.personId')}>{p.person_id ?? t('persons.unlinked')}</Field>
            <Field label={t('persons.firstSeen')}>{fmt.instant(p.first_seen, timeZone)}</Field>
            <Field label={t('persons.lastSeen')}>{fmt.instant(p.last_seen, timeZone)}</Field>
            <Field label={t('persons.userId')}>{p.known_id || '—'}</Field>
            <Field label={t('persons.propertiesUpdated')}>{p.properties_updated ? fmt.instant(p.properties_updated, timeZone) : '—'}</Field>
          </div>
          <h4>{t('persons.allIds')}</h4>
          <div className="chips" data-testid="person-ids">
            {(p.distinct_ids || []).map((d) => (
              <span className={`chip ${d === p.known_id ? 'primary' : ''}`} key={d}>
                {d}
              </span>
            ))}
          </div>
          <h4>{t('persons.groups')}</h4>
          {groups.length ? (
            <div className="chips">
              {groups.map(([type, key]) => (
                <span className="chip" key={type}>
                  {type}: {key}
                </span>
              ))}
            </div>
          ) : (
            <div className="muted small">{t('persons.noGroups')}</div>
          )}
          <h4>{t('persons.properties')}</h4>
          {props.length ? (
            <table className="data-table compact" data-testid="person-properties">
              <tbody>
                {props.map(([k, v]) => (
                  <tr key={k}>
                    <td>
                      <code>{k}</code>
                    </td>
                    <td>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <div className="muted small">{t('persons.noProperties')}</div>
          )}
        </Panel>
        <Panel title={t('persons.eventCounts')}>
          <BarList items={counts} color="#0d9488" testId="chart-person-events" />
        </Panel>
      </div>
      <Panel title={t('persons.timeline')} subtitle={t('persons.timelineSub')} className="person-timeline-panel">
        <Timeline person={p} id={id} />
      </Panel>
    </div>
  );
}

export default function Persons({ id }) {
  const { t } = useI18n();
  const { project } = useApp();
  // The search by property lives here, not in its panel: opening a person and coming back
  // (the same page, another route argument) finds the conditions and the answer as they were.
  const [search, setSearch] = useState(newSearch);
  const searchProject = useRef(project);
  useEffect(() => {
    if (searchProject.current === project) return;
    searchProject.current = project;
    setSearch(newSearch());
  }, [project]);
  return (
    <div className="page" data-testid="page-persons">
      <Panel className="search-panel">
        <div className="search-row">
          <div>
            <h3>{t('persons.lookupTitle')}</h3>
            <div className="muted small">{t('persons.lookupHint')}</div>
          </div>
          <SearchBox initial={id} />
        </div>
      </Panel>
      {id ? (
        <PersonView id={id} />
      ) : (
        <>
          <PropertySearch search={search} setSearch={setSearch} />
          <TopCustomers />
        </>
      )}
    </div>
  );
}
