import { useI18n } from '../i18n/index.jsx';
import { useApp } from '../state.jsx';
import { propertiesOf, propertyType } from '../lib/schema.js';

export const OPERATORS = ['eq', 'neq', 'in', 'not_in', 'contains', 'regex', 'gt', 'lt', 'gte', 'lte', 'between', 'is_set', 'is_not_set'];
const NO_VALUE = new Set(['is_set', 'is_not_set']);
const LIST = new Set(['in', 'not_in']);

function convert(raw, type) {
  const s = String(raw).trim();
  if (type === 'number' && s !== '' && !Number.isNaN(Number(s))) return Number(s);
  if (type === 'bool' && (s === 'true' || s === 'false')) return s === 'true';
  return s;
}

/** The editor's rows as the API's filter: one condition, {and: [...]} or undefined. */
export function filtersToBody(rows, schema) {
  const conds = [];
  for (const r of rows || []) {
    if (!r.property || !r.op) continue;
    const type = r.property.startsWith('$') ? 'string' : propertyType(schema, r.property);
    if (NO_VALUE.has(r.op)) conds.push({ property: r.property, op: r.op });
    else if (LIST.has(r.op)) {
      const values = String(r.value || '').split(',').map((v) => v.trim()).filter(Boolean);
      if (values.length) conds.push({ property: r.property, op: r.op, value: values.map((v) => convert(v, type)) });
    } else if (r.op === 'between') {
      if (String(r.value ?? '') !== '' && String(r.value2 ?? '') !== '') {
        conds.push({ property: r.property, op: r.op, value: [convert(r.value, type), convert(r.value2, type)] });
      }
    } else if (String(r.value ?? '') !== '') {
      conds.push({ property: r.property, op: r.op, value: convert(r.value, type) });
    }
  }
  if (!conds.length) return undefined;
  return conds.length === 1 ? conds[0] : { and: conds };
}

/** Rows of property conditions, all of which must hold. */
export default function FilterEditor({ rows, onChange, testId = 'filters' }) {
  const { t } = useI18n();
  const { schema } = useApp();
  const props = propertiesOf(schema.data);
  const set = (i, patch) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="filters" data-testid={testId}>
      {rows.map((r, i) => (
        <div className="filter-row" key={i}>
          <select className="select" value={r.property} onChange={(e) => set(i, { property: e.target.value })} aria-label={t('filters.property')} data-testid={`${testId}-property-${i}`}>
            <option value="">{t('filters.property')}</option>
            <option value="$event">{t('filters.eventName')}</option>
            <option value="$distinct_id">{t('filters.distinctId')}</option>
            {props.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
          <select className="select op" value={r.op} onChange={(e) => set(i, { op: e.target.value })} aria-label={t('filters.operator')} data-testid={`${testId}-op-${i}`}>
            {OPERATORS.map((op) => (
              <option key={op} value={op}>
                {t(`op.${op}`)}
              </option>
            ))}
          </select>
          {!NO_VALUE.has(r.op) && (
            <input
              className="input"
              value={r.value ?? ''}
              placeholder={LIST.has(r.op) ? t('filters.listHint') : t('filters.value')}
              onChange={(e) => set(i, { value: e.target.value })}
              data-testid={`${testId}-value-${i}`}
            />
          )}
          {r.op === 'between' && (
            <input className="input" value={r.value2 ?? ''} placeholder={t('filters.upper')} onChange={(e) => set(i, { value2: e.target.value })} data-testid={`${testId}-value2-${i}`} />
          )}
          <button type="button" className="icon-btn" title={t('common.remove')} aria-label={t('common.remove')} onClick={() => onChange(rows.filter((_, j) => j !== i))} data-testid={`${testId}-remove-${i}`}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="btn ghost small" onClick={() => onChange([...rows, { property: '', op: 'eq', value: '' }])} data-testid={`${testId}-add`}>
        + {t('filters.add')}
      </button>
    </div>
  );
}
