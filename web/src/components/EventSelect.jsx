import { eventLabel, useI18n } from '../i18n/index.jsx';
import { useApp } from '../state.jsx';

/** A select of the project's event names (from the schema), optionally with "any event". */
export default function EventSelect({ value, onChange, allowAny = false, testId, className = '' }) {
  const { t, fmt } = useI18n();
  const { schema } = useApp();
  const events = schema.data?.events || [];
  const known = events.some((e) => e.name === value) || (allowAny && value === '$all');
  return (
    <select className={`select ${className}`} value={value || ''} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      {!value && <option value="">{t('common.choose')}</option>}
      {allowAny && <option value="$all">{eventLabel(t, '$all')}</option>}
      {value && !known && <option value={value}>{value}</option>}
      {events.map((e) => (
        <option key={e.name} value={e.name}>
          {e.name} ({fmt.compact(e.volume)})
        </option>
      ))}
    </select>
  );
}
