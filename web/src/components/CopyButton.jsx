import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/index.jsx';

/** Copies through a selected, off-screen textarea: what works where the Clipboard API does not
 * (a console opened over plain http from another machine is no secure context). */
function copyBySelection(text) {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.top = '-1000px';
  area.style.opacity = '0';
  document.body.appendChild(area);
  const focused = document.activeElement;
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  if (focused && typeof focused.focus === 'function') focused.focus();
  return ok;
}

export async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // not allowed here (no focus, no permission): try the selection instead
  }
  return copyBySelection(text);
}

/** A small "Copy" button; says "Copied" (or that copying failed) for a moment. data-state: idle, copied, failed. */
export default function CopyButton({ text, testId, className = 'btn ghost small' }) {
  const { t } = useI18n();
  const [state, setState] = useState('idle');
  useEffect(() => {
    if (state === 'idle') return undefined;
    const id = setTimeout(() => setState('idle'), state === 'copied' ? 1600 : 4000);
    return () => clearTimeout(id);
  }, [state]);
  return (
    <button
      type="button"
      className={`${className} copy-btn${state === 'copied' ? ' copied' : ''}`}
      onClick={async () => setState((await copyText(text)) ? 'copied' : 'failed')}
      data-testid={testId}
      data-state={state}
      title={state === 'failed' ? t('common.copyFailed') : undefined}
    >
      {state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : t('common.copy')}
    </button>
  );
}
