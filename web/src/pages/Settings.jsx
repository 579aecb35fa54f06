import { useState } from 'react';
import { api, getSecretKey, setSecretKey } from '../api.js';
import { LANGUAGES, useI18n } from '../i18n/index.jsx';
import { useApp } from '../state.jsx';
import { useAsync } from '../lib/useAsync.js';
import Panel from '../components/Panel.jsx';
import { ErrorBox, Loading, ProgressBar } from '../components/Feedback.jsx';

function Projects() {
  const { t, fmt } = useI18n();
  const { projects, projectList, project, setProject } = useApp();
  return (
    <Panel title={t('settings.projects')} subtitle={t('settings.projectsSub')} testId="settings-projects">
      {projects.error && <ErrorBox error={projects.error} />}
      {projects.loading && <Loading />}
      {projectList.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('settings.name')}</th>
              <th className="num">{t('settings.id')}</th>
              <th>{t('settings.timeZone')}</th>
              <th>{t('settings.created')}</th>
              <th>{t('settings.writeKeys')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {projectList.map((p) => (
              <tr key={p.id} data-testid="project-row">
                <td>
                  <b>{p.name}</b>
                </td>
                <td className="num">{p.id}</td>
                <td>{p.time_zone}</td>
                <td className="nowrap">{fmt.instant(p.created, p.time_zone)}</td>
                <td>
                  {(p.write_keys || []).length ? (
                    p.write_keys.map((k) => (
                      <code className="key" key={k}>
                        {k}
                      </code>
                    ))
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="num">
                  {p.name === project ? (
                    <span className="tag">{t('settings.current')}</span>
                  ) : (
                    <button type="button" className="btn ghost small" onClick={() => setProject(p.name)}>
                      {t('settings.use')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint">
        {t('settings.writeKeyHint')} <code>growloop keys</code>
      </p>
    </Panel>
  );
}

function Stats() {
  const { t, fmt } = useI18n();
  const { project } = useApp();
  const [nonce, setNonce] = useState(0);
  const stats = useAsync((signal) => api.stats(project, signal), [project, nonce], !!project, true);
  const s = stats.data;
  const id = s?.identity || {};
  const rows = s
    ? [
        ['settings.stats.events', fmt.num(s.events)],
        ['settings.stats.persons', s.persons === null ? '—' : fmt.num(s.persons)],
        ['settings.stats.eventNames', fmt.num(Object.keys(s.per_event || {}).length)],
        ['settings.stats.days', fmt.num(Object.keys(s.per_day || {}).length)],
        ['settings.stats.segments', fmt.num(s.segments)],
        ['settings.stats.segmentBytes', fmt.bytes(s.segment_bytes)],
        ['settings.stats.walBytes', fmt.bytes(s.wal_bytes)],
        ['settings.stats.onDisk', fmt.bytes(s.bytes_on_disk)],
        ['settings.stats.perEvent', s.events ? `${fmt.num(s.bytes_on_disk / s.events, 1)} B` : '—'],
        ['settings.stats.memtable', fmt.num(s.memtable_rows)],
        ['settings.stats.compactions', fmt.num(s.compactions)],
      ]
    : [];
  const identity = s?.identity
    ? [
        ['settings.identity.distinctIds', id.distinct_ids],
        ['settings.identity.persons', id.persons],
        ['settings.identity.knownIds', id.known_ids],
        ['settings.identity.merged', id.merged],
        ['settings.identity.refused', ['refused_two_known_users', 'refused_cap', 'refused_blocked_value', 'refused_invalid_id', 'refused_full'].reduce((a, k) => a + (id[k] || 0), 0)],
      ]
    : [];
  return (
    <Panel
      title={t('settings.stats')}
      subtitle={t('settings.statsSub', { project })}
      testId="settings-stats"
      actions={
        <button type="button" className="btn ghost small" onClick={() => setNonce((n) => n + 1)}>
          {t('common.refresh')}
        </button>
      }
    >
      <ProgressBar active={stats.loading} />
      {stats.error && <ErrorBox error={stats.error} />}
      {stats.loading && !s && <Loading />}
      {s && (
        <div className="stats-columns">
          <dl className="stat-list">
            {rows.map(([k, v]) => (
              <div key={k}>
                <dt>{t(k)}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          {identity.length > 0 && (
            <dl className="stat-list">
              <div className="stat-list-title">{t('settings.identity')}</div>
              {identity.map(([k, v]) => (
                <div key={k}>
                  <dt>{t(k)}</dt>
                  <dd>{fmt.num(v)}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      )}
    </Panel>
  );
}

function SecretKey() {
  const { t } = useI18n();
  const { reloadAll } = useApp();
  const [key, setKey] = useState(getSecretKey);
  const [stored, setStored] = useState(getSecretKey);
  const [check, setCheck] = useState(null);
  const save = async (value) => {
    setSecretKey(value);
    setStored(value);
    setCheck(null);
    reloadAll();
    try {
      const r = await api.projects();
      setCheck({ ok: true, n: (r.projects || []).length });
    } catch (err) {
      setCheck({ ok: false, err });
    }
  };
  return (
    <Panel title={t('settings.secretKey')} subtitle={t('settings.secretKeySub')} testId="settings-key">
      <div className="inline-fields">
        <input className="input wide" type="password" autoComplete="off" value={key} placeholder="gls_…" onChange={(e) => setKey(e.target.value)} data-testid="secret-key-input" />
        <button type="button" className="btn primary" disabled={key === stored} onClick={() => save(key.trim())} data-testid="secret-key-save">
          {t('common.save')}
        </button>
        <button
          type="button"
          className="btn ghost"
          disabled={!stored}
          onClick={() => {
            setKey('');
            save('');
          }}
        >
          {t('settings.clearKey')}
        </button>
      </div>
      <div className="hint">{stored ? t('settings.keyInUse') : t('settings.keyless')}</div>
      {check?.ok && <div className="success">{t('settings.keyOk', { n: check.n })}</div>}
      {check && !check.ok && <ErrorBox error={check.err} />}
    </Panel>
  );
}

function Language() {
  const { t, lang, setLang } = useI18n();
  return (
    <Panel title={t('settings.language')} subtitle={t('settings.languageSub')} testId="settings-language">
      <div className="segmented">
        {LANGUAGES.map((l) => (
          <button key={l.code} type="button" className={lang === l.code ? 'active' : ''} onClick={() => setLang(l.code)}>
            {l.label}
          </button>
        ))}
      </div>
    </Panel>
  );
}

export default function Settings() {
  return (
    <div className="page settings" data-testid="page-settings">
      <Projects />
      <Stats />
      <div className="settings-row">
        <SecretKey />
        <Language />
      </div>
    </div>
  );
}
