/**
 * Where a link really goes, told apart from what its label says (#15): the rendered answer and
 * every copy for Jira (wiki, ADF) write the real host beside a label that hides it. Kept apart from
 * markdown.ts so Jira's converters need no renderer.
 */

// Bidi embeddings, overrides and isolates reorder what is shown (`moc.evil` reads as `live.com`);
// the answer has no use for them. Plain right-to-left text needs none of these to display.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * The only links an answer keeps, rendered or copied: web links. mailto: and the rest become their
 * label (#15): a mail link opens a program with an address and text the model chose.
 */
export function isWebLink(href: string): boolean {
  return /^https?:/i.test(href);
}

/** The host a link really opens, as the browser will resolve it (IDN as punycode); null if none. */
function linkHost(href: string): string | null {
  try {
    const url = new URL(href);
    return /^https?:$/.test(url.protocol) ? url.host : null;
  } catch {
    return null;
  }
}

/**
 * The host to write beside a link's label, or null when the label already shows it: a bare URL,
 * or the host itself. A label may say anything (`pаypal.com` in Cyrillic, text reordered by bidi
 * controls), so it is compared without those controls and against the punycode host.
 */
export function hiddenHost(text: string, href: string): string | null {
  const host = linkHost(href);
  if (!host) return null;
  const label = stripBidiControls(text).trim();
  return label === href || label.toLowerCase() === host.toLowerCase() ? null : host;
}
