import { useI18n } from '../i18n/index.jsx';

/** Cohort × period heat map: each cell the share of the cohort back in that period. */
export default function RetentionTable({ answer, testId = 'retention-table' }) {
  const { t, fmt } = useI18n();
  const cohorts = answer?.cohorts || [];
  const periods = Math.max(0, ...cohorts.map((c) => (c.values || []).length - 1));
  const revenue = answer?.value && answer.value !== 'persons';
  const cols = Array.from({ length: periods + 1 }, (_, n) => n);
  const periodName = (n) => t(`retention.periodN.${answer?.period || 'day'}`, { n });

  const cell = (c, n) => {
    const v = c.values?.[n];
    if (v === null || v === undefined) return <td key={n} className="heat-empty" />;
    if (revenue) return <td key={n} className="num">{fmt.num(v, 2)}</td>;
    const share = c.persons > 0 ? v / c.persons : 0;
    const alpha = 0.08 + 0.85 * Math.min(1, share);
    return (
      <td
        key={n}
        className="num heat"
        style={{ background: `rgba(37, 99, 235, ${alpha.toFixed(3)})`, color: share > 0.45 ? '#fff' : '#0f172a' }}
        title={t('retention.cellTitle', { n: fmt.num(v), of: fmt.num(c.persons) })}
      >
        {fmt.pct(share)}
      </td>
    );
  };

  return (
    <div className="table-scroll">
      <table className="data-table retention" data-testid={testId}>
        <thead>
          <tr>
            <th>{t('retention.cohort')}</th>
            <th className="num">{t('retention.persons')}</th>
            {cols.map((n) => (
              <th key={n} className="num">{periodName(n)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cohorts.map((c) => (
            <tr key={c.date}>
              <td className="nowrap">{fmt.bucket(c.date)}</td>
              <td className="num">{fmt.num(c.persons)}</td>
              {cols.map((n) => cell(c, n))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
