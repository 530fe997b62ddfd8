import { Header } from './components/header';
import { useRoute } from './hooks/use-route';
import { ApprovalsPage } from './pages/approvals-page';
import { CallLogPage } from './pages/call-log-page';
import { RulesPage } from './pages/rules-page';
import { SettingsPage } from './pages/settings-page';

export function App() {
  const { page } = useRoute();
  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <Header page={page} />
      <main id="main" tabIndex={-1} className={`page page-${page}`}>
        {page === 'approvals' && <ApprovalsPage />}
        {page === 'rules' && <RulesPage />}
        {page === 'log' && <CallLogPage />}
        {page === 'settings' && <SettingsPage />}
      </main>
    </div>
  );
}
