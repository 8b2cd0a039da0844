import { describe, expect, it } from 'vitest';
import { isTrustedSender, mayFollowTab } from './messaging';

const id = 'ext-id';
const origin = 'chrome-extension://ext-id/';
const panelFrame = { id, url: `${origin}panel-frame.html`, tab: { id: 5 } };
const popup = { id, url: `${origin}popup.html` };

describe('isTrustedSender', () => {
  it('lets the panel frame send its panel. messages', () => {
    expect(isTrustedSender('panel.startJob', panelFrame, id, origin)).toBe(true);
    expect(isTrustedSender('panel.getJob', panelFrame, id, origin)).toBe(true);
  });

  it('refuses the panel frame every message that is not panel.', () => {
    for (const name of ['popup.startJob', 'popup.retryJob', 'options.saveConnection', 'sidepanel.ticket', 'ui.keyStatus', 'ui.recheckBudget']) {
      expect(isTrustedSender(name, panelFrame, id, origin), name).toBe(false);
    }
  });

  it('keeps panel. messages to the panel frame and everything else to our other pages', () => {
    expect(isTrustedSender('panel.startJob', popup, id, origin)).toBe(false);
    expect(isTrustedSender('popup.startJob', popup, id, origin)).toBe(true);
    expect(isTrustedSender('popup.startJob', { ...popup, id: 'other' }, id, origin)).toBe(false);
    expect(isTrustedSender('popup.startJob', { id, url: 'https://evil.example/popup.html' }, id, origin)).toBe(false);
  });
});

describe('mayFollowTab', () => {
  it('lets the panel frame follow only its own tab', () => {
    expect(mayFollowTab(panelFrame, 5)).toBe(true);
    expect(mayFollowTab(panelFrame, 6)).toBe(false);
    expect(mayFollowTab({ ...panelFrame, tab: undefined }, 5)).toBe(false);
  });

  it('lets our other pages follow any tab', () => {
    expect(mayFollowTab(popup, 6)).toBe(true);
  });
});
