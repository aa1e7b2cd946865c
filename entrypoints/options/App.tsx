/**
 * Wires the options page to its stores: the rules document (loaded once, then followed as other
 * tabs change it) and the accounts (which CRMs are connected; read again when the tab comes back
 * into view, since connecting happens in the popup).
 */
import { useEffect } from 'react';
import { OptionsPage } from '../../components/options';
import { useAccounts } from '../../lib/stores/accounts';
import { useRules } from '../../lib/stores/rules';

export function App() {
  const accounts = useAccounts((s) => s.accounts);
  const accountsError = useAccounts((s) => s.loadError);

  useEffect(() => {
    const rules = useRules.getState();
    void rules.load();
    const stop = rules.follow();
    const refreshAccounts = () => {
      if (document.visibilityState === 'visible') void useAccounts.getState().refresh();
    };
    refreshAccounts();
    document.addEventListener('visibilitychange', refreshAccounts);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', refreshAccounts);
    };
  }, []);

  return <OptionsPage accounts={accounts} accountsError={accountsError} />;
}
