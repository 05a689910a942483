// Compiled by i18n.test.ts (and by `npm run check`): every line marked @ts-expect-error must be a compile error.
// If one of these ever compiles (a key no longer checked, a French table no longer typed against English),
// tsc reports the unused directive and the test fails.
import { texts, type Texts } from '../../../../models/i18n';
import { fr } from '../../../../models/i18n-fr';

const t = texts();

// Right keys and parameters compile.
export const right: string[] = [
  t.panel.details,
  t.panel.handedOff('Vera', 'Bob'),
  t.panel.unread(3),
  t.panel.statuses.waiting,
  t.options.connect.server,
  t.options.editor.fixErrors(2),
  t.options.crm.kinds.pipedrive,
  t.notify.assignedBody('Vera'),
  t.problems['too-long']({ field: 'Name', max: 200 }),
  t.refusals['rate-limited']('Too many frames'),
];

// A misspelled or missing key does not compile, on either page.
// @ts-expect-error misspelled key
t.panel.detials;
// @ts-expect-error no such key in the options page
t.options.connect.sever;
// @ts-expect-error a folder that does not exist
t.panel.folderNames.archived;
// @ts-expect-error a problem code that does not exist
t.problems['too-lng'];
// @ts-expect-error a refusal code that does not exist
t.refusals.teapot;

// A wrong parameter count or type does not compile.
// @ts-expect-error handedOff says who and to whom
t.panel.handedOff('Vera');
// @ts-expect-error typing names one person
t.panel.typing('Vera', 'Bob');
// @ts-expect-error a count is a number
t.panel.unread('3');
// @ts-expect-error a text without parameters is not called
t.panel.details();
// @ts-expect-error a problem's parameters are the protocol's
t.problems['too-long']({ field: 'Nom', max: 200 });

// A French table without one of English's entries, or with one English does not have, is not a table of texts.
const { dismiss: _dismiss, ...panelWithoutDismiss } = fr.panel;
// @ts-expect-error panel.dismiss is missing in French
export const missingEntry: Texts = { ...fr, panel: panelWithoutDismiss };
const { connect: _connect, ...optionsWithoutConnect } = fr.options;
// @ts-expect-error a whole options section is missing in French
export const missingSection: Texts = { ...fr, options: optionsWithoutConnect };
const { 'invalid-email': _email, ...problemsWithoutOne } = fr.problems;
// @ts-expect-error a problem code without its French text
export const missingProblem: Texts = { ...fr, problems: problemsWithoutOne };
// @ts-expect-error a key English does not have (a misspelling in the French table)
export const extraEntry: Texts = { ...fr, panel: { ...fr.panel, dismis: 'Fermer' } };
// @ts-expect-error a French entry must take English's parameters: the count is a number
export const wrongParameter: Texts = { ...fr, panel: { ...fr.panel, unread: (n: string) => n } };
// @ts-expect-error a French entry cannot ask for more parameters than English gives
export const moreParameters: Texts = { ...fr, notify: { ...fr.notify, assignedBody: (who: string, when: string) => `${who} ${when}` } };
