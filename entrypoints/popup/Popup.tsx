import { useCallback, useEffect, useState } from 'react';
import { BudgetMeter } from '@/components/BudgetMeter';
import { Icon } from '@/components/Icon';
import { Locked } from '@/components/Locked';
import { JobView } from '@/components/JobView';
import { ModelPicker } from '@/components/ModelPicker';
import { ProblemNotice } from '@/components/ProblemNotice';
import { readBudget, readCatalog } from '@/lib/budget/store';
import { remainingBudget, unavailableModels } from '@/lib/budget/state';
import { currentAlert, isBlocked } from '@/lib/budget/alerts';
import { BudgetAlertBanner } from '@/components/BudgetAlertBanner';
import { SUMMARY_CHOICES, SummaryOptions } from '@/components/SummaryOptions';
import type { Problem } from '@/lib/errors/problem';
import { budgetResets } from '@/lib/errors/sentences';
import { t } from '@/lib/i18n';
import { isRunning } from '@/lib/jobs/job';
import { type Input, send, type TabInfo } from '@/lib/messaging';
import { runnables } from '@/lib/features/runnables';
import { openSidePanel } from '@/lib/features/ask/open';
import { useActions } from '@/lib/ui/use-actions';
import { RunButtons } from './RunButtons';
import { pickableModels } from '@/lib/settings/resolve';
import { DEFAULT_SETTINGS } from '@/lib/settings/schema';
import { templatesFrom } from '@/lib/jira/settings-templates';
import { jiraConfigured } from '@/lib/jira/configured';
import { getSettings, saveUserSettings, watchSettings } from '@/lib/settings/store';
import { budgetItem, catalogItem, dismissedAlertsItem } from '@/lib/storage/items';
import { targetTabId } from '@/lib/ui/target-tab';
import { useStored } from '@/lib/ui/use-storage';
import { useJob } from '@/lib/ui/use-job';
import type { FirstPaint } from '@/lib/ui/first-paint';
import { watchWorker } from '@/lib/ui/watch-worker';

export function Popup({ first }: { first: FirstPaint }) {
  const [tabId, setTabId] = useState<number | null>();
  const [tab, setTab] = useState<TabInfo>();
  const [configured, setConfigured] = useState<boolean>();
  const [refreshing, setRefreshing] = useState(true);
  const [statusProblem, setStatusProblem] = useState<Problem | null>(null);
  // Painted from one storage read made before the first render (ui/first-paint.ts), then watched.
  const settings = useStored(getSettings, watchSettings, [], first.settings);
  const budget = useStored(readBudget, (cb) => budgetItem.watch(cb), [], first.budget);
  const catalog = useStored(readCatalog, (cb) => catalogItem.watch(cb), [], first.catalog);
  const dismissed = useStored(() => dismissedAlertsItem.getValue(), (cb) => dismissedAlertsItem.watch(cb), [], first.dismissed);
  const job = useJob(tabId);

  useEffect(() => {
    void targetTabId().then((id) => {
      setTabId(id);
      if (id) void send('popup.inspectTab', { tabId: id }).then(setTab);
    });
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
  }, []);

  const jobRunning = isRunning(job);
  // The gateway's "budget exceeded" is fresher than our copy: fetch the figures it went by.
  const refusedForBudget = job?.problem?.kind === 'budget_exceeded';
  useEffect(() => {
    if (refusedForBudget) void send('ui.refreshStatus', {});
  }, [refusedForBudget, job?.id]);
  useEffect(() => (jobRunning ? watchWorker() : undefined), [jobRunning]);

  const models = settings && catalog ? pickableModels(catalog.models, settings.values) : [];
  const preferred = settings?.values.defaultModel ?? '';
  const model = models.includes(preferred) ? preferred : (models[0] ?? '');

  const actions = useActions(first.actions);
  const start = useCallback(
    (run: Omit<Input<'popup.startJob'>, 'tabId' | 'model'>) => {
      if (tabId && model) void send('popup.startJob', { tabId, model, ...run });
    },
    [tabId, model],
  );
  // Straight from the click: the side panel opens only within the person's gesture.
  const askInSidePanel = () => {
    if (!tabId) return;
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
      <ModelPicker models={models} unavailable={unavailableModels(budget ?? null, Date.now())} value={model} locked={modelLocked} onChange={(m) => void saveUserSettings({ defaultModel: m })} />
      {settings && <SummaryOptions settings={settings} />}
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
        <BudgetAlertBanner
          alert={alert}
          budget={budget}
          adminContact={adminContact}
          onDismiss={() => void dismissedAlertsItem.setValue([...(dismissed ?? []), alert.id])}
          onCheckAgain={() => void send('ui.recheckBudget', {})}
        />
      )}
      {statusProblem && !blocked && <ProblemNotice problem={statusProblem} context={context} />}
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
      {tab?.readability === 'restricted' && !job && <ProblemNotice problem={{ kind: 'restricted_page', status: null, message: '', retryAfterS: null, scope: null }} />}
      {job && tabId && (
        <JobView
          job={job}
          context={context}
          budgetLeft={budget ? remainingBudget(budget) : null}
          templates={templatesFrom(settings?.values ?? DEFAULT_SETTINGS)}
          jiraReady={!!settings && jiraConfigured(settings.values)}
          actions={{
            stop: () => void send('popup.stopJob', { tabId }),
            // A ticket drafted in Ask's side panel is drafted again from its conversation, never from the page.
            retry: () => void (job.surface === 'sidepanel' ? send('sidepanel.ticket', { tabId, model: job.model }) : send('popup.retryJob', { tabId })),
            confirm: (proceed) => void send('popup.confirmJob', { tabId, proceed }),
            saveDraft: (draft, touched) => void send('popup.saveDraft', { tabId, draft, touched }),
            regenerate: (keep) =>
              void (job.surface === 'sidepanel'
                ? send('sidepanel.ticket', { tabId, model: job.model, carry: keep })
                : send('popup.startJob', { tabId, feature: job.feature, action: job.action ?? undefined, model: job.model, carry: keep })),
            turnIntoTicket: jiraDraftOn ? () => start({ feature: 'jira-draft', fromAnswer: true }) : undefined,
            jira: { preview: (draft) => send('popup.previewJira', { draft }), create: (draft) => send('popup.createJira', { draft, jobId: job.id }) },
          }}
        />
      )}
    </main>
  );
}
