/**
 * The update manifest Chrome fetches from a self-hosted update URL ("gupdate" format,
 * https://developer.chrome.com/docs/extensions/how-to/distribute/host-on-linux#update_url).
 */
export interface UpdateEntry {
  id: string;
  version: string;
  /** Absolute URL of the CRX. */
  codebase: string;
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function updateManifestXml({ id, version, codebase }: UpdateEntry): string {
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    "<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>",
    `  <app appid='${escapeAttribute(id)}'>`,
    `    <updatecheck codebase='${escapeAttribute(codebase)}' version='${escapeAttribute(version)}' />`,
    '  </app>',
    '</gupdate>',
    '',
  ].join('\n');
}
