/**
 * Real Chromium policy for the end-to-end tests and the demo: a file in /etc/chromium/policies/managed (chromium.md),
 * which needs root (CI runs as root). Each file is named after the test process, so files a killed
 * run left behind can be told from a live run's and removed.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy } from '../../lib/settings/schema';

export const POLICY_DIR = '/etc/chromium/policies/managed';
export const isRoot = process.getuid?.() === 0;
export const NOT_ROOT = `needs root to write Chromium policy in ${POLICY_DIR} (CI runs as root)`;
/** Chromium rereads the policy folder about 5 s after a file changes (measured here); start-up takes 3–5 s. */
export const POLICY_APPLIED = { timeout: 20_000 };

const POLICY_FILE = /^gateway-assistant-e2e-(\d+)-\d+\.json$/;

/** The extension's own managed storage, as Chromium's policy file spells it. */
export const managedConfig = (id: string, values: Policy) => ({ '3rdparty': { extensions: { [id]: values } } });

/** Policy files a killed run left behind: a live process's own are not touched. */
export function removeOrphanedPolicyFiles(): void {
  let names: string[];
  try {
    names = readdirSync(POLICY_DIR);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(POLICY_FILE.exec(name)?.[1]);
    if (!pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      rmSync(join(POLICY_DIR, name), { force: true });
    }
  }
}

export interface PolicyFile {
  write(policy: Record<string, unknown>): void;
  remove(): void;
}

export function policyFile(): PolicyFile {
  const path = join(POLICY_DIR, `gateway-assistant-e2e-${process.pid}-${Date.now()}.json`);
  return {
    write(policy) {
      mkdirSync(POLICY_DIR, { recursive: true });
      writeFileSync(path, JSON.stringify(policy, null, 2));
    },
    remove() {
      rmSync(path, { force: true });
    },
  };
}
