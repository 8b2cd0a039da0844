/** Issue #3, proof 1: connecting in the options page, as a person does it. */
import { DEMO_KEY, expect, test } from './support/fixtures';

test('enter URL and key, Test connection shows the alias, budget, reset, models; the key is masked once saved', async ({ openOptions, gateway }) => {
  const options = await openOptions();
  await options.getByTestId('gateway-url').fill(`${gateway.url}/v1/`);
  await options.getByTestId('gateway-key').fill(DEMO_KEY);
  await expect(options.getByTestId('gateway-key')).toHaveAttribute('type', 'password');
  await options.getByRole('button', { name: 'Show' }).click();
  await expect(options.getByTestId('gateway-key')).toHaveAttribute('type', 'text');

  await options.getByTestId('test-connection').click();
  const result = options.getByTestId('test-result');
  await expect(result).toContainText('Connected as demo');
  await expect(options.getByTestId('test-budget')).toContainText(/\$\d+\.\d\d left/);
  await expect(result).toContainText('Resets');
  await expect(options.getByTestId('test-models')).toContainText('sim-fast');
  // `/v1/` was typed, yet the alias and models above came back: the simulator answers 404 to
  // /v1/v1/… like LiteLLM, so the calls went to /key/info and /v1/models.

  await options.getByTestId('save-connection').click();
  await expect(options.getByTestId('save-note')).toHaveText('Saved.');
  await expect(options.getByTestId('saved-key')).toContainText('sk-…');
  await expect(options.getByTestId('saved-key')).not.toContainText(DEMO_KEY);
  await expect(options.getByTestId('gateway-key')).toHaveValue('');

  // After a reload the page still knows only the masked key.
  await options.reload();
  await expect(options.getByTestId('gateway-url')).toHaveValue(`${gateway.url}/v1/`);
  await expect(options.getByTestId('saved-key')).toContainText('sk-…');
  expect(await options.content()).not.toContain(DEMO_KEY);
});

test('a wrong key shows the invalid-key sentence', async ({ openOptions, gateway }) => {
  const options = await openOptions();
  await options.getByTestId('gateway-url').fill(gateway.url);
  await options.getByTestId('gateway-key').fill('sk-not-a-real-key');
  await options.getByTestId('test-connection').click();
  await expect(options.getByTestId('problem')).toContainText('The gateway did not accept this key');
});

test('saved settings reach the popup: default model and connection', async ({ openOptions, openPopupFor, site, gateway }) => {
  const options = await openOptions();
  await options.getByTestId('gateway-url').fill(gateway.url);
  await options.getByTestId('gateway-key').fill(DEMO_KEY);
  await options.getByTestId('save-connection').click();
  await expect(options.getByTestId('save-note')).toHaveText('Saved.');
  await expect(options.getByTestId('setting-defaultModel')).toBeVisible();
  await options.getByTestId('setting-defaultModel').selectOption('sim-cache');
  const { popup } = await openPopupFor(site.url('/corpus/pages/v8-blog/source.html'));
  await expect(popup.getByTestId('model')).toHaveValue('sim-cache');
  await expect(popup.getByTestId('budget-left')).toContainText('$');
});
