import { useCallback, useMemo } from 'react';
import { useApp } from '../state.jsx';
import { loadDefinitions, storedDefinitions } from './definitions.js';
import { loadThresholds, storedThresholds } from './kpis.js';

// The current project's KPI definitions and thresholds from its shared setting (kpiSetting.js,
// held in the app state), each with an async function storing new ones for the whole team.

/** [definitions, save(next) (throws the API's error), setting] */
export function useKpiDefinitions() {
  const { schema, kpiSetting } = useApp();
  const stored = kpiSetting.value?.definitions;
  const defs = useMemo(() => loadDefinitions(stored, schema.data), [stored, schema.data]);
  const { save: saveSetting } = kpiSetting;
  const save = useCallback((next) => saveSetting({ definitions: storedDefinitions(next, schema.data) }), [saveSetting, schema.data]);
  return [defs, save, kpiSetting];
}

/** [thresholds, save(next) (throws the API's error), setting] */
export function useKpiThresholds() {
  const { kpiSetting } = useApp();
  const stored = kpiSetting.value?.thresholds;
  const thresholds = useMemo(() => loadThresholds(stored), [stored]);
  const { save: saveSetting } = kpiSetting;
  const save = useCallback((next) => saveSetting({ thresholds: storedThresholds(next) }), [saveSetting]);
  return [thresholds, save, kpiSetting];
}
