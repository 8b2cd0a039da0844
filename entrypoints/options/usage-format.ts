/** How the usage view names features and writes times, in the UI's language. */
import { t, uiLanguage, type MessageKey } from '@/lib/i18n';
import type { Feature } from '@/lib/settings/schema';

const FEATURE_LABELS: Record<Feature, MessageKey> = {
  summarize: 'usageFeatureSummarize',
  'summarize-selection': 'usageFeatureSummarizeSelection',
  'jira-draft': 'usageFeatureJiraDraft',
};

export const featureLabel = (feature: Feature) => t(FEATURE_LABELS[feature]);

const locale = () => (uiLanguage() === 'ja' ? 'ja-JP' : 'en-US');

export const formatDateTime = (time: number) => new Date(time).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });

export const formatDay = (time: number) => new Date(time).toLocaleDateString(locale(), { month: 'short', day: 'numeric' });

export const formatCount = (n: number) => n.toLocaleString(locale());
