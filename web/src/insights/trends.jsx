import EventSelect from '../components/EventSelect.jsx';
import FilterEditor, { filtersToBody } from '../components/FilterEditor.jsx';
import { eventLabel, useI18n } from '../i18n/index.jsx';
import { numericPropertiesOf, propertiesOf } from '../lib/schema.js';
import { useApp } from '../state.jsx';

const COUNT_MATHS = ['total', 'unique_persons', 'dau', 'wau', 'mau', 'stickiness'];
const PROPERTY_MATHS = ['sum', 'avg', 'median', 'p90', 'min', 'max'];
const INTERVALS = ['hour', 'day', 'week', 'month', 'all'];
const LETTERS = 'ABCDEFGH';
const MAX_SERIES = 5;

export const trends = {
  initial: () => ({
    series: [{ event: '$all', math: 'dau', property: '' }],
    interval: 'day',
    breakdown: '',
    breakdownLimit: 10,
    compare: false,
    filters: [],
  }),

  toBody(state, range, schema) {
    const body = {
      from: range.from,
      to: range.to,
      interval: state.interval,
      series: state.series.map((s) => {
        const out = { event: s.event, math: s.math };
        if (PROPERTY_MATHS.includes(s.math)) out.property = s.property;
        return out;
      }),
    };
    if (state.breakdown) body.breakdown = { property: state.breakdown, limit: Number(state.breakdownLimit) || 10 };
    if (state.compare) body.compare = true;
    const filters = filtersToBody(state.filters, schema);
    if (filters) body.filters = filters;
    return body;
  },

  validate(state) {
    if (!state.series.length) return 'trends.needSeries';
    if (state.series.some((s) => !s.event)) return 'trends.needEvent';
    if (state.series.some((s) => PROPERTY_MATHS.includes(s.math) && !s.property)) return 'trends.needProperty';
    return null;
  },

  describe(state, t) {
    return state.series.map((s) => `${eventLabel(t, s.event)} · ${t(`math.${s.math}`)}${PROPERTY_MATHS.includes(s.math) ? ` (${s.property})` : ''}`).join(', ');
  },

  Form({ state, setState }) {
    const { t } = useI18n();
    const { schema } = useApp();
    const setSeries = (i, patch) => setState({ ...state, series: state.series.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
    const allProps = propertiesOf(schema.data);
    return (
      <>
        <div className="form-section">
          <div className="form-label">{t('trends.series')}</div>
          {state.series.map((s, i) => {
            const numeric = numericPropertiesOf(schema.data, s.event);
            return (
              <div className="series-row" key={i} data-testid={`trends-series-${i}`}>
                <span className="letter">{LETTERS[i]}</span>
                <div className="series-fields">
                  <EventSelect
                    value={s.event}
                    allowAny
                    onChange={(event) => {
                      const still = numericPropertiesOf(schema.data, event).some((p) => p.name === s.property);
                      setSeries(i, { event, property: still ? s.property : '' });
                    }}
                    testId={`trends-event-${i}`}
                  />
                  <select
                    className="select"
                    value={s.math}
                    onChange={(e) => {
                      const math = e.target.value;
                      const property = PROPERTY_MATHS.includes(math) && !s.property && numeric[0] ? numeric[0].name : s.property;
                      setSeries(i, { math, property });
                    }}
                    data-testid={`trends-math-${i}`}
                  >
                    {COUNT_MATHS.map((m) => (
                      <option key={m} value={m}>
                        {t(`math.${m}`)}
                      </option>
                    ))}
                    {numeric.length > 0 &&
                      PROPERTY_MATHS.map((m) => (
                        <option key={m} value={m}>
                          {t(`math.${m}`)}
                        </option>
                      ))}
                    {numeric.length === 0 && PROPERTY_MATHS.includes(s.math) && <option value={s.math}>{t(`math.${s.math}`)}</option>}
                  </select>
                  {PROPERTY_MATHS.includes(s.math) && (
                    <select className="select" value={s.property} onChange={(e) => setSeries(i, { property: e.target.value })} data-testid={`trends-property-${i}`}>
                      <option value="">{numeric.length ? t('trends.numericProperty') : t('trends.noNumeric')}</option>
                      {numeric.map((p) => (
                        <option key={p.name} value={p.name}>
                          {p.name}
                        </option>
                      ))}
                    </select>
                  )}
                </div>
                {state.series.length > 1 && (
                  <button type="button" className="icon-btn" aria-label={t('common.remove')} title={t('common.remove')} onClick={() => setState({ ...state, series: state.series.filter((_, j) => j !== i) })}>
                    ×
                  </button>
                )}
              </div>
            );
          })}
          {state.series.length < MAX_SERIES && (
            <button type="button" className="btn ghost small" onClick={() => setState({ ...state, series: [...state.series, { event: '$all', math: 'total', property: '' }] })} data-testid="trends-add-series">
              + {t('trends.addSeries')}
            </button>
          )}
        </div>

        <div className="form-grid">
          <label className="field">
            <span>{t('trends.interval')}</span>
            <select className="select" value={state.interval} onChange={(e) => setState({ ...state, interval: e.target.value })} data-testid="trends-interval">
              {INTERVALS.map((v) => (
                <option key={v} value={v}>
                  {t(`interval.${v}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('trends.breakdown')}</span>
            <select className="select" value={state.breakdown} onChange={(e) => setState({ ...state, breakdown: e.target.value })} data-testid="trends-breakdown">
              <option value="">{t('trends.noBreakdown')}</option>
              {allProps.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          {state.breakdown && (
            <label className="field">
              <span>{t('trends.breakdownLimit')}</span>
              <input type="number" min="1" max="100" className="input" value={state.breakdownLimit} onChange={(e) => setState({ ...state, breakdownLimit: e.target.value })} />
            </label>
          )}
        </div>
        <label className="check">
          <input type="checkbox" checked={state.compare} onChange={(e) => setState({ ...state, compare: e.target.checked })} data-testid="trends-compare" />
          <span>{t('trends.compare')}</span>
        </label>

        <div className="form-section">
          <div className="form-label">{t('filters.title')}</div>
          <FilterEditor rows={state.filters} onChange={(filters) => setState({ ...state, filters })} />
        </div>
      </>
    );
  },
};
