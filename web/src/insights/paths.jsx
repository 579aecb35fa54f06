import EventSelect from '../components/EventSelect.jsx';
import FilterEditor, { filtersToBody } from '../components/FilterEditor.jsx';
import { eventLabel, useI18n } from '../i18n/index.jsx';
import { eventNames } from '../lib/schema.js';
import { useApp } from '../state.jsx';

export const paths = {
  initial: (schema) => {
    const names = eventNames(schema);
    return {
      event: names.includes('view_item') ? 'view_item' : names[0] || '',
      direction: 'after',
      steps: 3,
      per: 'person',
      limit: 8,
      windowMinutes: 30,
      exclude: names.includes('push_received') ? ['push_received'] : [],
      filters: [],
    };
  },

  toBody(state, range, schema) {
    const body = {
      from: range.from,
      to: range.to,
      event: state.event,
      direction: state.direction,
      steps: Number(state.steps),
      per: state.per,
      limit: Number(state.limit),
      window_seconds: Math.round(Number(state.windowMinutes) * 60),
    };
    const exclude = state.exclude.filter((e) => e !== state.event);
    if (exclude.length) body.exclude = exclude;
    const filters = filtersToBody(state.filters, schema);
    if (filters) body.filters = filters;
    return body;
  },

  validate(state) {
    if (!state.event || state.event === '$all') return 'paths.needEvent';
    const s = Number(state.steps);
    if (!Number.isInteger(s) || s < 1 || s > 10) return 'paths.badSteps';
    const l = Number(state.limit);
    if (!Number.isInteger(l) || l < 1 || l > 100) return 'paths.badLimit';
    if (!(Number(state.windowMinutes) > 0)) return 'paths.badWindow';
    return null;
  },

  describe(state, t) {
    return t(state.direction === 'after' ? 'paths.describeAfter' : 'paths.describeBefore', { event: eventLabel(t, state.event) });
  },

  Form({ state, setState }) {
    const { t } = useI18n();
    const { schema } = useApp();
    const set = (patch) => setState({ ...state, ...patch });
    const names = eventNames(schema.data).filter((n) => n !== state.event && !state.exclude.includes(n));
    return (
      <>
        <div className="form-grid one">
          <label className="field">
            <span>{t('paths.anchorEvent')}</span>
            <EventSelect value={state.event} onChange={(event) => set({ event })} testId="paths-event" />
          </label>
        </div>
        <div className="form-grid">
          <label className="field">
            <span>{t('paths.direction')}</span>
            <select className="select" value={state.direction} onChange={(e) => set({ direction: e.target.value })} data-testid="paths-direction">
              <option value="after">{t('paths.after')}</option>
              <option value="before">{t('paths.before')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('paths.steps')}</span>
            <input type="number" min="1" max="10" className="input" value={state.steps} onChange={(e) => set({ steps: e.target.value })} data-testid="paths-steps" />
          </label>
          <label className="field">
            <span>{t('paths.per')}</span>
            <select className="select" value={state.per} onChange={(e) => set({ per: e.target.value })}>
              <option value="person">{t('paths.perPerson')}</option>
              <option value="occurrence">{t('paths.perOccurrence')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('paths.limit')}</span>
            <input type="number" min="1" max="100" className="input" value={state.limit} onChange={(e) => set({ limit: e.target.value })} />
          </label>
          <label className="field">
            <span>{t('paths.window')}</span>
            <input type="number" min="1" className="input" value={state.windowMinutes} onChange={(e) => set({ windowMinutes: e.target.value })} />
          </label>
        </div>
        <div className="form-section">
          <div className="form-label">{t('paths.exclude')}</div>
          <div className="chips">
            {state.exclude.map((e) => (
              <span className="chip" key={e}>
                {e}
                <button type="button" aria-label={t('common.remove')} onClick={() => set({ exclude: state.exclude.filter((x) => x !== e) })}>
                  ×
                </button>
              </span>
            ))}
            <select className="select small" value="" onChange={(e) => e.target.value && set({ exclude: [...state.exclude, e.target.value] })} data-testid="paths-exclude">
              <option value="">+ {t('paths.addExclude')}</option>
              {names.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="form-section">
          <div className="form-label">{t('filters.title')}</div>
          <FilterEditor rows={state.filters} onChange={(filters) => set({ filters })} />
        </div>
      </>
    );
  },
};
