import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import messageBrowser from './message-browser';

describe('the messaging library on Chrome’s own API', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
  });

  it('answers with what a listener’s promise resolves to, keeping the channel open until then', async () => {
    const add = vi.spyOn(fakeBrowser.runtime.onMessage, 'addListener');
    const listener = vi.fn(async (message: unknown) => ({ echoed: message }));
    messageBrowser.runtime.onMessage.addListener(listener);
    const native = add.mock.calls[0]![0] as unknown as (m: unknown, s: object, r: (a?: unknown) => void) => boolean;
    const sendResponse = vi.fn();
    expect(native('hi', {}, sendResponse)).toBe(true);
    await vi.waitFor(() => expect(sendResponse).toHaveBeenCalledWith({ echoed: 'hi' }));
  });

  it('leaves a message to other listeners when its listener does not answer, and removes the same listener it added', () => {
    const add = vi.spyOn(fakeBrowser.runtime.onMessage, 'addListener');
    const remove = vi.spyOn(fakeBrowser.runtime.onMessage, 'removeListener');
    const listener = () => undefined;
    messageBrowser.runtime.onMessage.addListener(listener);
    const native = add.mock.calls[0]![0] as unknown as (m: unknown, s: object, r: () => void) => boolean;
    expect(native('hi', {}, () => undefined)).toBe(false);
    messageBrowser.runtime.onMessage.removeListener(listener);
    expect(remove.mock.calls[0]![0]).toBe(native);
  });

  it('resolves a message nobody answered to undefined, as the polyfill did, and rejects on any other failure', async () => {
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage');
    send.mockRejectedValueOnce(new Error('The message port closed before a response was received.'));
    await expect(messageBrowser.runtime.sendMessage({ type: 'x' })).resolves.toBeUndefined();
    send.mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'));
    await expect(messageBrowser.runtime.sendMessage({ type: 'x' })).rejects.toThrow('Receiving end does not exist');
  });
});
