import { useEffect, useState } from 'react';
import { api, getSecretKey, setSecretKey } from '../api.js';
import { LANGUAGES, useI18n } from '../i18n/index.jsx';
import { useApp } from '../state.jsx';
import { useAsync } from '../lib/useAsync.js';
import Panel from '../components/Panel.jsx';
import { ErrorBox, Loading, ProgressBar } from '../components/Feedback.jsx';
import ImportData from '../settings/ImportData.jsx';
import ApiKeys from '../settings/ApiKeys.jsx';
import DeleteProject, { DEFAULT_PROJECT } from '../settings/DeleteProject.jsx';

// The zones offered for a new project: the usual ones, Asia/Shanghai first, then the browser's own.
const COMMON_ZONES = ['Asia/Shanghai', 'UTC', 'Asia/Hong_Kong', 'Asia/Tokyo', 'Asia/Singapore', 'Europe/London', 'America/New_York', 'America/Los_Angeles'];

function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch {
    return '';
  }
}

const SNIPPETS = {
  curl: (origin, key) =>
    `curl -X POST ${origin}/api/v1/events \\
  -H 'Authorization: Bearer ${key}' \\
  -H 'Content-Type: application/json' \\
  -d '{"event": "app_open", "distinct_id": "user-1", "properties": {"platform": "web"}}'`,
  posthog: (origin, key) =>
    `import posthog from 'posthog-js';

posthog.init('${key}', { api_host: '${origin}' });
posthog.capture('app_open', { platform: 'web' });`,
};

/** A project's write key and how an app sends events with it (HTTP, or an SDK pointed at this server). */
function SdkSnippet({ project, writeKey }) {
  const { t } = useI18n();
  const [kind, setKind] = useState('curl');
  const origin = window.location.origin;
  return (
    <div className="sdk-snippet" data-testid="sdk-snippet">
      <div className="sdk-snippet-head">
        <span>{t('settings.snippet.title', { project })}</span>
        <div className="segmented small">
          {Object.keys(SNIPPETS).map((k) => (
            <button key={k} type="button" className={kind === k ? 'active' : ''} onClick={() => setKind(k)} data-testid={`sdk-snippet-${k}`}>
              {t(`settings.snippet.${k}`)}
            </button>
          ))}
        </div>
      </div>
      <pre className="json" data-testid="sdk-snippet-code">
        {SNIPPETS[kind](origin, writeKey)}
      </pre>
      <div className="hint">{t('settings.snippet.hint')}</div>
    </div>
  );
}

/**
 * The projects the console can read, each with its write keys (and a snippet), a way to switch to it
 * and to delete it (after a confirmation naming it; not "default", which the server keeps). A
 * deleted project leaves the list and the switcher at once; the console leaves it if it was current.
 */
