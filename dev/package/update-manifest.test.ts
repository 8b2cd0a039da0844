import { describe, expect, it } from 'vitest';
import { updateManifestXml } from './update-manifest';

describe('update manifest', () => {
  it('names the app, the version and where its CRX is, in gupdate form', () => {
    const xml = updateManifestXml({ id: 'bnlaboihijdbgjkobjmddnalnoagigll', version: '1.2.3', codebase: 'https://ext.example.com/ga/gateway-assistant-1.2.3.crx' });
    expect(xml).toBe(
      [
        "<?xml version='1.0' encoding='UTF-8'?>",
        "<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>",
        "  <app appid='bnlaboihijdbgjkobjmddnalnoagigll'>",
        "    <updatecheck codebase='https://ext.example.com/ga/gateway-assistant-1.2.3.crx' version='1.2.3' />",
        '  </app>',
        '</gupdate>',
        '',
      ].join('\n'),
    );
  });

  it('escapes a codebase with a query string or quotes', () => {
    const xml = updateManifestXml({ id: 'a'.repeat(32), version: '1.0.0', codebase: "https://h/x.crx?a=1&b='2'" });
    expect(xml).toContain("codebase='https://h/x.crx?a=1&amp;b=&apos;2&apos;'");
  });
});
