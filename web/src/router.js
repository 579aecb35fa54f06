import { useEffect, useState } from 'react';

// Hash routing: '#/insights/funnel' → ['insights', 'funnel'].

function parse() {
  const raw = window.location.hash.replace(/^#\/?/, '');
  const [path] = raw.split('?');
  return path.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
}

export function useRoute() {
  const [parts, setParts] = useState(parse);
  useEffect(() => {
    const onChange = () => setParts(parse());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return parts;
}

export function href(...parts) {
  return `#/${parts.map((p) => encodeURIComponent(p)).join('/')}`;
}

export function navigate(...parts) {
  window.location.hash = href(...parts).slice(1);
}
