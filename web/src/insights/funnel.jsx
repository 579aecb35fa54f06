import EventSelect from '../components/EventSelect.jsx';
import FilterEditor, { filtersToBody } from '../components/FilterEditor.jsx';
import { eventLabel, useI18n } from '../i18n/index.jsx';
import { eventNames } from '../lib/schema.js';
import DurationInput from '../components/DurationInput.jsx';

const UNITS = { minute: 60, hour: 3600, day: 86400 };
const ORDERS = ['ordered', 'strict', 'any'];
const MAX_STEPS = 20;

function move(list, from, to) {
  const out = [...list];
  const [x] = out.splice(from, 1);
  out.splice(to, 0, x);
  return out;
}

export const funnel = {
  initial: (schema) => {
    const names = eventNames(schema);
    const demo = ['app_open', 'view_item', 'add_to_cart', 'purchase'];
    const steps = demo.every((e) => names.includes(e)) ? demo.slice(0, 2) : names.slice(0, 2);
    return {
      steps: steps.map((event) => ({ event })),
      windowValue: 1,
      windowUnit: 'day',
      order: 'ordered',
      filters: [],
    };
  },

  toBody(state, range, schema) {
    const body = {
      from: range.from,
      to: range.to,
      window_seconds: Math.round(Number(state.windowValue) * UNITS[state.windowUnit]),
      order: state.order,
      steps: state.steps.map((s) => ({ event: s.event })),
    };
    const filters = filtersToBody(state.filters, schema);
    if (filters) body.filters = filters;
    return body;
  },

  validate(state) {
    if (state.steps.length < 2) return 'funnel.needSteps';
    if (state.steps.some((s) => !s.event)) return 'funnel.needEvent';
    const w = Number(state.windowValue);
    if (!(w > 0) || w * UNITS[state.windowUnit] > 31622400) return 'funnel.badWindow';
    return null;
  },

  describe(state, t) {
    return state.steps.map((s) => eventLabel(t, s.event)).join(' → ');
  },

  Form({ state, setState }) {
    const { t } = useI18n();
    const steps = state.steps;
    const setSteps = (next) => setState({ ...state, steps: next });
    return (
      <>
        <div className="form-section">
          <div className="form-label">{t('funnel.steps')}</div>
          <ol className="step-list">
            {steps.map((s, i) => (
              <li className="step-row" key={i} data-testid={`funnel-step-${i}`}>
                <span className="step-num">{i + 1}</span>
                <EventSelect value={s.event} onChange={(event) => setSteps(steps.map((x, j) => (j === i ? { event } : x)))} testId={`funnel-step-event-${i}`} />
                <div className="step-tools">
                  <button type="button" className="icon-btn" disabled={i === 0} title={t('funnel.moveUp')} aria-label={t('funnel.moveUp')} onClick={() => setSteps(move(steps, i, i - 1))} data-testid={`funnel-step-up-${i}`}>
                    ↑
                  </button>
                  <button type="button" className="icon-btn" disabled={i === steps.length - 1} title={t('funnel.moveDown')} aria-label={t('funnel.moveDown')} onClick={() => setSteps(move(steps, i, i + 1))} data-testid={`funnel-step-down-${i}`}>
                    ↓
                  </button>
                  <button type="button" className="icon-btn" disabled={steps.length <= 1} title={t('common.remove')} aria-label={t('common.remove')} onClick={() => setSteps(steps.filter((_, j) => j !== i))} data-testid={`funnel-step-remove-${i}`}>
                    ×
                  </button>
                </div>
              </li>
            ))}
          </ol>
          {steps.length < MAX_STEPS && (
            <button type="button" className="btn ghost small" onClick={() => setSteps([...steps, { event: '' }])} data-testid="funnel-add-step">
              + {t('funnel.addStep')}
            </button>
          )}
        </div>

        <div className="form-grid">
          <div className="field">
            <span>{t('funnel.window')}</span>
            <div className="inline-fields">
              <DurationInput
                units={UNITS}
                value={state.windowValue}
                unit={state.windowUnit}
                onValue={(windowValue) => setState({ ...state, windowValue })}
                onUnit={(windowUnit) => setState({ ...state, windowUnit })}
                testIdPrefix="funnel-window"
              />
            </div>
          </div>
          <label className="field">
            <span>{t('funnel.order')}</span>
            <select className="select" value={state.order} onChange={(e) => setState({ ...state, order: e.target.value })} data-testid="funnel-order">
              {ORDERS.map((o) => (
                <option key={o} value={o}>
                  {t(`funnel.order.${o}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="hint">{t(`funnel.orderHint.${state.order}`)}</div>

        <div className="form-section">
          <div className="form-label">{t('filters.title')}</div>
          <FilterEditor rows={state.filters} onChange={(filters) => setState({ ...state, filters })} />
        </div>
      </>
    );
  },
};
