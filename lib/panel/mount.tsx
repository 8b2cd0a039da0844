/**
 * Puts the panel on the page inside a shadow root, so the page's CSS cannot restyle it and ours
 * cannot leak out. Injecting it twice is harmless: the second call finds the first.
 */
import { createRoot } from 'react-dom/client';
import { Panel } from '@/components/Panel';
import baseCss from '@/components/base.css?inline';
import panelCss from './panel.css?inline';

const HOST_ID = 'gateway-assistant-panel';

export function mountPanel(): void {
  if (document.getElementById(HOST_ID)) return;
  const host = document.createElement('div');
  host.id = HOST_ID;
  // Open, not closed: tests (and assistive tools) can reach in; the panel holds nothing secret.
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = `${baseCss}\n${panelCss}`;
  const container = document.createElement('div');
  shadow.append(style, container);
  document.documentElement.append(host);
  const root = createRoot(container);
  root.render(
    <Panel
      onClose={() => {
        root.unmount();
        host.remove();
      }}
    />,
  );
}
