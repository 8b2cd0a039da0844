/** Pages Chrome never lets an extension script: say so before trying (issue #3). */
const RESTRICTED_SCHEMES = ['chrome:', 'chrome-extension:', 'edge:', 'about:', 'devtools:', 'view-source:', 'chrome-search:', 'chrome-untrusted:'];
const RESTRICTED_HOSTS = ['chromewebstore.google.com', 'chrome.google.com'];

export type TabReadability = 'readable' | 'restricted' | 'pdf';

export function classifyTabUrl(url: string | undefined): TabReadability {
  if (!url) return 'restricted';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'restricted';
  }
  if (RESTRICTED_SCHEMES.includes(parsed.protocol)) return 'restricted';
  if (RESTRICTED_HOSTS.includes(parsed.hostname) && (parsed.hostname !== 'chrome.google.com' || parsed.pathname.startsWith('/webstore'))) return 'restricted';
  if (parsed.pathname.toLowerCase().endsWith('.pdf')) return 'pdf';
  return 'readable';
}
