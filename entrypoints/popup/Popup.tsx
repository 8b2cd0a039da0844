import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { BudgetMeter } from '@/components/BudgetMeter';
import { Icon } from '@/components/Icon';
import { Locked } from '@/components/Locked';
import { ModelPicker } from '@/components/ModelPicker';
import { remainingBudget, unavailableModels } from '@/lib/budget/read';
import { currentAlert, isBlocked } from '@/lib/budget/alerts';
import { SUMMARY_CHOICES, SummaryOptions } from '@/components/SummaryOptions';
import type { Problem } from '@/lib/errors/problem';
import { budgetResets } from '@/lib/budget/names';
import { t } from '@/lib/i18n';
import { isRunning } from '@/lib/jobs/running';
import type { Input, TabInfo } from '@/lib/messaging';
import { runnables } from '@/lib/features/runnables';
import { openSidePanel } from '@/lib/features/ask/open';
import { RunButtons } from './RunButtons';
import { pickableModels } from '@/lib/settings/choices';
import { useStored } from '@/lib/ui/use-storage';
import { useFollowed } from '@/lib/ui/use-followed';
import { watchTab } from '@/lib/ui/watch-tab';
import type { FirstPaint } from '@/lib/ui/first-paint';
import type { Job } from '@/lib/jobs/job';
import type * as Live from './live';

// After the first paint (issue #17): the messages, the storage reads and the job's view carry zod,
// the Markdown renderer and the ticket editor, which painting the budget and buttons does not need.
export const loadLive = () => import('./live');
const PopupJob = lazy(() => import('./PopupJob').then((m) => ({ default: m.PopupJob })));
// A budget warning: the meter and the disabled buttons paint first, its sentence a moment later.
const BudgetAlertBanner = lazy(() => import('@/components/BudgetAlertBanner').then((m) => ({ default: m.BudgetAlertBanner })));
// Shown only after a message answered (a status problem, a restricted tab), so never in the first paint.
const ProblemNotice = lazy(() => import('@/components/ProblemNotice').then((m) => ({ default: m.ProblemNotice })));

/** The live module once loaded; until then the popup shows what it painted from ui/first-paint.ts. */
function useLive(): typeof Live | undefined {
  const [live, setLive] = useState<typeof Live>();
  // Asked for after the first frame, so evaluating it never delays the paint.
  useEffect(() => afterPaint(() => void loadLive().then(setLive)), []);
  return live;
}

/** Runs `task` once the browser has painted the current frame; returns the cancel. */
export function afterPaint(task: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => (timer = setTimeout(task)));
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

