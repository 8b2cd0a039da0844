/**
 * What a person does on the page itself: select text, choose a right-click menu item or press the
 * shortcut, and read the result in the in-page panel. A Playwright right-click opens no native
 * menu (mv3-facts §8), so the menu's click event is dispatched with a real tab, as Chrome would;
 * the shortcut's command event likewise.
 */
import { expect, type Frame, type Locator, type Page } from '@playwright/test';
import type { ExtensionBrowser } from '../../../dev/harness/chromium';
import { JobView } from './job';

/** A right-click menu item: `<runnable key>@<context>`, as lib/background/menus.ts builds them. */
export type MenuItem = `${string}@${'page' | 'selection'}`;

const FRAME_PATH = '/panel-frame.html';
const DIALOG = '[data-testid=panel]';

/**
 * The in-page panel (components/Panel.tsx): an extension page in a frame behind a closed shadow
 * root, which no selector on the page reaches; the test finds the frame as Chrome lists it.
 */
export class Panel extends JobView {
  constructor(private readonly page: Page) {
    super(page);
  }

  /** The panel's frame, if the page shows one. */
  frame(): Frame | undefined {
    return this.page.frames().find((frame) => frame.url().startsWith('chrome-extension://') && new URL(frame.url()).pathname === FRAME_PATH);
  }

  protected override get root(): Locator {
    return (this.frame() ?? this.page.mainFrame()).locator(this.frame() ? DIALOG : 'panel-not-shown');
  }

  /** The panel itself, a dialog. */
  dialog(): Locator {
    return this.root;
  }

  /** Waits for the panel's frame to be on the page (or, `false`, gone from it). */
  async waitShown(shown = true): Promise<void> {
    await expect.poll(() => !!this.frame(), { timeout: 10_000 }).toBe(shown);
  }

  closeButton(): Locator {
    return this.root.getByTestId('panel-close');
  }

  /** An entry of the "Run another action" menu (open or not). */
  runAnotherItem(key: string): Locator {
    return this.root.getByTestId(`panel-run-${key}`);
  }

  /** "Run another action": opens the panel's menu and starts what `key` names (a feature id or `action-<origin>-<id>`). */
  async runAnother(key: string): Promise<void> {
    await this.root.getByTestId('run-another').locator('summary').click();
    await this.runAnotherItem(key).click();
  }

  async closeWithEscape(): Promise<void> {
    await this.dialog().focus();
    // The panel closes on the key's press and its frame goes with it; released only then, the key
    // reaches the page (a press in one step waited, now and then, on a frame already gone).
    await this.page.keyboard.down('Escape');
    await this.waitShown(false);
    await this.page.keyboard.up('Escape');
  }
}

/** A web page open in a tab, with what the extension adds to it. */
export class Tab {
  readonly panel: Panel;

  constructor(
    private readonly ext: ExtensionBrowser,
    readonly page: Page,
    readonly id: number,
  ) {
    this.panel = new Panel(page);
  }

  static async open(ext: ExtensionBrowser, url: string): Promise<Tab> {
    const page = await ext.context.newPage();
    await page.goto(url);
    const id = await ext.worker.evaluate(async (u) => (await chrome.tabs.query({ url: u }))[0]!.id!, page.url());
    return new Tab(ext, page, id);
  }

  /** Selects the `index`-th paragraph of more than 120 characters, and returns its text. */
  async selectParagraph(index = 2): Promise<string> {
    return this.page.evaluate((i) => {
      const paragraph = [...document.querySelectorAll('p')].filter((p) => (p.textContent ?? '').length > 120)[i]!;
      const range = document.createRange();
      range.selectNodeContents(paragraph);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
      return paragraph.textContent!.trim();
    }, index);
  }

  /** Right-click → `item`; `selectionText` is what Chrome reports as selected. */
  async rightClick(item: MenuItem, selectionText?: string): Promise<void> {
    await this.ext.worker.evaluate(
      async ({ tabId, menuItemId, selectionText }) => {
        const tab = await chrome.tabs.get(tabId);
        const info = { menuItemId, pageUrl: tab.url!, editable: false, ...(selectionText ? { selectionText } : {}) } as chrome.contextMenus.OnClickData;
        (chrome.contextMenus.onClicked as unknown as { dispatch(info: unknown, tab: unknown): void }).dispatch(info, tab);
      },
      { tabId: this.id, menuItemId: item, selectionText },
    );
    // Ask opens the side panel; every other item shows its job in the in-page panel.
    if (!item.startsWith('ask@')) await this.panel.waitShown();
  }

  /** The keyboard shortcut for `command` (manifest `commands`), pressed in this tab. */
  async pressShortcut(command: string): Promise<void> {
    await this.ext.worker.evaluate(
      async ({ tabId, command }) => {
        const tab = await chrome.tabs.get(tabId);
        (chrome.commands.onCommand as unknown as { dispatch(command: string, tab: unknown): void }).dispatch(command, tab);
      },
      { tabId: this.id, command },
    );
    if (command !== 'ask-page') await this.panel.waitShown();
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}
