/** Issue #3, proof 1: connecting in the options page, as a person does it. */
import { DEMO_KEY, expect, test } from './support/fixtures';

test('enter URL and key, Test connection shows the alias, budget, reset, models; the key is masked once saved', async ({ openOptions, gateway }) => {
  const options = await openOptions();
  await options.enterConnection(`${gateway.url}/v1/`, DEMO_KEY);
  await expect(options.keyField()).toHaveAttribute('type', 'password');
  await options.showKey();
  await expect(options.keyField()).toHaveAttribute('type', 'text');

  await options.testConnection();
  const result = options.testResult();
  await expect(result).toContainText('Connected as demo');
  await expect(options.testBudget()).toContainText(/\$\d+\.\d\d left/);
  await expect(result).toContainText('Resets');
  await expect(options.testModels()).toContainText('sim-fast');
  // `/v1/` was typed, yet the alias and models above came back: the simulator answers 404 to
  // /v1/v1/… like LiteLLM, so the calls went to /key/info and /v1/models.

  // The test passed with a key not yet saved: the page asks for Save and rings its button.
  await expect(options.savePrompt()).toHaveText('The connection works. Save to start using it.');
  await expect(options.saveConnectionButton()).toHaveClass(/attention/);

  await options.saveConnection();
  await expect(options.connectionNote()).toHaveText('Saved.');
  await expect(options.savePrompt()).toHaveCount(0);
  await expect(options.saveConnectionButton()).not.toHaveClass(/attention/);
  await expect(options.savedKey()).toContainText('sk-…');
  await expect(options.savedKey()).not.toContainText(DEMO_KEY);
  await expect(options.keyField()).toHaveValue('');

  // After a reload the page still knows only the masked key.
  await options.page.reload();
  await expect(options.gatewayUrl()).toHaveValue(`${gateway.url}/v1/`);
  await expect(options.savedKey()).toContainText('sk-…');
  expect(await options.page.content()).not.toContain(DEMO_KEY);
});

test('a wrong key shows the invalid-key sentence', async ({ openOptions, gateway }) => {
  const options = await openOptions();
  await options.enterConnection(gateway.url, 'sk-not-a-real-key');
  await options.testConnection();
  await expect(options.problem()).toContainText('The gateway did not accept this key');
  // This is the settings page: no "Open settings" that would lead back here.
  await expect(options.problem().getByRole('button', { name: 'Open settings' })).toHaveCount(0);
});

test('saved settings reach the popup: default model and connection', async ({ openOptions, openPopupFor, site, gateway }) => {
  const options = await openOptions();
  await options.enterConnection(gateway.url, DEMO_KEY);
  await options.saveConnection();
  await expect(options.connectionNote()).toHaveText('Saved.');
  await expect(options.setting('defaultModel')).toBeVisible();
  await expect(options.defaultsSaved()).toHaveCount(0);
  await options.setting('defaultModel').selectOption('sim-cache');
  await expect(options.defaultsSaved()).toHaveText('Saved.');
  const { popup } = await openPopupFor(site.url('/corpus/pages/v8-blog/source.html'));
  await expect(popup.model()).toHaveValue('sim-cache');
  await expect(popup.budgetLeft()).toContainText('$');
});
