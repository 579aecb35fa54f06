import { useState } from 'react';
import Modal from '../components/Modal.jsx';
import EventSelect from '../components/EventSelect.jsx';
import { useI18n } from '../i18n/index.jsx';
import { useApp } from '../state.jsx';
import { eventNames, numericPropertiesOf, propertiesOf } from '../lib/schema.js';
import { MAX_STEPS, MIN_STEPS, defaultDefinitions, guessAmountProperty, guessChannelProperty, loadDefinitions, validateDefinitions } from './definitions.js';
import DurationInput from '../components/DurationInput.jsx';
import { SaveError, SharedHint, useSave } from './SharedNote.jsx';

const UNITS = { hour: 3600, day: 86400 };

// The draft shows empty rows for a funnel not set; rows left without an event are dropped on saving.
function toDraft(defs) {
  const unit = defs.windowSeconds % UNITS.day === 0 ? 'day' : 'hour';
  const funnel = defs.funnel.length ? defs.funnel : Array(MIN_STEPS).fill('');
  return { ...defs, funnel, windowValue: String(defs.windowSeconds / UNITS[unit]), windowUnit: unit };
}

function fromDraft({ windowValue, windowUnit, ...defs }) {
  return { ...defs, funnel: defs.funnel.filter(Boolean), windowSeconds: Math.round(Number(windowValue) * UNITS[windowUnit]) };
}

/** A select of names with "none" first; a value the options lack is still shown. */
function NameSelect({ value, options, onChange, disabled, testId }) {
  const { t } = useI18n();
  return (
    <select className="select" value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      <option value="">{t('kpiDefs.none')}</option>
      {value && !options.includes(value) && <option value={value}>{value}</option>}
      {options.map((name) => (
        <option key={name} value={name}>
          {name}
        </option>
      ))}
    </select>
  );
}

/** Edits the KPI definitions of the current project (shared by its team), with pickers fed by the schema. */
export default function DefinitionsDialog({ definitions, onSave, onClose }) {
  const { t } = useI18n();
  const schema = useApp().schema.data;
  const [draft, setDraft] = useState(() => toDraft(definitions));
  // Saved over someone else's change: the dialog shows their definitions (and says so).
  const [saving, saveError, save] = useSave(onSave, (conflict) => setDraft(toDraft(loadDefinitions(conflict.parts.definitions, schema))));
  const set = (patch) => setDraft({ ...draft, ...patch });
  const steps = draft.funnel;
  const setSteps = (funnel) => set({ funnel });
  const next = fromDraft(draft);
  const names = (list) => (draft.revenueEvent ? list.map((p) => p.name) : []);
  const problem = validateDefinitions(next);

  const chooseRevenueEvent = (event) => {
    const props = event ? propertiesOf(schema, event).map((p) => p.name) : [];
    set({
      revenueEvent: event,
      revenueProperty: event && (guessAmountProperty(schema, event) || numericPropertiesOf(schema, event)[0]?.name || ''),
      channel: props.includes(draft.channel) ? draft.channel : guessChannelProperty(schema, event),
    });
  };

  const footer = (
    <>
      <button type="button" className="btn ghost" onClick={() => setDraft(toDraft(defaultDefinitions(schema)))} data-testid="kpi-defs-reset">
        {t('kpiDefs.reset')}
      </button>
      <span className="spacer" />
      <button type="button" className="btn ghost" onClick={onClose}>
        {t('common.cancel')}
      </button>
      <button type="button" className="btn primary" disabled={!!problem || saving} onClick={() => save(next)} data-testid="kpi-defs-save">
        {saving ? t('common.saving') : t('common.save')}
      </button>
    </>
  );

  return (
    <Modal title={t('kpiDefs.title')} onClose={onClose} footer={footer} testId="kpi-defs-dialog" width={640}>
      <div className="form-stack">
        <p className="hint">{t('kpiDefs.intro')}</p>
        <SharedHint />

        <section className="form-section">
          <div className="form-label">{t('kpiDefs.retention')}</div>
          <label className="field">
            <span>{t('kpiDefs.activity')}</span>
            <EventSelect value={draft.activity} onChange={(activity) => set({ activity })} allowAny testId="kpi-defs-activity" />
          </label>
          <div className="hint">{t('kpiDefs.activityHint')}</div>
        </section>

        <section className="form-section">
          <div className="form-label">{t('kpiDefs.funnel')}</div>
          <ol className="step-list">
            {steps.map((event, i) => (
              <li className="step-row" key={i}>
                <span className="step-num">{i + 1}</span>
                <EventSelect value={event} onChange={(e) => setSteps(steps.map((x, j) => (j === i ? e : x)))} testId={`kpi-defs-step-${i}`} />
                <button type="button" className="icon-btn" title={t('common.remove')} aria-label={t('common.remove')} onClick={() => setSteps(steps.filter((_, j) => j !== i))} data-testid={`kpi-defs-step-remove-${i}`}>
                  ×
                </button>
              </li>
            ))}
          </ol>
          <div className="defs-row">
            <button type="button" className="btn ghost small" disabled={steps.length >= MAX_STEPS} onClick={() => setSteps([...steps, ''])} data-testid="kpi-defs-add-step">
              + {t('funnel.addStep')}
            </button>
            <span className="spacer" />
            <span>{t('funnel.window')}</span>
            <DurationInput
              units={UNITS}
              value={draft.windowValue}
              unit={draft.windowUnit}
              onValue={(windowValue) => set({ windowValue })}
              onUnit={(windowUnit) => set({ windowUnit })}
              testIdPrefix="kpi-defs-window"
            />
          </div>
          <div className="hint">{t('kpiDefs.funnelHint')}</div>
        </section>

        <section className="form-section">
          <div className="form-label">{t('kpiDefs.revenue')}</div>
          <div className="form-grid three">
            <label className="field">
              <span>{t('kpiDefs.revenueEvent')}</span>
              <NameSelect value={draft.revenueEvent} options={eventNames(schema)} onChange={chooseRevenueEvent} testId="kpi-defs-revenue-event" />
            </label>
            <label className="field">
              <span>{t('kpiDefs.revenueProperty')}</span>
              <NameSelect value={draft.revenueProperty} options={names(numericPropertiesOf(schema, draft.revenueEvent))} onChange={(revenueProperty) => set({ revenueProperty })} disabled={!draft.revenueEvent} testId="kpi-defs-revenue-property" />
            </label>
            <label className="field">
              <span>{t('kpiDefs.channel')}</span>
              <NameSelect value={draft.channel} options={names(propertiesOf(schema, draft.revenueEvent))} onChange={(channel) => set({ channel })} disabled={!draft.revenueEvent} testId="kpi-defs-channel" />
            </label>
          </div>
          <div className="hint">{t('kpiDefs.revenueHint')}</div>
        </section>

        {problem && <div className="notice warn">{t(problem)}</div>}
        <SaveError error={saveError} part="definitions" />
      </div>
    </Modal>
  );
}