function Projects() {
  const { t, fmt } = useI18n();
  const { projects, projectList, project, setProject, projectDeleted, reloadProjects } = useApp();
  const [snippetOf, setSnippetOf] = useState(null);
  const [deleting, setDeleting] = useState(null); // the project whose deletion is being confirmed
  const [deleted, setDeleted] = useState(null); // the project deleted last: {deleted, wasCurrent}
  const snippetProject = projectList.find((p) => p.name === snippetOf && p.write_keys?.length);
  const hasDefault = projectList.some((p) => p.name === DEFAULT_PROJECT);
  return (
    <Panel title={t('settings.projects')} subtitle={t('settings.projectsSub')} testId="settings-projects">
      {projects.error && <ErrorBox error={projects.error} />}
      {projects.loading && !projectList.length && <Loading />}
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
              <tr key={p.id} data-testid="project-row" data-name={p.name}>
                <td>
                  <b>{p.name}</b>
                </td>
                <td className="num">{p.id}</td>
                <td>{p.time_zone}</td>
                <td className="nowrap">{fmt.instant(p.created, p.time_zone)}</td>
                <td>
                  {(p.write_keys || []).length ? (
                    <>
                      {p.write_keys.map((k) => (
                        <code className="key" key={k} data-testid="project-write-key">
                          {k}
                        </code>
                      ))}
                      <button type="button" className="btn ghost small" aria-expanded={snippetOf === p.name} onClick={() => setSnippetOf(snippetOf === p.name ? null : p.name)} data-testid="project-snippet-toggle">
                        {t(snippetOf === p.name ? 'settings.snippet.hide' : 'settings.snippet.show')}
                      </button>
                    </>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="num">
                  <span className="row-actions">
                    {p.name === project ? (
                      <span className="tag">{t('settings.current')}</span>
                    ) : (
                      <button type="button" className="btn ghost small" onClick={() => setProject(p.name)}>
                        {t('settings.use')}
                      </button>
                    )}
                    {p.name === DEFAULT_PROJECT ? (
                      // A disabled button shows no tooltip of its own: its wrapper carries it.
                      <span className="disabled-wrap" title={t('settings.deleteProject.defaultNote')}>
                        <button type="button" className="btn danger small" disabled aria-label={`${t('common.delete')}: ${t('settings.deleteProject.defaultNote')}`} data-testid="project-delete">
                          {t('common.delete')}
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="btn danger small"
                        onClick={() => {
                          setDeleting(p);
                          setDeleted(null);
                        }}
                        data-testid="project-delete"
                      >
                        {t('common.delete')}
                      </button>
                    )}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleted && (
        <div className="success" data-testid="project-deleted" data-name={deleted.deleted.name}>
          {t('settings.deleteProject.done', { name: deleted.deleted.name, id: deleted.deleted.id })}
          {deleted.wasCurrent && ` ${t('settings.deleteProject.switched', { name: project })}`}
        </div>
      )}
      {snippetProject && <SdkSnippet project={snippetProject.name} writeKey={snippetProject.write_keys[0]} />}
      <p className="hint">
        {t('settings.writeKeyHint')} <code>growloop keys</code>
      </p>
      {hasDefault && (
        <p className="hint" data-testid="project-delete-default-note">
          {t('settings.deleteProject.defaultNote')}
        </p>
      )}
      {deleting && (
        <DeleteProject
          project={deleting}
          current={deleting.name === project}
          onClose={() => setDeleting(null)}
          onGone={reloadProjects}
          onDeleted={(gone) => {
            const wasCurrent = gone.name === project;
            setDeleting(null);
            setDeleted({ deleted: gone, wasCurrent });
            if (snippetOf === gone.name) setSnippetOf(null);
            projectDeleted(gone);
          }}
        />
      )}
    </Panel>
  );
}

/**
 * Creates a project (POST /api/v1/projects), then shows it: the list is reloaded, the console
 * switches to it and its write key is shown with a snippet. The server allows this to its operator
 * only (keyless, from its own machine); anyone else gets its 403 and message, shown as they are.
 */
function NewProject() {
  const { t } = useI18n();
  const { reloadProjects, setProject, projectList, deletedProjectIds } = useApp();
  const own = browserZone();
  const zones = own && !COMMON_ZONES.includes(own) ? [...COMMON_ZONES, own] : COMMON_ZONES;
  const [name, setName] = useState('');
  const [zone, setZone] = useState(COMMON_ZONES[0]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [created, setCreated] = useState(null);
  // A project deleted since: "exists already" may no longer hold (its name is free again).
  const deletions = deletedProjectIds.length;
  useEffect(() => {
    if (deletions) setError((err) => (err?.code === 'already_exists' ? null : err));
  }, [deletions]);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const p = await api.createProject({ name: name.trim(), time_zone: zone });
      setCreated(p);
      setName('');
      reloadProjects();
      setProject(p.name);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const refused = error && (error.code === 'permission_denied' || error.code === 'unauthenticated');
  // The new project's write keys as the project list holds them now (a key revoked under API keys
  // goes), or as created until the list has been read again.
  const listed = created && projectList.find((p) => p.name === created.name);
  const createdKeys = (listed ? listed.write_keys : created?.write_keys) || [];
  const wrong = (field) => (error?.field === field ? ' invalid' : '');
  return (
    <Panel title={t('settings.newProject')} subtitle={t('settings.newProject.sub')} testId="settings-new-project">
      <form className="new-project" onSubmit={submit} data-testid="project-create-form">
        <label className="field">
          <span>{t('settings.newProject.name')}</span>
          <input
            className={`input${wrong('name')}`}
            value={name}
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            placeholder="shop"
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
            data-testid="project-create-name"
          />
        </label>
        <label className="field">
          <span>{t('settings.timeZone')}</span>
          <select className={`select${wrong('time_zone')}`} value={zone} onChange={(e) => {
            setZone(e.target.value);
            setError(null);
          }} data-testid="project-create-zone">
            {zones.map((z) => (
              <option key={z} value={z}>
                {z === own ? t('settings.newProject.browserZone', { zone: z }) : z}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn primary" disabled={busy || !name.trim()} data-testid="project-create-submit">
          {busy ? t('settings.newProject.creating') : t('settings.newProject.create')}
        </button>
      </form>
      <div className="hint">{t('settings.newProject.nameRule')}</div>
      {error && (
        <div className="new-project-error" data-testid="project-create-error" data-code={error.code}>
          <ErrorBox error={error} />
          {refused && (
            <div className="hint">
              {t('settings.newProject.operator')} <code>growloop create-project {name.trim() || 'NAME'} --time-zone {zone}</code>
            </div>
          )}
        </div>
      )}
      {created && !deletedProjectIds.includes(created.id) && (
        <div className="success created-project" data-testid="project-created" data-project={created.name}>
          <div>{t('settings.newProject.created', { name: created.name, zone: created.time_zone })}</div>
          <div className="created-keys">
            <span>{t('settings.newProject.writeKey')}</span>
            {createdKeys.length === 0 && <span className="muted">—</span>}
            {createdKeys.map((k) => (
              <code className="key" key={k} data-testid="project-created-key">
                {k}
              </code>
            ))}
          </div>
          {createdKeys[0] && <SdkSnippet project={created.name} writeKey={createdKeys[0]} />}
          <div className="hint">
            {t('settings.newProject.secretHint')} <code>growloop keys --project {created.name}</code>
          </div>
        </div>
      )}
    </Panel>
  );
}

function Stats() {
  const { t, fmt } = useI18n();
  const { project, dataVersion } = useApp();
  const [nonce, setNonce] = useState(0);
  const stats = useAsync((signal) => api.stats(project, signal), [project, nonce, dataVersion], !!project, true);
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
  const { project } = useApp();
  return (
    <div className="page settings" data-testid="page-settings">
      <Projects />
      <NewProject />
      {project && <ApiKeys key={project} />}
      <Stats />
      {project && <ImportData key={project} />}
      <div className="settings-row">
        <SecretKey />
        <Language />
      </div>
    </div>
  );
}
