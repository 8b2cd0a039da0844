/**
 * What the panel's frame (an extension page, entrypoints/panel-frame) tells the content script
 * that placed it on the page: how tall it is, and that the person closed it. Posted to the parent
 * window, which the page shares, so it carries nothing the page may not know; the content script
 * believes only messages whose source is its own frame and whose origin is the extension's.
 */
import { z } from 'zod';

/** The in-page panel's document (entrypoints/panel-frame); lib/messaging.ts accepts `panel.` messages only from it. */
export const PANEL_FRAME_PATH = '/panel-frame.html';

export const FrameMessage = z.object({
  gatewayAssistantPanel: z.discriminatedUnion('type', [
    z.object({ type: z.literal('size'), height: z.number().nonnegative() }),
    z.object({ type: z.literal('close') }),
  ]),
});
export type FrameMessage = z.infer<typeof FrameMessage>;
