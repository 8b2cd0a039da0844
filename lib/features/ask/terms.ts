/**
 * Words for matching questions to passages, in any language: Intl.Segmenter splits Japanese,
 * which has no spaces, into words as well as it splits English.
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Words too common to say what a passage is about. */
const STOP = new Set(
  'a an the and or of to in on at for by with from is are was were be been it its this that these those what which who how why when where does do did can could should would will about as not no yes i you we they he she there their our your me my を に は が の で と も た て だ です ます する し い こと これ それ か な よう ある いる'.split(' '),
);

export function terms(text: string): string[] {
  const out: string[] = [];
  for (const { segment, isWordLike } of segmenter.segment(text.toLowerCase())) {
    if (isWordLike && !STOP.has(segment)) out.push(segment);
  }
  return out;
}
