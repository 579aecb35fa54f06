import { useI18n } from '../i18n/index.jsx';

/** A number and its unit (keys of `units`, named by unitName.<unit>): a funnel window. */
export default function DurationInput({ units, value, unit, onValue, onUnit, testIdPrefix }) {
  const { t } = useI18n();
  return (
    <>
      <input type="number" min="1" className="input narrow" value={value} onChange={(e) => onValue(e.target.value)} data-testid={`${testIdPrefix}-value`} />
      <select className="select" value={unit} onChange={(e) => onUnit(e.target.value)} data-testid={`${testIdPrefix}-unit`}>
        {Object.keys(units).map((u) => (
          <option key={u} value={u}>
            {t(`unitName.${u}`)}
          </option>
        ))}
      </select>
    </>
  );
}
