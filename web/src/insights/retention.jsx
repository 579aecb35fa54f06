import EventSelect from '../components/EventSelect.jsx';
import FilterEditor, { filtersToBody } from '../components/FilterEditor.jsx';
import { eventLabel, useI18n } from '../i18n/index.jsx';
import { eventNames } from '../lib/schema.js';

const PERIODS = ['day', 'week', 'month'];

export const retention = {
  initial: (schema) => {
    const names = eventNames(schema);
    const start = names.includes('app_open') ? 'app_open' : names[0] || '$all';
    return { startEvent: start, returnEvent: start, start: 'first_time', period: 'day', periods: 7, mode: 'on', filters: [] };
  },

  toBody(state, range, schema) {
    const body = {
      from: range.from,
      to: range.to,
      start_event: { event: state.startEvent },
      start: state.start,
      period: state.period,
      periods: Number(state.periods),
    };
    if (state.returnEvent && state.returnEvent !== '$all') body.return_event = { event: state.returnEvent };
    if (state.mode !== 'on') body.mode = state.mode;
    const filters = filtersToBody(state.filters, schema);
    if (filters) body.filters = filters;
    return body;
  },

  validate(state) {
    if (!state.startEvent) return 'retention.needStart';
    const n = Number(state.periods);
    if (!Number.isInteger(n) || n < 1 || n > 365) return 'retention.badPeriods';
    return null;
  },

  describe(state, t) {
    return t('retention.describe', { start: eventLabel(t, state.startEvent), back: eventLabel(t, state.returnEvent) });
  },

  Form({ state, setState }) {
    const { t } = useI18n();
    const set = (patch) => setState({ ...state, ...patch });
    return (
      <>
        <div className="form-grid one">
          <label className="field">
            <span>{t('retention.startEvent')}</span>
            <EventSelect value={state.startEvent} allowAny onChange={(startEvent) => set({ startEvent })} testId="retention-start-event" />
          </label>
          <label className="field">
            <span>{t('retention.returnEvent')}</span>
            <EventSelect value={state.returnEvent} allowAny onChange={(returnEvent) => set({ returnEvent })} testId="retention-return-event" />
          </label>
        </div>
        <div className="form-grid">
          <label className="field">
            <span>{t('retention.cohortBy')}</span>
            <select className="select" value={state.start} onChange={(e) => set({ start: e.target.value })} data-testid="retention-start">
              <option value="first_time">{t('retention.firstTime')}</option>
              <option value="recurring">{t('retention.recurring')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('retention.mode')}</span>
            <select className="select" value={state.mode} onChange={(e) => set({ mode: e.target.value })} data-testid="retention-mode">
              <option value="on">{t('retention.modeOn')}</option>
              <option value="on_or_after">{t('retention.modeOnOrAfter')}</option>
            </select>
          </label>
          <label className="field">
            <span>{t('retention.period')}</span>
            <select className="select" value={state.period} onChange={(e) => set({ period: e.target.value })} data-testid="retention-period">
              {PERIODS.map((p) => (
                <option key={p} value={p}>
                  {t(`interval.${p}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('retention.periods')}</span>
            <input type="number" min="1" max="365" className="input" value={state.periods} onChange={(e) => set({ periods: e.target.value })} data-testid="retention-periods" />
          </label>
        </div>
        <div className="form-section">
          <div className="form-label">{t('filters.title')}</div>
          <FilterEditor rows={state.filters} onChange={(filters) => set({ filters })} />
        </div>
      </>
    );
  },
};
