import { render } from 'preact';
import { browser } from 'wxt/browser';
import { clearConnection, exchangeCredential, loadConnection, parseConnection, saveConnection, SESSION_KEY, SessionManager } from '../../models/session';
import { partyTransport } from '../../models/transport';
import { connectWorkspace } from '../../models/workspace-client';
import { locale } from '../../ui/i18n';
import '../../ui/options/style.css';
import { App } from '../../ui/options/App';
import { stringsFor } from '../../ui/options/i18n';
import { OptionsModel } from '../../models/options/options-model';

// A thin shell: browser APIs are wired here, everything else is plain Preact + signals.
// Same language choice as the side panel (the browser's UI language), with the page's own typed string table.
const strings = stringsFor(locale());
document.documentElement.lang = strings.lang;
document.title = strings.title;
const sessions = new SessionManager();
const model = new OptionsModel(strings, {
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
render(<App model={model} strings={strings} />, document.getElementById('app')!);
void model.init();
