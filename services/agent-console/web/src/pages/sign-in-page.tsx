import { useState, type FormEvent } from 'react';
import { api, type SessionView } from '../api-client.ts';
import { ActionResult, type Outcome } from '../components/action-result.tsx';
import { useI18n } from '../i18n/i18n.tsx';

export function SignInPage({ onSignedIn }: { onSignedIn: (session: SessionView) => void }) {
  const { t } = useI18n();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    api.signIn(token.trim()).then(
      (session) => {
        setToken('');
        onSignedIn(session);
      },
      (error: unknown) => {
        setBusy(false);
        setOutcome({ ok: false, error });
      },
    );
  };
  return (
    <main id="main" className="sign-in">
      <h1>{t('signIn.title')}</h1>
      <form onSubmit={submit}>
        <label htmlFor="token">{t('signIn.token')}</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          aria-describedby="token-help"
          required
          minLength={16}
        />
        <p id="token-help" className="help">
          {t('signIn.help')}
        </p>
        <button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
        <ActionResult outcome={outcome} testId="sign-in-result" />
      </form>
    </main>
  );
}
