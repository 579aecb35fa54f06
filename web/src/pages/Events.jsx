import { Fragment, useEffect, useRef, useState } from 'react';
import { api, isAbort } from '../api.js';
import { useI18n } from '../i18n/index.jsx';
import { useApp } from '../state.jsx';
import { href } from '../router.js';
import Panel from '../components/Panel.jsx';
import { Empty, ErrorBox, Loading, ProgressBar, Spinner } from '../components/Feedback.jsx';

const POLL_MS = 2000;
const TAIL_LIMIT = 50;
const KEEP_ROWS = 200;

function SchemaTable({ schema }) {
  const { t, fmt } = useI18n();
  const { timeZone } = useApp();
  const [open, setOpen] = useState(null);
  const events = [...(schema.events || [])].sort((a, b) => b.volume - a.volume);
  const total = events.reduce((a, e) => a + e.volume, 0);
  if (!events.length) return <Empty>{t('events.noEvents')}</Empty>;
  return (
    <table className="data-table schema-table" data-testid="schema-table">
      <thead>
        <tr>
          <th>{t('events.event')}</th>
          <th className="num">{t('events.volume')}</th>
          <th className="share-col">{t('events.share')}</th>
          <th>{t('events.firstSeen')}</th>
          <th>{t('events.lastSeen')}</th>
          <th className="num">{t('events.properties')}</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <Fragment key={e.name}>
            <tr className={`clickable ${open === e.name ? 'open' : ''}`} onClick={() => setOpen(open === e.name ? null : e.name)} data-testid="schema-row">
              <td>
                <span className="caret">{open === e.name ? '▾' : '▸'}</span> <code>{e.name}</code>
              </td>
              <td className="num">{fmt.num(e.volume)}</td>
              <td className="share-col">
                <div className="share-bar">
                  <i style={{ width: `${total ? (100 * e.volume) / total : 0}%` }} />
                </div>
                <span className="muted small">{fmt.pct(total ? e.volume / total : null)}</span>
              </td>
              <td className="nowrap">{fmt.instantShort(e.first_seen, timeZone)}</td>
              <td className="nowrap">{fmt.instantShort(e.last_seen, timeZone)}</td>
              <td className="num">{(e.properties || []).length}</td>
            </tr>
            {open === e.name && (
              <tr className="detail-row">
                <td colSpan={6}>
                  <table className="data-table inner" data-testid="schema-properties">
                    <thead>
                      <tr>
                        <th>{t('events.property')}</th>
                        <th>{t('events.type')}</th>
                        <th className="num">{t('events.volume')}</th>
                        <th>{t('events.firstSeen')}</th>
                        <th>{t('events.lastSeen')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {(e.properties || []).map((p) => (
                        <tr key={`${p.name}:${p.type}`}>
                          <td>
                            <code>{p.name}</code>
                          </td>
                          <td>
                            <span className={`type-badge ${p.type}`}>{t(`type.${p.type}`)}</span>
                          </td>
                          <td className="num">{fmt.num(p.volume)}</td>
                          <td className="nowrap">{fmt.instantShort(p.first_seen, timeZone)}</td>
                          <td className="nowrap">{fmt.instantShort(p.last_seen, timeZone)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}

function propsSummary(props) {
  return Object.entries(props || {})
    .slice(0, 5)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`);
}

/** Polls GET /api/v1/events/tail every 2 s while the page is visible and not paused. */
function LiveTail() {
  const { t, fmt } = useI18n();
  const { project, timeZone, reloadProjects } = useApp();
  // A 404 may mean that the project is gone (deleted in another tab or console): the list is read
  // again, and when it no longer holds the project the console moves to "default" (state.jsx).
  const reloadProjectsRef = useRef(reloadProjects);
  reloadProjectsRef.current = reloadProjects;
  const [rows, setRows] = useState([]);
  const [fresh, setFresh] = useState(new Set());
  const [status, setStatus] = useState('starting');
  const [error, setError] = useState(null);
  const [paused, setPaused] = useState(false);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  useEffect(() => {
    let timer = 0;
    let stopped = false;
    let lastSeq = null;
    let stream = null; // the server run whose numbering lastSeq belongs to
    let inFlight = false;
    let ctrl = null;
    setRows([]);
    setStatus('starting');
    setError(null);

    const schedule = () => {
      if (!stopped) timer = setTimeout(tick, POLL_MS);
    };
    const tick = async () => {
      if (stopped || inFlight) return undefined;
      if (pausedRef.current || document.visibilityState !== 'visible') return schedule();
      ctrl = new AbortController();
      inFlight = true;
      try {
        let r = await api.tail(project, { after: lastSeq ?? undefined, limit: TAIL_LIMIT }, ctrl.signal);
        if (stream !== null && r.stream !== stream) {
          // The server restarted: its numbering started again; so does the tail.
          lastSeq = null;
          setRows([]);
          r = await api.tail(project, { limit: TAIL_LIMIT }, ctrl.signal);
        }
        stream = r.stream ?? null;
        const events = r.events || [];
        if (events.length) {
          const newest = [...events].reverse();
          setRows((prev) => [...newest, ...prev].slice(0, KEEP_ROWS));
          setFresh(lastSeq === null ? new Set() : new Set(newest.map((e) => e.seq)));
        }
        if (r.last_seq !== undefined && r.last_seq !== null) lastSeq = r.last_seq;
        else if (events.length) lastSeq = events[events.length - 1].seq;
        setStatus('live');
        setError(null);
      } catch (err) {
        if (isAbort(err) || stopped) return undefined;
        setError(err);
        if (err.status === 404) {
          // The project is gone, or the server has no tail endpoint: stop asking (also when the page
          // becomes visible again), and read the project list again.
          stopped = true;
          setStatus('unavailable');
          reloadProjectsRef.current();
          return undefined;
        }
        setStatus('error');
      } finally {
        inFlight = false;
      }
      return schedule();
    };
    tick();
    const onVisible = () => {
      if (document.visibilityState === 'visible' && !stopped) {
        clearTimeout(timer);
        tick();
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      clearTimeout(timer);
      if (ctrl) ctrl.abort();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [project]);

  const shownStatus = status === 'live' && paused ? 'paused' : status;
  return (
    <Panel
      title={t('events.tailTitle')}
      subtitle={t('events.tailSub')}
      testId="tail-panel"
      status={shownStatus}
      actions={
        status !== 'unavailable' && (
          <>
            <span className={`live-dot ${shownStatus}`}>{t(`events.tail.${shownStatus}`)}</span>
            <button type="button" className="btn ghost small" onClick={() => setPaused(!paused)} data-testid="tail-pause">
              {paused ? t('events.resume') : t('events.pause')}
            </button>
          </>
        )
      }
    >
      {status === 'unavailable' && (
        <div className="notice" data-testid="tail-unavailable">
          <div>{t('events.tailUnavailable')}</div>
          <div className="muted small">
            {error?.code}: {error?.message}
          </div>
        </div>
      )}
      {status === 'error' && <ErrorBox error={error} />}
      {status === 'starting' && <Spinner label={t('events.connecting')} />}
      {status !== 'unavailable' && status !== 'starting' && !rows.length && <Empty>{t('events.tailEmpty')}</Empty>}
      {rows.length > 0 && (
        <div className="tail-list" data-testid="tail-list">
          {rows.map((e) => (
            <div className={`tail-row ${fresh.has(e.seq) ? 'fresh' : ''}`} key={e.seq} data-testid="tail-row">
              <span className="tail-time">{fmt.instant(e.timestamp, timeZone)}</span>
              <span className="event-badge">{e.event}</span>
              <a className="tail-id" href={href('persons', e.distinct_id)}>
                {e.distinct_id}
              </a>
              <span className="tail-props">
                {propsSummary(e.properties).map((p) => (
                  <span className="prop-chip" key={p}>
                    {p}
                  </span>
                ))}
              </span>
            </div>
          ))}
        </div>
      )}
    </Panel>
  );
}

export default function Events() {
  const { t } = useI18n();
  const { schema, reloadSchema } = useApp();
  return (
    <div className="page" data-testid="page-events">
      <Panel
        title={t('events.schemaTitle')}
        subtitle={t('events.schemaSub', { n: (schema.data?.events || []).length })}
        testId="schema-panel"
        actions={
          <button type="button" className="btn ghost small" onClick={reloadSchema} data-testid="schema-refresh">
            {t('common.refresh')}
          </button>
        }
      >
        <ProgressBar active={schema.loading} />
        {schema.error && <ErrorBox error={schema.error} />}
        {schema.loading && !schema.data && <Loading />}
        {schema.data && <SchemaTable schema={schema.data} />}
      </Panel>
      <LiveTail />
    </div>
  );
}
