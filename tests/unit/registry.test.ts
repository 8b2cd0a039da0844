/**
 * The feature registry (lib/features/registry.ts) is the one list of features: every folder is in
 * it, everything that lists features derives from it, and a feature added to it shows up in the
 * menus, the popup and the usage labels with no other change.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import managedSchema from '../../public/managed_schema.json';
import { RunButtons } from '../../entrypoints/popup/RunButtons';
import { menuItems } from '../../lib/background/menus';
import type { FeatureDefinition } from '../../lib/features/feature';
import { FEATURE_IDS, FEATURES } from '../../lib/features/registry';
import { Feature } from '../../lib/features/feature-schema';
import { featureLabel, runnables } from '../../lib/features/runnables';
import { featureWorks } from '../../lib/features/works';
import { Job } from '../../lib/jobs/job';
import { UsageEntry } from '../../lib/usage/entry';
import { AdminSettings, DEFAULT_SETTINGS } from '../../lib/settings/schema';

const featuresDir = join(__dirname, '../../lib/features');

describe('the feature registry', () => {
  it('has one folder per feature, and every feature folder is registered', async () => {
    const folders = readdirSync(featuresDir).filter((name) => statSync(join(featuresDir, name)).isDirectory());
    expect(folders.sort()).toEqual([...FEATURE_IDS].sort());
    for (const id of FEATURE_IDS) {
      expect(existsSync(join(featuresDir, id, 'feature.ts')), id).toBe(true);
      const { feature } = (await import(`../../lib/features/${id}/feature.ts`)) as { feature: FeatureDefinition };
      expect(feature.id).toBe(id);
    }
  });

  it('derives the Feature enum, the policy enum, the job and usage schemas from it', () => {
    expect(Feature.options).toEqual(FEATURE_IDS);
    expect(managedSchema.properties.disabledFeatures.items.enum).toEqual(FEATURE_IDS);
    expect(AdminSettings.shape.disabledFeatures.unwrap().element.options).toEqual(FEATURE_IDS);
    expect(Job.shape.feature.options).toEqual(FEATURE_IDS);
    expect(UsageEntry.shape.feature.options).toEqual(FEATURE_IDS);
  });

  it('gives every feature its work in the worker, except those with a side panel of their own', () => {
    const works = featureWorks({ modelInfo: async () => undefined, budget: async () => null, action: async () => null, exactTokens: async () => undefined });
    expect(Object.keys(works).sort()).toEqual(FEATURE_IDS.filter((id) => id !== 'ask').sort());
  });

  it('a feature added to the list appears in the menus, the popup and the usage labels', () => {
    const throwaway: FeatureDefinition = {
      id: 'throwaway',
      buttonId: 'throwaway-button',
      order: 15,
      title: 'actionsTitle',
      menuTitle: 'panelRunAnother',
      usageLabel: 'usageFeatureAction',
      input: 'either',
      output: 'markdown',
      surfaces: ['popup', 'menu', 'panel'],
      listed: true,
    };
    const features = [...FEATURES, throwaway];

    const menu = menuItems(runnables('menu', DEFAULT_SETTINGS, [], features));
    expect(menu.filter((item) => (item.run.feature as string) === 'throwaway').map((item) => [item.id, item.title, item.contexts])).toEqual([
      ['throwaway@page', 'Run another action', ['page']],
      ['throwaway@selection', 'Run another action', ['selection']],
    ]);

    const popup = renderToStaticMarkup(createElement(RunButtons, { runs: runnables('popup', DEFAULT_SETTINGS, [], features), disabled: false, onRun: () => undefined }));
    expect(popup).toContain('data-testid="throwaway-button"');
    expect(popup).toContain('>Actions</button>');
    // In the registry's order: after summarize (10), before summarize-selection (20).
    expect(popup.indexOf('summarize-page')).toBeLessThan(popup.indexOf('throwaway-button'));
    expect(popup.indexOf('throwaway-button')).toBeLessThan(popup.indexOf('summarize-selection'));

    expect(featureLabel('throwaway', features)).toBe('Action');
    // Turned off by policy, it is gone everywhere.
    const off = { ...DEFAULT_SETTINGS, disabledFeatures: ['throwaway'] as unknown as typeof DEFAULT_SETTINGS.disabledFeatures };
    expect(runnables('menu', off, [], features).some((run) => (run.feature as string) === 'throwaway')).toBe(false);
  });
});
