import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// Browser code imports explicitly: the widget and party builds don't see auto-imports.
// Every permission is explained in docs/extension.md; keep that list in step.
export default defineConfig({
  imports: false,
  // public/ is PartyKit's static folder (widget.js, served to web sites); the extension's own assets live apart.
  publicDir: 'extension-public',
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: browser === 'firefox' ? ['storage', 'alarms', 'idle'] : ['storage', 'sidePanel', 'alarms', 'idle'],
    optional_permissions: ['notifications'],
    action: { default_title: 'Baton' },
    // Firefox wants a stable add-on id for storage and for signing, and (since Nov. 2025) a statement of the
    // data the add-on transmits: the agent's chat messages and the visitor details they type go to the
    // workspace's own Baton server (https://extensionworkshop.com/documentation/develop/firefox-builtin-data-consent/).
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: { id: 'baton@extension', data_collection_permissions: { required: ['personalCommunications', 'personallyIdentifyingInfo'] } },
          },
        }
      : {}),
  }),
});
