/**
 * What every request says about itself, so the company sees cost by use case and by person
 * (contract §1.2): the feature, the extension and its version, the admin's extra tags, the user.
 */
import type { RequestTags } from '../gateway/client';
import type { Settings, Feature } from '../settings/schema';
import { actionTag, type ActionRef } from '../features/action/action';

export const TAG_PREFIX = 'gateway-assistant';

/** An action's requests also carry `action:<id>` (`action:personal` for a person's own), so cost shows by use case. */
export function requestTags(feature: Feature, action: ActionRef | null, settings: Settings, keyUserId: string | null, version: string): RequestTags {
  return {
    tags: [`${TAG_PREFIX}:${feature}`, ...(action ? [actionTag(action)] : []), `${TAG_PREFIX}:v${version}`, ...settings.extraTags],
    user: settings.userId || keyUserId || null,
  };
}
