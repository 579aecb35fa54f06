import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, isAbort, isPreconditionFailed } from '../api.js';
import { loadJson, removeKey } from '../lib/storage.js';
import { loadThresholds, storedThresholds } from './kpis.js';

// The KPI definitions and thresholds of a project, shared by everyone on it: one project setting
// on the server, `console.kpi` = {"version": 1, "definitions": {...}, "thresholds": {...}}.
// A part equal to its defaults is left out; with both left out the setting is deleted.
// Read once per project (in parallel with the schema) and kept in the app state.
//
// Every write is conditional, so that two people editing at once never overwrite each other unseen:
// the console remembers the revision it read (or that the setting was not set) and stores over that
// revision only (If-Match: "<revision>", or If-None-Match: * when it was not set). When someone else
// wrote in between (412), the setting is read again and the app shows theirs; the save is retried
// over it only when they left the part being saved as it was (they changed the other dialog's part),
// otherwise it fails with a KpiConflict, which the dialog shows along with their values.
//
// Earlier consoles kept both in this browser's localStorage; when the server has no setting for a
// project but the browser still has those, they are written to the server once (only while it still
// has none) and then forgotten here.

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

/** The same JSON (object keys in any order). */
function sameJson(a, b) {
  const sort = (v) => (Array.isArray(v) ? v.map(sort) : isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])])) : v);
  return JSON.stringify(sort(a ?? null)) === JSON.stringify(sort(b ?? null));
}

/**
 * A save refused because someone else changed the setting after it was read (HTTP 412): `parts`
 * are the values now stored ({definitions, thresholds}, each null when not set), `updated` when.
 */
export class KpiConflict extends ApiError {
  constructor(cause, now) {
    super(cause.code || 'failed_precondition', cause.message, cause.status || 412, cause.field);
    this.name = 'KpiConflict';
    this.conflict = true;
    this.parts = kpiParts(now.value);
    this.updated = now.updated;
  }
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

const NOT_SET = { value: null, updated: null, revision: null };

/**
 * The project's `console.kpi` as {value, updated, revision}, all null when it is not set. Read
 * through the list of settings, which answers 200 whether or not it is set (so that an unset
 * setting, the usual case, logs no failed request in the browser).
 */
async function fetchKpiSetting(project, signal) {
  const answer = await api.settings(project, signal);
  const found = (answer.settings || []).find((s) => s.name === KPI_SETTING);
  if (!found) return NOT_SET;
  return { value: isObject(found.value) ? found.value : null, updated: found.updated || null, revision: found.revision ?? null };
}

/** What a successful PUT answered, in the shape of fetchKpiSetting. */
const storedEntry = (stored) => ({ value: stored.value, updated: stored.updated, revision: stored.revision ?? null });

/** The condition of a write over `read` (what was read): its revision, or that it was not set. */
const over = (read) => (read.revision !== null && read.revision !== undefined ? { revision: read.revision } : { absent: true });

/**
 * Stores `patch` over `read` (a value as read, with its revision; revision null: not set) and
 * answers what is stored now, like fetchKpiSetting. Throws the API's error: a 412 when the setting
 * is no longer at the revision read (or was stored meanwhile when it was not set).
 */
async function writeOver(project, read, patch) {
  const value = compose(read.value, patch);
  if (value) return storedEntry(await api.putSetting(project, KPI_SETTING, value, over(read)));
  if (read.revision === null || read.revision === undefined) {
    // Nothing to store over nothing stored: only make sure that nobody stored one meanwhile.
    const now = await fetchKpiSetting(project);
    if (now.revision !== null) throw new ApiError('failed_precondition', `setting "${KPI_SETTING}" was stored meanwhile (revision ${now.revision})`, 412);
    return NOT_SET;
  }
  try {
    await api.deleteSetting(project, KPI_SETTING, { revision: read.revision });
  } catch (err) {
    if (err.status !== 404) throw err; // deleted meanwhile: the same outcome
  }
  return NOT_SET;
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
    return read;
  }
  if (!legacy) return { ...(read || NOT_SET), error };
  // Used at once from this browser; written to the server (not awaited, so the KPIs wait for nothing)
  // only while it has none (If-None-Match: *).
  return { ...(read || NOT_SET), value: compose(null, legacy), error, local: true, migrate: !error };
}

/**
 * The current project's KPI setting, kept per project for this key: {loading, value, updated,
 * revision (null: not set on the server), error (reading failed), local (the values come from this
 * browser only), localError (sharing them failed), save(patch)}. `save({definitions})` or
 * `save({thresholds})` (null: back to the defaults) replaces that part of the value read, at the
 * revision read, so that one part never wipes the other; it throws the API's error, a KpiConflict
 * when someone else changed that part meanwhile (the setting then holds their values).
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
        api.putSetting(project, KPI_SETTING, loaded.value, { absent: true }).then(
          (stored) => {
            forgetLegacy(project);
            put(cacheKey, { ...storedEntry(stored), local: false, migrate: false });
          },
          (err) => {
            if (!isPreconditionFailed(err)) {
              put(cacheKey, { localError: err, migrate: false });
              return;
            }
            // Someone stored the project's values meanwhile: theirs win, as when they were there first.
            fetchKpiSetting(project).then(
              (now) => {
                forgetLegacy(project);
                put(cacheKey, { ...now, local: false, localError: null, migrate: false });
              },
              (again) => put(cacheKey, { localError: again, migrate: false }),
            );
          },
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
      // Over what this console shows (read with its revision); this browser's old values while
      // they are not shared yet (the revision is then null: stored only if nobody has meanwhile).
      let read = { value: entry?.value || null, revision: entry?.revision ?? null };
      for (let attempt = 0; ; attempt += 1) {
        try {
          const stored = await writeOver(project, read, patch);
          put(cacheKey, { ...stored, local: false, localError: null, error: null });
          forgetLegacy(project);
          return;
        } catch (err) {
          if (!isPreconditionFailed(err)) throw err;
          // Someone else wrote first: from now on the app shows what they stored.
          const now = await fetchKpiSetting(project);
          // (The server's values win over this browser's old ones, as when they were there first.)
          put(cacheKey, { ...now, local: false, localError: null, error: null });
          forgetLegacy(project);
          // They left the part saved here as it was (they changed the other one): save it over theirs.
          const mine = kpiParts(read.value);
          const theirs = kpiParts(now.value);
          const untouched = Object.keys(patch).every((part) => sameJson(mine[part], theirs[part]));
          if (attempt > 0 || !untouched) throw new KpiConflict(err, now);
          read = now;
        }
      }
    },
    [project, cacheKey, entry, put],
  );

  return {
    loading: !!enabled && !!project && !entry,
    value: entry?.value || null,
    updated: entry?.updated || null,
    revision: entry?.revision ?? null,
    error: entry?.error || null,
    local: !!entry?.local,
    localError: entry?.localError || null,
    save,
  };
}
