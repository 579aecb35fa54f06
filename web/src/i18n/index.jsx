import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import en from './en.js';
import zhCN from './zh-CN.js';

export const DICTIONARIES = { en, 'zh-CN': zhCN };
export const LANGUAGES = [
  { code: 'zh-CN', label: '中文' },
  { code: 'en', label: 'English' },
];

const STORAGE_KEY = 'growloop.lang';

export function detectLanguage() {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && DICTIONARIES[stored]) return stored;
  } catch {
    /* no storage: fall through */
  }
  const nav = (typeof navigator !== 'undefined' && navigator.language) || 'en';
  return nav.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function makeTranslator(lang) {
  const dict = DICTIONARIES[lang] || en;
  const plural = new Intl.PluralRules(lang === 'zh-CN' ? 'zh-CN' : 'en-US');
  const t = (key, vars) => {
    let s = dict[key];
    if (s === undefined) s = en[key];
    if (s === undefined) return key;
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] === undefined ? m : String(vars[k])));
    return s;
  };
  /** `key.one` or `key.other` by the count `vars.n` (Chinese selects `other` always). */
  t.count = (key, vars) => {
    const form = `${key}.${plural.select(Number(vars.n))}`;
    return dict[form] !== undefined || en[form] !== undefined ? t(form, vars) : t(`${key}.other`, vars);
  };
  return t;
}

const intlLocale = (lang) => (lang === 'zh-CN' ? 'zh-CN' : 'en-US');

/** Number, date and duration formatting for one language, all through Intl. */
export function makeFormat(lang, t) {
  const locale = intlLocale(lang);
  const cache = new Map();
  const nf = (opts) => {
    const k = JSON.stringify(opts);
    if (!cache.has(k)) cache.set(k, new Intl.NumberFormat(locale, opts));
    return cache.get(k);
  };
  const dtf = (opts) => {
    const k = `d${JSON.stringify(opts)}`;
    if (!cache.has(k)) {
      try {
        cache.set(k, new Intl.DateTimeFormat(locale, opts));
      } catch {
        cache.set(k, new Intl.DateTimeFormat(locale, { ...opts, timeZone: 'UTC' }));
      }
    }
    return cache.get(k);
  };
  const missing = '—';
  const ok = (n) => typeof n === 'number' && Number.isFinite(n);

  const f = {
    locale,
    /** A count or a plain number: grouped, at most `digits` decimals. */
    num: (n, digits = 0) => (ok(n) ? nf({ maximumFractionDigits: digits }).format(n) : missing),
    /** Large numbers shortened the local way (12.3K / 1.23万). */
    compact: (n) => {
      if (!ok(n)) return missing;
      if (Math.abs(n) < 10000) return nf({ maximumFractionDigits: Math.abs(n) < 100 ? 2 : 0 }).format(n);
      return nf({ notation: 'compact', maximumFractionDigits: 2 }).format(n);
    },
    money: (n) => (ok(n) ? nf({ minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n) : missing),
    pct: (x, digits = 1) =>
      ok(x) ? nf({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x) : missing,
    ratio: (x) => (ok(x) ? nf({ minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(x) : missing),
    /** Signed relative change: +12.3% / −4.0%. */
    change: (x) =>
      ok(x)
        ? nf({ style: 'percent', signDisplay: 'exceptZero', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x)
        : missing,
    /** 'YYYY-MM-DD' (a calendar date, no zone) → "Jan 5, 2026" / "2026年1月5日". */
    date: (ymd) => {
      const d = new Date(`${ymd}T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? String(ymd) : dtf({ dateStyle: 'medium', timeZone: 'UTC' }).format(d);
    },
    /** 'YYYY-MM-DD' → "Jan 5" / "1月5日". */
    day: (ymd) => {
      const d = new Date(`${ymd}T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? String(ymd) : dtf({ month: 'short', day: 'numeric', timeZone: 'UTC' }).format(d);
    },
    /** A trends bucket label for its interval. */
    bucket: (label, interval) => {
      if (typeof label !== 'string') return String(label);
      if (/^\d{4}-\d{2}$/.test(label)) {
        return dtf({ year: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${label}-01T00:00:00Z`));
      }
      if (/^\d{4}-\d{2}-\d{2}$/.test(label)) return f.day(label);
      // "2026-01-05T13:00": the project's wall time, no offset; read and shown as UTC so that
      // the browser's own zone does not shift it.
      const d = new Date(`${label.replace(' ', 'T')}Z`);
      if (!Number.isNaN(d.getTime()) && interval === 'hour') {
        return dtf({ month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(d);
      }
      return label;
    },
    /** An RFC 3339 instant shown in the project's time zone. */
    instant: (iso, timeZone) => {
      const d = new Date(iso);
      if (!iso || Number.isNaN(d.getTime())) return missing;
      return dtf({ year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: timeZone || 'UTC' }).format(d);
    },
    /** An instant to the minute: "Jan 30, 2026, 23:58" / "2026年1月30日 23:58". */
    instantShort: (iso, timeZone) => {
      const d = new Date(iso);
      if (!iso || Number.isNaN(d.getTime())) return missing;
      return dtf({ year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: timeZone || 'UTC' }).format(d);
    },
    time: (iso, timeZone) => {
      const d = new Date(iso);
      if (!iso || Number.isNaN(d.getTime())) return missing;
      return dtf({ hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: timeZone || 'UTC' }).format(d);
    },
    /** Seconds → "3 min 46 s" / "3分46秒". */
    duration: (sec) => {
      if (!ok(sec)) return missing;
      const s = Math.round(sec);
      if (s < 60) return t('unit.seconds', { n: s });
      const m = Math.floor(s / 60);
      if (m < 60) return t('unit.minSec', { m, s: s % 60 });
      const h = Math.floor(m / 60);
      if (h < 48) return t('unit.hourMin', { h, m: m % 60 });
      return t('unit.dayHour', { d: Math.floor(h / 24), h: h % 24 });
    },
    /** A round span of time in its largest whole unit: "5 min", "3 d". */
    span: (sec) => {
      if (!ok(sec)) return missing;
      if (sec >= 86400 && sec % 86400 === 0) return t('unit.d', { n: sec / 86400 });
      if (sec >= 3600 && sec % 3600 === 0) return t('unit.h', { n: sec / 3600 });
      if (sec >= 60 && sec % 60 === 0) return t('unit.min', { n: sec / 60 });
      return t('unit.s', { n: sec });
    },
    bytes: (n) => {
      if (!ok(n)) return missing;
      const units = ['B', 'KB', 'MB', 'GB', 'TB'];
      let v = n;
      let i = 0;
      while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i += 1;
      }
      return `${nf({ maximumFractionDigits: i === 0 ? 0 : 1 }).format(v)} ${units[i]}`;
    },
  };
  return f;
}

const I18nContext = createContext(null);

export function I18nProvider({ children }) {
  const [lang, setLangState] = useState(detectLanguage);
  const setLang = useCallback((l) => {
    if (!DICTIONARIES[l]) return;
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* ignore */
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(() => {
    const t = makeTranslator(lang);
    return { lang, setLang, t, fmt: makeFormat(lang, t) };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n() {
  return useContext(I18nContext);
}

/** Event names as the API spells them, with the special ones translated. */
export function eventLabel(t, name) {
  switch (name) {
    case '$all':
    case undefined:
    case null:
    case '':
      return t('event.any');
    case '$other':
      return t('event.other');
    case '$end':
      return t('event.end');
    case '$start':
      return t('event.start');
    case '$none':
      return t('event.none');
    default:
      return name;
  }
}
