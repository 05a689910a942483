import { defineConfig } from 'wxt';

// Browser code imports explicitly: the widget and party builds don't see auto-imports.
export default defineConfig({
  imports: false,
  manifest: {
    name: 'Baton',
    description: 'Live chat for sales teams: handle website chats next to your CRM.',
    permissions: ['storage', 'sidePanel', 'alarms'],
  },
});
