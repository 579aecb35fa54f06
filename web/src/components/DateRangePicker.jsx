import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/index.jsx';
import { useApp } from '../state.jsx';

const PRESETS = [7, 14, 30];

/** Presets of the last N days (ending at the latest data) or a custom from/to. */
export default function DateRangePicker() {
  const { t, fmt } = useI18n();
  const { range, rangeChoice, setRangeChoice, bounds } = useApp();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState(range);
  const box = useRef(null);

  useEffect(() => {
    if (!open) return undefined;
    setDraft(range);
    const onDown = (e) => box.current && !box.current.contains(e.target) && setOpen(false);
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const valid = draft.from && draft.to && draft.from <= draft.to;
  const apply = () => {
    if (!valid) return;
    setRangeChoice({ from: draft.from, to: draft.to });
    setOpen(false);
  };

  return (
    <div className="range-picker" ref={box} data-testid="date-range">
      <div className="segmented" role="group" aria-label={t('range.label')}>
        {PRESETS.map((d) => (
          <button
            key={d}
            type="button"
            className={rangeChoice.preset === d ? 'active' : ''}
            onClick={() => setRangeChoice({ preset: d })}
            data-testid={`range-preset-${d}`}
          >
            {t('range.lastDays', { n: d })}
          </button>
        ))}
        <button type="button" className={!rangeChoice.preset ? 'active' : ''} onClick={() => setOpen(!open)} data-testid="range-custom">
          {t('range.custom')}
        </button>
      </div>
      <span className="range-text" data-testid="range-text" title={t('range.anchorHint')}>
        {fmt.date(range.from)} – {fmt.date(range.to)}
      </span>
      {open && (
        <div className="popover range-popover">
          <label className="field">
            <span>{t('range.from')}</span>
            <input type="date" className="input" value={draft.from} max={draft.to} onChange={(e) => setDraft({ ...draft, from: e.target.value })} data-testid="range-from" />
          </label>
          <label className="field">
            <span>{t('range.to')}</span>
            <input type="date" className="input" value={draft.to} min={draft.from} onChange={(e) => setDraft({ ...draft, to: e.target.value })} data-testid="range-to" />
          </label>
          {bounds && <div className="hint">{t('range.dataSpan', { from: fmt.date(bounds.first), to: fmt.date(bounds.last) })}</div>}
          <div className="popover-actions">
            <button type="button" className="btn ghost" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn primary" disabled={!valid} onClick={apply} data-testid="range-apply">
              {t('common.apply')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
