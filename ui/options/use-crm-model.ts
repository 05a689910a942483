import { useEffect } from 'preact/hooks';
import type { CrmModel } from '../../models/options/crm-model';
import type { OptionsModel } from '../../models/options/options-model';

/** The open connection's CRM model (one per connection, owned by the options model), for admins only. */
export function useCrmModel(model: OptionsModel): CrmModel | null {
  return model.isAdmin.value ? model.crm.value : null;
}

/** Runs `load` once per connection (and again after a reconnect's welcome, when the room may have changed). */
export function useCrmLoad(crm: CrmModel | null, load: (crm: CrmModel) => void): void {
  useEffect(() => {
    if (!crm) return;
    load(crm);
    return crm.client.onFrame((f) => {
      if (f.type === 'welcome') load(crm);
    });
  }, [crm]);
}
