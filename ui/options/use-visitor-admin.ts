import { useEffect } from 'preact/hooks';
import type { OptionsModel } from '../../models/options/options-model';
import type { VisitorAdmin } from '../../models/options/visitor-admin';

/**
 * The open connection's visitor settings, for admins only (agents are refused these frames). `load` runs when the
 * section opens and again after a reconnect's welcome (another admin may have rotated the secret meanwhile).
 */
export function useVisitorAdmin(model: OptionsModel, load: (admin: VisitorAdmin) => void): VisitorAdmin | null {
  const admin = model.isAdmin.value ? model.visitors.value : null;
  useEffect(() => {
    if (!admin) return;
    load(admin);
    return admin.client.onFrame((f) => {
      if (f.type === 'welcome') load(admin);
    });
  }, [admin]);
  return admin;
}
