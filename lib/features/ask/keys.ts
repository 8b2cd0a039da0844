/** The question box's Enter key, as a predicate the box and its tests share. */
export interface KeyFacts {
  key: string;
  shiftKey: boolean;
  /** 229 while an IME is composing, in browsers that do not set isComposing on that keydown. */
  keyCode: number;
  nativeEvent: { isComposing?: boolean };
}

/** Enter sends; Shift+Enter is a new line; the Enter that confirms a Japanese IME conversion never sends. */
export function sendsQuestion(event: KeyFacts): boolean {
  return event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing && event.keyCode !== 229;
}
