import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api } from './api.js';
import { useAsync } from './lib/useAsync.js';
import { dateInZone, presetRange, todayInZone } from './lib/dates.js';
import { useKpiSetting } from './overview/kpiSetting.js';

// What every page shares: the projects, the chosen project (and its time zone and schema),
// the project's shared KPI setting, the date range and the "compare with the previous period" switch.

const PROJECT_KEY = 'growloop.project';
const AppContext = createContext(null);

function dataBounds(schema, timeZone) {
  let first = null;
  let last = null;
  for (const e of schema?.events || []) {
    if (e.first_seen && (!first || e.first_seen < first)) first = e.first_seen;
    if (e.last_seen && (!last || e.last_seen > last)) last = e.last_seen;
  }
  if (!first || !last) return null;
  return { first: dateInZone(first, timeZone), last: dateInZone(last, timeZone) };
}

export function AppProvider({ children }) {
  const [keyVersion, setKeyVersion] = useState(0);
  const [schemaVersion, setSchemaVersion] = useState(0);
  const [projectsVersion, setProjectsVersion] = useState(0);
  // Bumped when the project's data changed under the console (an import): the schema and every
  // view of the store statistics read again.
  const [dataVersion, setDataVersion] = useState(0);
  const [project, setProjectState] = useState(() => localStorage.getItem(PROJECT_KEY) || '');

  // The ids of the projects deleted from this console: left out of the list at once, also while
  // the list is read again (ids are never reused; a new project of the same name has a new one).
  const [deletedIds, setDeletedIds] = useState([]);

  // A reload (a project created) keeps the list on screen until the new one arrives.
  const projects = useAsync((signal) => api.projects(signal), [keyVersion, projectsVersion], true, true);
  const listed = projects.data?.projects;
  const list = useMemo(() => (listed || []).filter((p) => !deletedIds.includes(p.id)), [listed, deletedIds]);

  const setProject = useCallback((name) => {
    setProjectState(name);
    try {
      localStorage.setItem(PROJECT_KEY, name);
    } catch {
      /* storage disabled: the choice lasts for this visit */
    }
  }, []);

  // Keep the chosen project one that the server lists (a key sees only its own; a project deleted
  // meanwhile, here or elsewhere, is gone); while the list is reloaded, a project just created is
  // not in the old one yet. The replacement is remembered, so that the next visit does not ask
  // for a project that is no longer there.
  useEffect(() => {
    if (projects.loading || !list.length) return;
    if (!list.some((p) => p.name === (project || 'default'))) {
      const fallback = list.find((p) => p.name === 'default') || list[0];
      if (project) setProject(fallback.name);
      else setProjectState(fallback.name);
    }
  }, [list, project, projects.loading, setProject]);

  // The schema of the remembered project (or "default") is asked for at once, in parallel with
  // the project list; a project the list does not hold is replaced above and asked for again.
  const guess = project || 'default';
  const current = list.find((p) => p.name === guess) || null;
  const timeZone = current?.time_zone || 'UTC';
  const schemaEnabled = projects.loading ? true : !!current;
  const schema = useAsync((signal) => api.schema(guess, signal), [guess, keyVersion, schemaVersion, dataVersion], schemaEnabled);
  const bounds = useMemo(() => dataBounds(schema.data, timeZone), [schema.data, timeZone]);
  // The project is gone (deleted from another console since the list was read): read the list
  // again, which then no longer holds it, and the console moves to another project (above).
  // Once per answer: a list being read already settles it.
  const projectsLoading = projects.loading;
  useEffect(() => {
    if (schema.error?.code === 'not_found' && !projectsLoading) setProjectsVersion((v) => v + 1);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [schema.error]);
  // The KPI definitions and thresholds the team shares: read with the schema, once per project.
  const kpiSetting = useKpiSetting(guess, keyVersion, schemaEnabled);

  // The date range: a preset (days ending at the latest event) or custom dates.
  const [rangeChoice, setRangeChoice] = useState({ preset: 30 });
  const [compare, setCompare] = useState(true);
  useEffect(() => {
    setRangeChoice({ preset: 30 });
  }, [project]);
  const anchor = bounds?.last || todayInZone(timeZone);
  const range = useMemo(
    () => (rangeChoice.preset ? presetRange(rangeChoice.preset, anchor) : { from: rangeChoice.from, to: rangeChoice.to }),
    [rangeChoice, anchor],
  );

  const value = {
    projects,
    projectList: list,
    project: current ? guess : '',
    projectInfo: current,
    setProject,
    timeZone,
    schema,
    reloadSchema: () => setSchemaVersion((v) => v + 1),
    reloadProjects: () => setProjectsVersion((v) => v + 1),
    deletedProjectIds: deletedIds,
    /**
     * A project was deleted (the `deleted` answer of DELETE /api/v1/projects/{project}): it leaves
     * the list and the switcher at once; when it was the current project the console moves to
     * "default" (remembered), so that no page asks for it again; then the list is read again.
     */
    projectDeleted: (gone) => {
      setDeletedIds((ids) => (ids.includes(gone.id) ? ids : [...ids, gone.id]));
      if (guess === gone.name) {
        const rest = list.filter((p) => p.id !== gone.id);
        const fallback = rest.find((p) => p.name === 'default') || rest[0];
        setProject(fallback ? fallback.name : 'default');
      }
      setProjectsVersion((v) => v + 1);
    },
    dataVersion,
    dataChanged: () => setDataVersion((v) => v + 1),
    kpiSetting,
    bounds,
    ready: !!current && !schema.loading,
    range,
    anchor,
    rangeChoice,
    setRangeChoice,
    compare,
    setCompare,
    reloadAll: () => setKeyVersion((v) => v + 1),
  };
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}

export function useApp() {
  return useContext(AppContext);
}
