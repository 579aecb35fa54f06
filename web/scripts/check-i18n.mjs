// Checks that both dictionaries have the same keys and that every t('key') in src/ exists.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import en from '../src/i18n/en.js';
import zh from '../src/i18n/zh-CN.js';

const problems = [];
for (const k of Object.keys(en)) if (!(k in zh)) problems.push(`zh-CN.js lacks ${k}`);
for (const k of Object.keys(zh)) if (!(k in en)) problems.push(`en.js lacks ${k}`);

function files(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(jsx?|mjs)$/.test(f) ? [p] : [];
  });
}
const dynamic = [];
for (const file of files(new URL('../src', import.meta.url).pathname)) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/\bt\(\s*'([^']+)'/g)) {
    if (!(m[1] in en)) problems.push(`${file}: unknown key ${m[1]}`);
  }
  for (const m of text.matchAll(/\bt\.count\(\s*'([^']+)'/g)) {
    if (!(`${m[1]}.other` in en) || !(`${m[1]}.other` in zh)) problems.push(`${file}: unknown plural key ${m[1]}`);
    dynamic.push(`${m[1]}.\${n}`);
  }
  for (const m of text.matchAll(/\bt\(\s*`([^`]+)`/g)) dynamic.push(m[1]);
}
// Keys no code names: neither literally nor through a template's fixed prefix.
const used = new Set();
for (const file of files(new URL('../src', import.meta.url).pathname)) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/'([a-zA-Z]+\.[\w.]+)'/g)) used.add(m[1]);
}
const prefixes = [...new Set(dynamic)].map((d) => d.split('${')[0]).filter(Boolean);
const unused = Object.keys(en).filter((k) => !used.has(k) && !prefixes.some((p) => k.startsWith(p)));
if (unused.length) problems.push(`keys no code uses: ${unused.join(', ')}`);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`i18n: ${Object.keys(en).length} keys in both languages; ${dynamic.length} dynamic keys (${[...new Set(dynamic)].join(', ')})`);
