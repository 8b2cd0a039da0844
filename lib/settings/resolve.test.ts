import { describe, expect, it } from 'vitest';
import { parsePolicy, parseUserSettings, resolveSettings } from './resolve';
import { pickableModels } from './choices';
import { DEFAULT_SETTINGS } from './schema';

describe('settings resolution', () => {
  it('policy over the person over defaults, and policy fields are locked', () => {
    const { values, locked } = resolveSettings({ gatewayUrl: 'https://llm.corp' }, { gatewayUrl: 'https://mine', summaryLength: 'short' });
    expect(values.gatewayUrl).toBe('https://llm.corp');
    expect(values.summaryLength).toBe('short');
    expect(values.summaryForm).toBe(DEFAULT_SETTINGS.summaryForm);
    expect(locked).toEqual(['gatewayUrl']);
  });

  it('a person cannot give themselves admin-only settings through their own storage', () => {
    expect(parseUserSettings({ summaryLength: 'short', disabledFeatures: [], allowedModels: ['x'] })).toEqual({ summaryLength: 'short' });
  });

  it('drops only the invalid policy fields', () => {
    expect(parsePolicy({ summaryLanguage: 'fr', gatewayUrl: 'https://llm.corp', extraTags: 'not-a-list' })).toEqual({ gatewayUrl: 'https://llm.corp' });
    expect(parsePolicy(null)).toEqual({});
  });

  it('narrows the key’s models to the allowed ones and keeps the default model inside them', () => {
    const { values } = resolveSettings({ allowedModels: ['a', 'b'] }, { defaultModel: 'c' });
    expect(values.defaultModel).toBe('a');
    expect(pickableModels(['a', 'c'], values)).toEqual(['a']);
    expect(pickableModels(['a', 'c'], DEFAULT_SETTINGS)).toEqual(['a', 'c']);
  });
});
