/**
 * Repository invariants (style.md): each keeps a promise the code makes everywhere, so a change
 * that breaks it fails here rather than in front of a person.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import en from '../../public/_locales/en/messages.json';
import ja from '../../public/_locales/ja/messages.json';
import managedSchema from '../../public/managed_schema.json';
import { GatewayErrorKind } from '../../lib/gateway/errors';
import { ProblemKind } from '../../lib/errors/problem';
import { jiraErrorMessageKey, problemMessageKey } from '../../lib/errors/sentences';
import { protocol } from '../../lib/messaging';
import { JIRA_ERROR_KINDS } from '../../lib/jira/errors';
import { Settings, SETTING_NAMES } from '../../lib/settings/schema';
import * as stored from '../../lib/storage/items';
import { STATE_NAMES } from '../e2e/support/state';

const root = join(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

const extensionSources = () => [...sourceFiles(join(root, 'lib')), ...sourceFiles(join(root, 'entrypoints')), ...sourceFiles(join(root, 'components'))];

/**
 * The modules a page loads before it paints: the static imports from its entry, followed through
 * the repository (dynamic `import()` and `import type` load nothing then), and the packages they name.
 */
function firstPaintGraph(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const resolveFile = (from: string, spec: string) => {
    const base = spec.startsWith('@/') ? join(root, spec.slice(2)) : resolve(dirname(from), spec);
    return ['', '.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((path) => statSync(path, { throwIfNoEntry: false })?.isFile());
  };
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'([^']+)';/gm)) {
      if (m[1]) continue;
      const spec = m[2]!;
      if (spec.startsWith('.') || spec.startsWith('@/')) {
        const path = resolveFile(file, spec);
        if (path) visit(path);
      } else packages.add(spec);
    }
  };
  visit(join(root, entry));
  return { files: [...files].map((file) => relative(root, file)), packages: [...packages] };
}

/** Every item lib/storage/items.ts declares, secrets included, as far as these tests look at them. */
type DeclaredItem = Pick<stored.StoredItem<z.ZodType>, 'area' | 'storageKey' | 'schema' | 'fallback' | 'version' | 'migrations'>;
const declaredItems: DeclaredItem[] = [...Object.values(stored).flatMap((value) => ('getValue' in value ? [value] : [])), ...Object.values(stored.secretItems)];

