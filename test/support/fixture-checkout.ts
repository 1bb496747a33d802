// A checkout whose config/ holds a fixture, for a test that runs a command as a process the way npm runs it
// (`tsx ops/<command>.ts` from the project folder) on a fixture instead of your config. A module resolves its
// imports from where its file really is, so what imports config/ (the commands and the app) is copied beside the
// fixture's config/; everything else is linked to this checkout.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Fixture } from '../fixtures';
import { projectRoot } from './services';

/** The files that import config/ (test/unit/layout.test.ts keeps lib/ and stacks/ free of it). */
const COPIED = new Set(['ops', 'main.ts']);
/** Written from the fixture, or what a command writes (outputs, run state): never linked to this checkout's. */
const NOT_LINKED = new Set(['config', '.git', 'dist', 'cdktf.out', '.test-run']);

/** A fresh temp folder laid out like this checkout, with `fixture` as config/environments.ts and config/delivery.ts. */
export function checkoutWithConfig(fixture: Fixture): string {
  const root = mkdtempSync(join(tmpdir(), `checkout-${fixture.name}-`));
  for (const entry of readdirSync(projectRoot)) {
    if (NOT_LINKED.has(entry)) continue;
    if (COPIED.has(entry)) cpSync(join(projectRoot, entry), join(root, entry), { recursive: true });
    else symlinkSync(join(projectRoot, entry), join(root, entry));
  }
  writeFixtureConfig(root, fixture);
  return root;
}

/** Writes `fixture` as `root`'s config/environments.ts and config/delivery.ts, replacing what is there. */
export function writeFixtureConfig(root: string, fixture: Fixture): void {
  mkdirSync(join(root, 'config'), { recursive: true });
  writeFileSync(
    join(root, 'config/environments.ts'),
    `export const projectConfig = ${JSON.stringify(fixture.project, null, 2)};\n`,
  );
  writeFileSync(
    join(root, 'config/delivery.ts'),
    `export const deliveryConfig = ${JSON.stringify(fixture.delivery, null, 2)};\n`,
  );
}