/** `tabId`: the tab it acts on, found with the first paint's read (main.tsx). */
export function Popup({ first, tabId, job: firstJob }: { first: FirstPaint | null; tabId: number | null; job: Job | null }) {
  const [tab, setTab] = useState<TabInfo>();
  const [configured, setConfigured] = useState<boolean>();
  const [refreshing, setRefreshing] = useState(true);
  const [statusProblem, setStatusProblem] = useState<Problem | null>(null);
  const live = useLive();
  // Painted from the copy read before the first render (ui/first-paint.ts), then read and watched.
  const settings = useStored(live?.getSettings, live?.watchSettings, [], first?.settings);
  const budget = useStored(live?.readBudget, live && ((cb) => live.budgetItem.watch(cb)), [], first?.budget);
  const catalog = useStored(live?.readCatalog, live && ((cb) => live.catalogItem.watch(cb)), [], first?.catalog);
  const dismissed = useStored(live && (() => live.dismissedAlertsItem.getValue()), live && ((cb) => live.dismissedAlertsItem.watch(cb)), [], first?.dismissed);
  const actions = useStored(live?.readActions, live?.watchActions, [], first?.actions);
  const job = useFollowed(tabId, live?.followJob, firstJob);

  // The page the popup acts on may reload or move while it is open (a redirect, a single-page app).
  // The reading made ahead of the click (lib/background/speculation.ts) is dropped when a new document
  // starts loading, and the tab asked about again once it has loaded or shows a new URL: the buttons
  // and that reading follow the page the click will act on.
  const [tabMoves, setTabMoves] = useState(0);
  useEffect(() => {
    if (!tabId) return;
    return watchTab(tabId, (move) => {
      if (move.status === 'loading') void loadLive().then(({ send }) => send('popup.pageLoading', { tabId }));
      else setTabMoves((n) => n + 1);
    });
  }, [tabId]);
  useEffect(() => {
    if (!live || !tabId) return;
    let latest = true;
    void live.send('popup.inspectTab', { tabId }).then((info) => latest && setTab(info));
    return () => {
      latest = false;
    };
  }, [live, tabId, tabMoves]);
  useEffect(() => {
    if (!live) return;
    const { send, getSettings } = live;
    void send('ui.keyStatus', {}).then(async ({ hasKey }) => {
      const { values } = await getSettings();
      const ready = hasKey && values.gatewayUrl !== '';
      setConfigured(ready);
      if (!ready) return setRefreshing(false);
      // Figures fetched within the last minute (models: five) stand; the worker asks the gateway for nothing then.
      const status = await send('ui.refreshStatus', { ifStale: true });
      setStatusProblem(status.ok ? null : status.problem);
      setRefreshing(false);
    });
  }, [live]);

  const jobRunning = isRunning(job);
  // The gateway's "budget exceeded" is fresher than our copy: fetch the figures it went by.
  const refusedForBudget = job?.problem?.kind === 'budget_exceeded';
  useEffect(() => {
    if (refusedForBudget && live) void live.send('ui.refreshStatus', {});
  }, [refusedForBudget, job?.id, live]);
  useEffect(() => (jobRunning && live ? live.watchWorker() : undefined), [jobRunning, live]);

  const models = settings && catalog ? pickableModels(catalog.models, settings.values) : [];
  const preferred = settings?.values.defaultModel ?? '';
  const model = models.includes(preferred) ? preferred : (models[0] ?? '');

  // A click before the live module arrived waits for it (milliseconds after the first paint).
  const start = useCallback(
    (run: Omit<Input<'popup.startJob'>, 'tabId' | 'model'>) => {
      if (tabId && model) void loadLive().then(({ send }) => send('popup.startJob', { tabId, model, ...run }));
    },
    [tabId, model],
  );
  const saveSetting = (change: Parameters<typeof Live.saveUserSettings>[0]) => void loadLive().then(({ saveUserSettings }) => saveUserSettings(change));
  // Straight from the click: the side panel opens only within the person's gesture.
  const askInSidePanel = () => {
    if (!tabId) return;
    // Said before the popup closes, so the page read when it opened is kept for the panel's first question.
    void loadLive().then(({ send }) => send('popup.handOff', { tabId }));
    void openSidePanel(tabId, false).then((opened) => {
      // The real popup steps aside for the panel; opened as a tab (?tabId=, tests), it stays.
      if (opened && !new URLSearchParams(location.search).has('tabId')) window.close();
    });
  };
  const runs = settings ? runnables('popup', settings.values, actions?.actions ?? []).filter((run) => run.input !== 'selection' || tab?.hasSelection) : [];
  const jiraDraftOn = runs.some((run) => run.feature === 'jira-draft');

  if (configured === false) {
    return (
      <main className="popup" data-testid="not-connected">
        <h1>{t('notConnectedTitle')}</h1>
        <p>{t('notConnectedBody')}</p>
        <button type="button" className="primary" autoFocus onClick={() => void browser.runtime.openOptionsPage()}>
          {t('openSettings')}
        </button>
      </main>
    );
  }

  const alert = currentAlert(budget ?? null, Date.now(), settings?.values.budgetWarnPercents ?? [], dismissed ?? []);
  const blocked = isBlocked(alert);
  const context = { adminContact: settings?.values.adminContact, resets: budgetResets(budget ?? null) };
  const adminContact = settings?.values.adminContact ?? '';
  const modelLocked = settings?.locked.includes('defaultModel') ?? false;
  const summaryLocked = settings?.locked.some((name) => name in SUMMARY_CHOICES) ?? false;
  const controls = (
    <>
      <ModelPicker models={models} unavailable={unavailableModels(budget ?? null, Date.now())} value={model} locked={modelLocked} onChange={(m) => saveSetting({ defaultModel: m })} />
      {settings && <SummaryOptions settings={settings} onChange={saveSetting} />}
      {(modelLocked || summaryLocked) && <Locked adminContact={adminContact} />}
    </>
  );
  return (
    <main className="popup">
      <header className="popup-header">
        <h1>
          <img src="/icon/32.png" alt="" />
          {t('extName')}
        </h1>
        <button type="button" className="icon-button" data-testid="open-usage" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/options.html#usage') })}>
          <Icon name="chart" />
          {t('usageSection')}
        </button>
        <button type="button" className="icon-button" data-testid="open-settings-header" aria-label={t('popupSettings')} title={t('popupSettings')} onClick={() => void browser.runtime.openOptionsPage()}>
          <Icon name="settings" />
        </button>
      </header>
      <BudgetMeter budget={budget ?? null} refreshing={refreshing} stale={statusProblem !== null} />
      {alert && budget && (
        <Suspense>
          <BudgetAlertBanner
            alert={alert}
            budget={budget}
            adminContact={adminContact}
            onDismiss={() => void loadLive().then((l) => l.dismissedAlertsItem.setValue([...(dismissed ?? []), alert.id]))}
            onCheckAgain={() => void loadLive().then((l) => l.send('ui.recheckBudget', {}))}
          />
        </Suspense>
      )}
      {statusProblem && !blocked && (
        <Suspense>
          <ProblemNotice problem={statusProblem} context={context} />
        </Suspense>
      )}
      {/* Once there is a result, the settings fold away so the answer and its buttons fit in the popup. */}
      {job ? (
        <details className="controls" data-testid="controls">
          <summary>{t('popupControls')}</summary>
          <div className="controls-body">{controls}</div>
        </details>
      ) : (
        controls
      )}
      <RunButtons runs={runs} disabled={jobRunning || blocked || !model || !tabId} onRun={(run) => (run.opensSidePanel ? askInSidePanel() : start({ feature: run.feature, action: run.action ?? undefined }))} />
      {tab?.readability === 'restricted' && !job && (
        <Suspense>
          <ProblemNotice problem={{ kind: 'restricted_page', status: null, message: '', retryAfterS: null, scope: null }} />
        </Suspense>
      )}
      {job && tabId && live && (
        <Suspense>
          <PopupJob
            job={job}
            tabId={tabId}
            live={live}
            settings={settings?.values}
            context={context}
            budgetLeft={budget ? remainingBudget(budget) : null}
            turnIntoTicket={jiraDraftOn ? () => start({ feature: 'jira-draft', fromAnswer: true }) : undefined}
          />
        </Suspense>
      )}
    </main>
  );
}
