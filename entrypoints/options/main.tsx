import { render } from 'preact';
import { browser } from 'wxt/browser';
import { clearConnection, exchangeCredential, loadConnection, parseConnection, saveConnection, SESSION_KEY, SessionManager } from '../../models/session';
import { partyTransport } from '../../models/transport';
import { connectWorkspace } from '../../models/workspace-client';
import { texts } from '../../models/i18n';
import '../../ui/options/style.css';
import { App } from '../../ui/options/App';
import { OptionsModel } from '../../models/options/options-model';
// Installs Preact's signals integration (components re-render on the signals they read); models use the core alone.
import '@preact/signals';

// A thin shell: browser APIs are wired here, everything else is plain Preact + signals.
// The browser's UI language, as everywhere in the extension (models/i18n.ts).
const t = texts();
document.documentElement.lang = t.lang;
document.title = t.options.title;
const sessions = new SessionManager();
const model = new OptionsModel({
  loadConnection,
  async connect(input) {
    // Check the credential before storing it, so a typo never replaces working settings.
    const connection = parseConnection(input);
    const session = await exchangeCredential(connection);
    await saveConnection(connection);
    await browser.storage.local.set({ [SESSION_KEY]: session });
    return { connection, session };
  },
  disconnect: clearConnection,
  openWorkspace: (connection) => connectWorkspace(connection, sessions, partyTransport),
});
render(<App model={model} />, document.getElementById('app')!);
void model.init();
