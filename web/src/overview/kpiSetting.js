import { useCallback, useEffect, useState } from 'react';
import { api, isAbort } from '../api.js';
import { loadJson, removeKey } from '../lib/storage.js';
import { loadThresholds, storedThresholds } from './kpis.js';

// The KPI definitions and thresholds of a project, shared by everyone on it: one project setting
// on the server, `console.kpi` = {"version": 1, "definitions": {...}, "thresholds": {...}}.
// A part equal to its defaults is left out; with both left out the setting is deleted.
// Read once per project (in parallel with the schema) and kept in the app state.
//
// Earlier consoles kept both in this browser's localStorage; when the server has no setting for a
// project but the browser still has those, they are written to the server once and then forgotten here.

export const KPI_SETTING = 'console.kpi';
export const KPI_SETTING_VERSION = 1;

const LEGACY = {
  definitions: (project) => `growloop.kpiDefinitions.${project}`,
  thresholds: (project) => `growloop.thresholds.${project}`,
};

const isObject = (v) => !!v && typeof v === 'object' && !Array.isArray(v);

/** The parts of a stored value (each an object, or null when not set). */
export function kpiParts(value) {
  return {
    definitions: isObject(value?.definitions) ? value.definitions : null,
    thresholds: isObject(value?.thresholds) ? value.thresholds : null,
  };
}

/** The value to store for these parts over `base` (whose other members are kept), or null when nothing is left to store. */
function compose(base, patch) {
  const { version: _v, definitions: _d, thresholds: _t, ...others } = isObject(base) ? base : {};
  const parts = { ...kpiParts(base), ...patch };
  if (!parts.definitions && !parts.thresholds) return null;
  const value = { ...others, version: KPI_SETTING_VERSION };
  if (parts.definitions) value.definitions = parts.definitions;
  if (parts.thresholds) value.thresholds = parts.thresholds;
  return value;
}

/** What earlier consoles stored in this browser for the project, or null. */
function readLegacy(project) {
  const definitions = loadJson(LEGACY.definitions(project), null);
  const thresholds = loadJson(LEGACY.thresholds(project), null);
  const parts = {
    definitions: isObject(definitions) && Object.keys(definitions).length ? definitions : null,
    thresholds: isObject(thresholds) ? storedThresholds(loadThresholds(thresholds)) : null,
  };
  return parts.definitions || parts.thresholds ? parts : null;
}

function forgetLegacy(project) {
  removeKey(LEGACY.definitions(project));
  removeKey(LEGACY.thresholds(project));
}

/**
 * The project's `console.kpi` as {value, updated}, value null when it is not set. Read through the
 * list of settings, which answers 200 whether or not it is set (so that an unset setting, the
 * usual case, logs no failed request in the browser).
 */
async function fetchKpiSetting(project, signal) {
  const answer = await api.settings(project, signal);
  const found = (answer.settings || []).find((s) => s.name === KPI_SETTING);
  return found && isObject(found.value) ? { value: found.value, updated: found.updated } : { value: null, updated: null };
}

/** Reads the setting; falls back to (and offers) this browser's old values when the server has none. */
async function loadEntry(project, signal) {
  let read = null;
  let error = null;
  try {
    read = await fetchKpiSetting(project, signal);
  } catch (err) {
    if (isAbort(err)) throw err;
    error = err;
  }
  const legacy = readLegacy(project);
  if (read?.value) {
    if (legacy) forgetLegacy(project); // the team's values win over what this browser kept
    return { value: read.value, updated: read.updated };
  }
  if (!legacy) return { value: null, updated: null, error };
  // Used at once from this browser; written to the server (not awaited, so the KPIs wait for nothing).
  return { value: compose(null, legacy), updated: null, error, local: true, migrate: !error };
}

/**
 * The current project's KPI setting, kept per project for this key: {loading, value, updated,
 * error (reading failed), local (the values come from this browser only), localError (sharing them
 * failed), save(patch)}. `save({definitions})` or `save({thresholds})` (null: back to the
 * defaults) writes over what the server holds now, so that one part never wipes the other;
 * it throws the API's error.
 */
export function useKpiSetting(project, reloadKey, enabled) {
  const [cache, setCache] = useState({});
  const cacheKey = `${reloadKey}\n${project}`;
  const entry = cache[cacheKey];
  const put = useCallback((key, next) => setCache((c) => ({ ...c, [key]: { ...c[key], ...next } })), []);

  useEffect(() => {
    if (!enabled || !project || entry) return undefined;
    const ctrl = new AbortController();
    let alive = true;
    loadEntry(project, ctrl.signal).then(
      (loaded) => {
        if (!alive) return;
        put(cacheKey, loaded);
        if (!loaded.migrate) return;
        api.putSetting(project, KPI_SETTING, loaded.value).then(
          (stored) => {
            forgetLegacy(project);
            put(cacheKey, { value: stored.value, updated: stored.updated, local: false, migrate: false });
          },
          (err) => put(cacheKey, { localError: err, migrate: false }),
        );
      },
      (err) => {
        if (alive && !isAbort(err)) put(cacheKey, { value: null, error: err });
      },
    );
    return () => {
      alive = false;
      ctrl.abort();
    };
  }, [enabled, project, cacheKey, !!entry]); // eslint-disable-line react-hooks/exhaustive-deps

  const save = useCallback(
    async (patch) => {
      const now = await fetchKpiSetting(project);
      // Nothing on the server yet: this browser's old values (not shared yet) are the base.
      const base = now.value || (entry?.local ? entry.value : null);
      const value = compose(base, patch);
      if (value) {
        const stored = await api.putSetting(project, KPI_SETTING, value);
        put(cacheKey, { value: stored.value, updated: stored.updated, local: false, localError: null, error: null });
      } else {
        if (now.value) await api.deleteSetting(project, KPI_SETTING);
        put(cacheKey, { value: null, updated: null, local: false, localError: null, error: null });
      }
      forgetLegacy(project);
    },
    [project, cacheKey, entry, put],
  );

  return {
    loading: !!enabled && !!project && !entry,
    value: entry?.value || null,
    updated: entry?.updated || null,
    error: entry?.error || null,
    local: !!entry?.local,
    localError: entry?.localError || null,
    save,
  };
}
