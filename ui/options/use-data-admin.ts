import { useEffect, useMemo } from 'preact/hooks';
import { DataAdmin } from '../../models/options/data-admin';
import type { OptionsModel } from '../../models/options/options-model';

/**
 * The open connection's data lifecycle model, for admins only (agents are refused these frames): one per
 * connection and section, let go with it. `load` runs when the section opens and after a reconnect's welcome.
 */
export function useDataAdmin(model: OptionsModel, load?: (admin: DataAdmin) => void): DataAdmin | null {
  const client = model.isAdmin.value ? model.client.value : null;
  const workspace = model.connection.value?.workspace ?? '';
  const admin = useMemo(() => (client ? new DataAdmin(client, workspace) : null), [client, workspace]);
  useEffect(() => {
    if (!admin) return;
    load?.(admin);
    const off = admin.client.onFrame((f) => {
      if (f.type === 'welcome') load?.(admin);
    });
    return () => {
      off();
      admin.dispose();
    };
  }, [admin]);
  return admin;
}
