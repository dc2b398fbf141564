import { useEffect, useState } from 'react';
import { api, whenSessionEnds, type SessionView } from './api-client.ts';
import { LanguageSwitch } from './components/language-switch.tsx';
import { useI18n } from './i18n/i18n.tsx';
import { CasePage } from './pages/case-page.tsx';
import { QueuePage } from './pages/queue-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';

/** "/" is the queue, "/cases/<id>" a case; the server answers both with this app. */
function caseIdFrom(path: string): string | null {
  return /^\/cases\/([0-9a-f-]{36})$/.exec(path)?.[1] ?? null;
}

export function App() {
  const { t } = useI18n();
  const [session, setSession] = useState<SessionView | null | undefined>(undefined);
  const [path, setPath] = useState(window.location.pathname);

  useEffect(() => {
    api.session().then(setSession, () => setSession(null));
    // An expired session anywhere brings the sign-in form back (the page's text is lost only then).
    whenSessionEnds(() => setSession(null));
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  useEffect(() => {
    document.title = t('app.title');
  }, [t]);

  const go = (next: string) => {
    window.history.pushState(null, '', next);
    setPath(next);
    window.scrollTo(0, 0);
  };
  const signOut = () => {
    void api.signOut().finally(() => setSession(null));
  };
  const caseId = caseIdFrom(path);

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <span className="brand">{t('app.title')}</span>
        <LanguageSwitch />
        {session && (
          <span className="who">
            <span data-testid="signed-in-as">
              {t('signIn.as', { principal: session.principal, role: t(`role.${session.role}`) })}
            </span>{' '}
            <button type="button" onClick={signOut}>
              {t('signOut')}
            </button>
          </span>
        )}
      </header>
      {session === undefined ? (
        <main id="main">
          <p>{t('loading')}</p>
        </main>
      ) : session === null ? (
        <SignInPage onSignedIn={setSession} />
      ) : caseId ? (
        <CasePage
          key={caseId}
          caseId={caseId}
          session={session}
          onBack={() => go('/')}
          onOpen={(id) => go(`/cases/${id}`)}
        />
      ) : (
        <QueuePage onOpen={(id) => go(`/cases/${id}`)} onSignedOut={() => setSession(null)} />
      )}
    </>
  );
}
