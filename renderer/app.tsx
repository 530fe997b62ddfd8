import { lazy, Suspense } from 'react';
import { Header } from './components/header';
import { PausedBanner } from './components/paused-banner';
import { PresenceBanners } from './components/presence-banners';
import { PresenceDialog } from './components/presence-dialog';
import { useRoute } from './hooks/use-route';
import { ApprovalsPage } from './pages/approvals-page';

// Approvals is what the window opens on, often to decide a held order: it loads first. The other
// pages (CodeMirror, TanStack, uPlot) load when first visited.
const RulesPage = lazy(() => import('./pages/rules-page').then((m) => ({ default: m.RulesPage })));
const CallLogPage = lazy(() => import('./pages/call-log-page').then((m) => ({ default: m.CallLogPage })));
const SettingsPage = lazy(() => import('./pages/settings-page').then((m) => ({ default: m.SettingsPage })));

export function App() {
  const { page } = useRoute();
  return (
    <div className="app">
      <a className="skip-link" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        Skip to content
      </a>
      <Header page={page} />
      <PresenceDialog />
      <main id="main" tabIndex={-1} className={`page page-${page}`}>
        <PausedBanner />
        <PresenceBanners />
        <Suspense fallback={<p className="muted">Loading…</p>}>
          {page === 'approvals' && <ApprovalsPage />}
          {page === 'rules' && <RulesPage />}
          {page === 'log' && <CallLogPage />}
          {page === 'settings' && <SettingsPage />}
        </Suspense>
      </main>
    </div>
  );
}
