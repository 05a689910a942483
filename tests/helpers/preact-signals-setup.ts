// Models use @preact/signals-core (no Preact in the background worker); components re-render on the signals
// they read only once @preact/signals has been imported, which installs its Preact integration. The two page
// shells import it (entrypoints/*/main.tsx); a unit test that renders one component does not, so this does.
import '@preact/signals';
