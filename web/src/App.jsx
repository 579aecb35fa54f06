import { I18nProvider, LANGUAGES, useI18n } from './i18n/index.jsx';
import { AppProvider, useApp } from './state.jsx';
import { href, useRoute } from './router.js';
import Icon from './components/Icons.jsx';
import DateRangePicker from './components/DateRangePicker.jsx';
import { ErrorBox, Loading } from './components/Feedback.jsx';
import Overview from './pages/Overview.jsx';
import Events from './pages/Events.jsx';
import Insights from './pages/Insights.jsx';
import Dashboards from './pages/Dashboards.jsx';
import Persons from './pages/Persons.jsx';
import Settings from './pages/Settings.jsx';

const NAV = [
  { id: 'overview', path: '' },
  { id: 'events', path: 'events' },
  { id: 'insights', path: 'insights' },
  { id: 'dashboards', path: 'dashboards' },
  { id: 'persons', path: 'persons' },
  { id: 'settings', path: 'settings' },
];

/** Which page a route shows, and whether the header's date range applies to it. */
function resolve(parts) {
  const [head, arg] = parts;
  switch (head) {
    case undefined:
    case 'overview':
      return { nav: 'overview', range: true, render: () => <Overview /> };
    case 'events':
      return { nav: 'events', render: () => <Events /> };
    case 'insights':
      return { nav: 'insights', range: true, render: () => <Insights kind={arg} /> };
    case 'dashboards':
      return { nav: 'dashboards', render: () => <Dashboards id={arg} key={arg || 'list'} /> };
    case 'persons':
      return { nav: 'persons', range: !arg, render: () => <Persons id={arg} /> };
    case 'settings':
      return { nav: 'settings', render: () => <Settings /> };
    default:
      return { nav: null, render: () => <NotFound /> };
  }
}

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="page empty" data-testid="page-not-found">
      {t('app.notFound')} <a href="#/">{t('nav.overview')}</a>
    </div>
  );
}

function ProjectSwitcher() {
  const { t } = useI18n();
  const { projectList, project, setProject } = useApp();
  return (
    <label className="header-field" title={t('header.project')}>
      <span className="header-label">{t('header.project')}</span>
      <select className="select" value={project} onChange={(e) => setProject(e.target.value)} data-testid="project-select" disabled={!projectList.length}>
        {projectList.map((p) => (
          <option key={p.id} value={p.name}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}

function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <label className="header-field">
      <span className="sr-only">{t('header.language')}</span>
      <select className="select lang" value={lang} onChange={(e) => setLang(e.target.value)} data-testid="lang-select" aria-label={t('header.language')}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code}>
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function Shell() {
  const { t } = useI18n();
  const { projects, projectList, project } = useApp();
  const parts = useRoute();
  const route = resolve(parts);
  const title = route.nav ? t(`nav.${route.nav}`) : t('app.notFoundTitle');
  return (
    <div className="app">
      <aside className="sidebar">
        <a className="brand" href="#/">
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span>
            <b>Growloop</b>
            <small>{t('app.tagline')}</small>
          </span>
        </a>
        <nav className="nav">
          {NAV.map((n) => (
            <a key={n.id} href={href(...(n.path ? [n.path] : []))} className={`nav-item ${route.nav === n.id ? 'active' : ''}`} data-testid={`nav-${n.id}`}>
              <Icon name={n.id} />
              <span>{t(`nav.${n.id}`)}</span>
            </a>
          ))}
        </nav>
        <div className="sidebar-foot">{t('app.footer')}</div>
      </aside>
      <div className="main">
        <header className="header">
          <h1 data-testid="page-title">{title}</h1>
          <div className="header-tools">
            {route.range && project && <DateRangePicker />}
            <ProjectSwitcher />
            <LanguageSwitch />
          </div>
        </header>
        <main className="content">
          {projects.error && <ErrorBox error={projects.error} />}
          {projects.loading && !projectList.length && <Loading />}
          {(project || route.nav === 'settings') && route.render()}
        </main>
      </div>
    </div>
  );
}

export default function App() {
  return (
    <I18nProvider>
      <AppProvider>
        <Shell />
      </AppProvider>
    </I18nProvider>
  );
}
