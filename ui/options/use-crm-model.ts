import { useEffect } from 'preact/hooks';
import type { WorkspaceClient } from '../../models/workspace-client';
import { CrmModel } from '../../models/options/crm-model';

// One CrmModel per workspace connection, shared by the CRM and Records sections.
const models = new WeakMap<WorkspaceClient, CrmModel>();

export function crmModelFor(client: WorkspaceClient): CrmModel {
  let model = models.get(client);
  if (!model) models.set(client, (model = new CrmModel(client)));
  return model;
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
