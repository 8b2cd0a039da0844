/** "My usage" (issue #6): this browser's own requests, what they cost, as a chart, tables and CSV. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { t } from '@/lib/i18n';
import { summarizeUsage } from '@/lib/usage/aggregate';
import { usageCsv, usageCsvFileName } from '@/lib/usage/csv';
import type { UsageEntry } from '@/lib/usage/entry';
import { clearUsage, getKeepUsageText, readUsage, setKeepUsageText, watchKeepUsageText, watchUsage } from '@/lib/usage/history';
import { useStored } from '@/lib/ui/use-storage';
import { useActions } from '@/lib/ui/use-actions';
import { actionLabel } from '@/lib/features/runnables';
import { formatCount } from './usage-format';
import { UsageRecent } from './UsageRecent';
import { UsageSummary } from './UsageSummary';
import './usage.css';

/** Revoking the object URL right after click() can cancel the download before it starts. */
const REVOKE_AFTER_MS = 60_000;

function downloadCsv(entries: UsageEntry[]): string {
  const url = URL.createObjectURL(new Blob([usageCsv(entries)], { type: 'text/csv;charset=utf-8' }));
  const fileName = usageCsvFileName(Date.now());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  return fileName;
}

function UsageReport({ entries }: { entries: UsageEntry[] }) {
  const summary = useMemo(() => summarizeUsage(entries, Date.now()), [entries]);
  const actions = useActions()?.actions ?? [];
  const actionName = (usageAction: string) => actionLabel(usageAction, actions);
  return (
    <>
      <UsageSummary summary={summary} actionName={actionName} />
      <UsageRecent entries={entries} actionName={actionName} />
      {entries.some((entry) => entry.estimated && entry.cost !== null) && <p className="hint">{t('usageEstimatedNote')}</p>}
    </>
  );
}

function KeepTextChoice() {
  const stored = useStored(getKeepUsageText, watchKeepUsageText);
  // Shown at once on click; the stored value (also changed from other tabs) catches up after.
  const [keep, setKeep] = useState<boolean>();
  useEffect(() => setKeep(stored), [stored]);
  const change = (next: boolean) => {
    setKeep(next);
    void setKeepUsageText(next);
  };
  return (
    <div className="field">
      <label className="field inline">
        <input type="checkbox" data-testid="usage-keep-text" checked={keep ?? false} disabled={keep === undefined} aria-describedby="usage-keep-text-hint" onChange={(e) => change(e.target.checked)} />
        <span>{t('usageKeepText')}</span>
      </label>
      <span className="hint" id="usage-keep-text-hint">
        {t('usageKeepTextHint')}
      </span>
    </div>
  );
}

export function UsageSection() {
  const entries = useStored(readUsage, watchUsage);
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // The popup's "My usage" opens options.html#usage: the section renders after load, so go to it here.
  useEffect(() => {
    if (location.hash === '#usage') heading.current?.scrollIntoView();
  }, []);

  const clear = async () => {
    await clearUsage();
    setConfirming(false);
    setNote(t('usageCleared'));
    // The buttons that had focus are gone with the history; put the keyboard back at the section.
    heading.current?.focus();
  };

  return (
    <section id="usage" className="usage" data-testid="usage" aria-labelledby="usage-heading" aria-busy={entries === undefined}>
      <h2 id="usage-heading" ref={heading} tabIndex={-1}>
        {t('usageSection')}
      </h2>
      <p className="hint">{t('usageIntro')}</p>
      {entries === undefined ? (
        <p className="muted" data-testid="usage-loading">
          {t('usageLoading')}
        </p>
      ) : entries.length === 0 ? (
        <p className="usage-empty" data-testid="usage-empty">
          {t('usageEmpty')}
        </p>
      ) : (
        <>
          <div className="row">
            <button type="button" data-testid="usage-export" onClick={() => setNote(t('usageExported', downloadCsv(entries)))}>
              {t('usageExportCsv')}
            </button>
            {!confirming && (
              <button type="button" data-testid="usage-clear" onClick={() => setConfirming(true)}>
                {t('usageClear')}
              </button>
            )}
          </div>
          {confirming && (
            <div className="usage-confirm" role="group" aria-labelledby="usage-confirm-text" onKeyDown={(e) => e.key === 'Escape' && setConfirming(false)}>
              <p id="usage-confirm-text">{t('usageClearConfirm', formatCount(entries.length))}</p>
              <div className="row">
                <button type="button" className="danger" data-testid="usage-clear-confirm" onClick={() => void clear()}>
                  {t('usageClearYes')}
                </button>
                {/* Focus starts on the harmless choice, so a stray Enter deletes nothing. */}
                <button type="button" data-testid="usage-clear-cancel" autoFocus onClick={() => setConfirming(false)}>
                  {t('usageCancel')}
                </button>
              </div>
            </div>
          )}
          {/* Export and Clear before the list, so a long history does not push them out of reach. */}
          <UsageReport entries={entries} />
        </>
      )}
      <p role="status" className="hint" data-testid="usage-note">
        {note}
      </p>
      <KeepTextChoice />
    </section>
  );
}
