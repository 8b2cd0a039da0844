/** The newest requests first, a page at a time: a long history should not make the page crawl. */
import { useState } from 'react';
import { t } from '@/lib/i18n';
import type { UsageEntry } from '@/lib/usage/entry';
import { featureLabel } from '@/lib/features/runnables';
import { formatCount, formatDateTime } from './usage-format';
import { UsageCost } from './UsageCost';

const PAGE_SIZE = 50;

/** Only web addresses become links: a stored `javascript:` URL must never be one click away. */
function webUrl(url: string): string | null {
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol) ? url : null;
  } catch {
    return null;
  }
}

function PageCell({ entry }: { entry: UsageEntry }) {
  const href = webUrl(entry.pageUrl);
  const title = entry.pageTitle || entry.pageUrl;
  return (
    <td className="usage-page">
      {href ? (
        <a href={href} target="_blank" rel="noopener noreferrer" title={entry.pageUrl}>
          {title}
        </a>
      ) : (
        title
      )}
      {entry.text && (
        <details>
          <summary>{t('usagePageText')}</summary>
          <p className="usage-page-text">{entry.text}</p>
        </details>
      )}
    </td>
  );
}

export function UsageRecent({ entries, actionName }: { entries: UsageEntry[]; actionName(usageAction: string): string }) {
  const [shown, setShown] = useState(PAGE_SIZE);
  // By time, not by position: calls of one job may finish, and be appended, out of order.
  const newestFirst = entries
    .slice()
    .reverse()
    .sort((a, b) => b.time - a.time);
  const visible = newestFirst.slice(0, shown);
  const remaining = newestFirst.length - visible.length;
  return (
    <div className="usage-recent">
      <h3 id="usage-recent-heading">{t('usageRecent')}</h3>
      {/* Focusable so a keyboard can scroll the table sideways on a narrow window. */}
      <div className="usage-scroll" role="region" aria-labelledby="usage-recent-heading" tabIndex={0}>
        <table data-testid="usage-recent">
          <thead>
            <tr>
              <th scope="col">{t('usageTime')}</th>
              <th scope="col">{t('usagePage')}</th>
              <th scope="col">{t('usageFeature')}</th>
              <th scope="col">{t('usageModel')}</th>
              <th scope="col">{t('usageTokensInOut')}</th>
              <th scope="col">{t('usageCost')}</th>
            </tr>
          </thead>
          <tbody>
            {visible.map((entry) => (
              <tr key={entry.id} data-testid="usage-row" data-feature={entry.feature} data-action={entry.action ?? ''} data-cost={entry.cost ?? ''}>
                <td>{formatDateTime(entry.time)}</td>
                <PageCell entry={entry} />
                <td>{entry.action ? actionName(entry.action) : featureLabel(entry.feature)}</td>
                <td className="usage-model">{entry.model}</td>
                <td className="number">
                  {formatCount(entry.promptTokens)} / {formatCount(entry.completionTokens)}
                </td>
                <td className="number" data-testid="usage-row-cost">
                  <UsageCost cost={entry.cost} estimated={entry.estimated} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row">
        <span className="hint" data-testid="usage-showing">
          {t('usageShowing', formatCount(visible.length), formatCount(newestFirst.length))}
        </span>
        {remaining > 0 && (
          <button type="button" data-testid="usage-show-more" onClick={() => setShown(shown + PAGE_SIZE)}>
            {t('usageShowMore', formatCount(Math.min(PAGE_SIZE, remaining)))}
          </button>
        )}
      </div>
    </div>
  );
}