describe('invariants', () => {
  it('every locale key exists in both languages, none empty', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
    for (const catalog of [en, ja]) for (const [key, value] of Object.entries(catalog)) expect(value.message, key).not.toBe('');
  });

  it('every locale key is a name Chrome accepts (it refuses to load the extension otherwise)', () => {
    for (const key of Object.keys(en)) expect(key).toMatch(/^[A-Za-z0-9_]+$/);
  });

  it('every Jira error kind has a sentence in ja and en', () => {
    for (const kind of JIRA_ERROR_KINDS) {
      const key = jiraErrorMessageKey(kind);
      expect(en, key).toHaveProperty(key);
      expect(ja, key).toHaveProperty(key);
    }
  });

  it('every gateway error class and every problem has a sentence in ja and en', () => {
    for (const kind of [...GatewayErrorKind.options, ...ProblemKind.options]) {
      const key = problemMessageKey(kind);
      expect(en, key).toHaveProperty(key);
      expect(ja, key).toHaveProperty(key);
    }
  });

  it('every message in the protocol has schemas and a sender prefix', () => {
    for (const [name, entry] of Object.entries(protocol)) {
      expect(name).toMatch(/^(popup|options|ui|panel|sidepanel|bg)\.[a-zA-Z]+$/);
      expect(entry.input).toBeDefined();
      expect(entry.output).toBeDefined();
    }
  });

  it('every managed_schema.json field is a setting, and every setting can be set by policy', () => {
    expect(Object.keys(managedSchema.properties).sort()).toEqual([...SETTING_NAMES].sort());
  });

  it('each managed_schema.json field has the type, items and enum values the settings module accepts', () => {
    // Chrome drops a policy value that fails the managed schema, and parsePolicy drops one that fails zod:
    // if the two disagree, an admin's value is lost without a word.
    type Kind = { type?: unknown; enum?: unknown; items?: Kind };
    const kind = ({ type, enum: values, items }: Kind): Kind => ({ type, enum: values, items: items && kind(items) });
    const properties: Record<string, Kind> = managedSchema.properties;
    for (const name of SETTING_NAMES) {
      const accepted = z.toJSONSchema(Settings.shape[name].unwrap()) as Kind;
      expect(kind(properties[name] ?? {}), name).toEqual(kind(accepted));
    }
  });

  it('the admin guide shows every managed_schema.json field in its full policy example', () => {
    const guide = readFileSync(join(root, 'docs/admin.md'), 'utf8');
    for (const name of SETTING_NAMES) expect(guide, name).toMatch(new RegExp(`"${name}":`));
  });

  it('only the background reads the virtual key', () => {
    const importers = [...sourceFiles(join(root, 'lib')), ...sourceFiles(join(root, 'entrypoints')), ...sourceFiles(join(root, 'components'))]
      .filter((file) => /from ['"][^'"]*settings\/secrets['"]/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file))
      .sort();
    expect(importers).toEqual(['entrypoints/background.ts', 'lib/background/connection.ts', 'lib/background/handlers.ts', 'lib/background/jira.ts']);
  });

  it('every storage item is declared in lib/storage/items.ts, and nowhere else', () => {
    const definers = extensionSources()
      // `defineItem<T>(` as well as `defineItem(`: the type argument is optional.
      .filter((file) => /\bdefineItem\s*(<[^(]*>)?\s*\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(definers).toEqual(['lib/storage/items.ts']);
  });

  it('no two storage items share a key, and none takes a key of the jobs', () => {
    const keys = declaredItems.map((item) => `${item.area}:${item.storageKey}`);
    // The list the storage tests walk finds plain items and secrets alike.
    expect(keys).toEqual(expect.arrayContaining(['local:settings', 'local:gatewayKey']));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.filter((key) => key.startsWith(`${stored.jobItems.area}:${stored.jobItems.prefix}`))).toEqual([]);
  });

  it("each storage item's fallback passes its schema", () => {
    for (const item of declaredItems) expect(item.schema.safeParse(item.fallback).success, item.storageKey).toBe(true);
  });

  it('each storage item above version 1 has one migration for every version up to its own, and no other', () => {
    for (const item of declaredItems) {
      const steps = Array.from({ length: item.version - 1 }, (_, i) => String(i + 2));
      expect(Object.keys(item.migrations), item.storageKey).toEqual(steps);
    }
  });

  it('only lib/settings/secrets.ts takes the secrets from the storage declarations', () => {
    const readers = extensionSources()
      .filter((file) => !file.endsWith(join('lib', 'storage', 'items.ts')) && /\bsecretItems\b/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(readers).toEqual(['lib/settings/secrets.ts']);
  });

  it('end-to-end specs reach storage only through tests/e2e/support/state.ts, and spell no storage key', () => {
    const specs = readdirSync(join(root, 'tests/e2e')).filter((name) => name.endsWith('.spec.ts'));
    // A key that is also one of the helper's own names ('settings') may appear as that name.
    const keys = declaredItems.map((item) => item.storageKey).filter((key) => !(STATE_NAMES as string[]).includes(key));
    const spelled = new RegExp(`(['"\`])(?:(?:local|session):)?(?:${keys.join('|')})\\1|['"\`](?:session:)?${stored.jobItems.prefix}`);
    expect(specs.length).toBeGreaterThan(0);
    for (const name of specs) {
      const text = readFileSync(join(root, 'tests/e2e', name), 'utf8');
      expect(text, name).not.toMatch(/\b(?:chrome|browser)\.storage\./);
      expect(text, name).not.toMatch(spelled);
    }
  });

  it('only lib/gateway sends requests to the gateway', () => {
    const fetchers = [...sourceFiles(join(root, 'lib')), ...sourceFiles(join(root, 'entrypoints')), ...sourceFiles(join(root, 'components'))]
      .filter((file) => /\bfetch\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    // tab-fetch.ts runs inside the page (the person's own session), never toward the gateway;
    // load-tokenizer.ts reads a file of the extension itself.
    const elsewhere = ['lib/extract/tab-fetch.ts', 'lib/summarize/load-tokenizer.ts'];
    expect(fetchers.every((file) => file.startsWith('lib/gateway/') || file.startsWith('lib/jira/') || elsewhere.includes(file))).toBe(true);
  });

  it("the popup's first paint loads neither zod nor the messaging library (issue #17: the popup is about as small as bare React)", () => {
    const { files, packages } = firstPaintGraph('entrypoints/popup/main.tsx');
    expect(files).toContain('components/BudgetMeter.tsx');
    expect(files).toContain('entrypoints/popup/RunButtons.tsx');
    expect(packages.filter((name) => /^(zod|@webext-core\/messaging|webextension-polyfill|marked|dompurify|wxt\/utils\/storage)/.test(name))).toEqual([]);
    // The classic script that starts the reads ahead of the modules carries as little.
    const ahead = firstPaintGraph('entrypoints/popup-read.ts');
    expect(ahead.files).toContain('lib/ui/first-paint.ts');
    expect(ahead.packages.filter((name) => !/^wxt\/(browser|utils\/define-unlisted-script)/.test(name))).toEqual([]);
  });
});
