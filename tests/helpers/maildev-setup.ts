import type { TestProject } from 'vitest/node';
import { startMaildev, type Maildev } from './maildev';

/**
 * One maildev per test project (beside the shared `partykit dev`): files that email read what arrived through
 * its REST API, each filtering by recipients of its own. A file that stops the SMTP server starts its own.
 */
export async function setup(project: TestProject) {
  let md: Maildev | null = await startMaildev();
  project.provide('maildev', { smtpPort: md.smtpPort, webPort: md.webPort });
  return async () => {
    await md?.stop();
    md = null;
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    maildev: { smtpPort: number; webPort: number };
  }
}
