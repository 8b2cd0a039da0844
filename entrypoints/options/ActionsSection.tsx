/**
 * Actions in the settings page: the organization's (read-only, with why any is skipped), and the
 * person's own, which they add, edit and delete here when policy allows.
 */
import { useState } from 'react';
import { type Action, type ActionProblem, ActionSpec } from '@/lib/features/action/action';
import { actionTitle } from '@/lib/features/runnables';
import { personalActionsItem } from '@/lib/storage/items';
import { t, uiLanguage, type MessageKey } from '@/lib/i18n';
import type { ResolvedSettings } from '@/lib/settings/resolve';
import { useActions } from '@/lib/ui/use-actions';
import { Locked } from '@/components/Locked';

const INPUTS: Record<Action['input'], MessageKey> = { page: 'actionInputPage', selection: 'actionInputSelection', either: 'actionInputEither' };
const OUTPUTS: Record<Action['output'], MessageKey> = { markdown: 'actionOutputMarkdown', ticket: 'actionOutputTicket' };
const REASONS: Record<ActionProblem['reason'], MessageKey> = { invalid: 'actionProblemInvalid', duplicate: 'actionProblemDuplicate', model: 'actionProblemModel' };

function ProblemList({ problems }: { problems: ActionProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="problems" role="alert" data-testid="action-problems">
      {problems.map((p) => (
        <li key={`${p.origin}-${p.action}-${p.field}`} data-testid="action-problem" data-action={p.action} data-field={p.field}>
          {t('actionsProblem', p.action, p.field, t(REASONS[p.reason]))}
          {p.reason === 'invalid' && <span className="muted"> ({p.message})</span>}
        </li>
      ))}
    </ul>
  );
}

function ActionRow({ action, onEdit, onDelete }: { action: Action; onEdit?(): void; onDelete?(): void }) {
  return (
    <li className="action-row" data-testid="action-row" data-action={action.id} data-origin={action.origin}>
      <strong>{actionTitle(action, uiLanguage())}</strong> <code>{action.origin === 'personal' ? 'action:personal' : `action:${action.id}`}</code>
      <span className="muted">
        {' '}
        · {t(INPUTS[action.input])} → {t(OUTPUTS[action.output])}
        {action.model ? ` · ${action.model}` : ''}
      </span>
      {onEdit && (
        <button type="button" data-testid="action-edit" onClick={onEdit}>
          {t('actionEdit')}
        </button>
      )}
      {onDelete && (
        <button type="button" data-testid="action-delete" onClick={onDelete}>
          {t('actionDelete')}
        </button>
      )}
    </li>
  );
}

type Draft = { id: string; titleJa: string; titleEn: string; instructions: string; input: Action['input']; output: Action['output']; model: string };
const EMPTY: Draft = { id: '', titleJa: '', titleEn: '', instructions: '', input: 'either', output: 'markdown', model: '' };

function specOf(draft: Draft): unknown {
  return {
    id: draft.id.trim(),
    title: { ja: draft.titleJa.trim() || undefined, en: draft.titleEn.trim() || undefined },
    instructions: draft.instructions,
    input: draft.input,
    output: draft.output,
    ...(draft.model ? { model: draft.model } : {}),
  };
}

function ActionForm({ initial, models, onSave, onCancel }: { initial: Draft; models: string[]; onSave(spec: ActionSpec): void; onCancel(): void }) {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const save = () => {
    const parsed = ActionSpec.safeParse(specOf(draft));
    if (parsed.success) return onSave(parsed.data);
    setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0] ?? ''), issue.message])));
  };
  const error = (field: string) =>
    errors[field] ? (
      <span className="field-error" role="alert" data-testid={`action-error-${field}`}>
        {t('actionInvalid', errors[field])}
      </span>
    ) : null;
  return (
    <form
      className="action-form"
      data-testid="action-form"
      onSubmit={(event) => {
        event.preventDefault();
        save();
      }}
    >
      <label>
        {t('actionFieldId')}
        <input data-testid="action-id" value={draft.id} onChange={(e) => set({ id: e.target.value })} />
        {error('id')}
      </label>
      <label>
        {t('actionFieldTitleJa')}
        <input data-testid="action-title-ja" value={draft.titleJa} onChange={(e) => set({ titleJa: e.target.value })} />
      </label>
      <label>
        {t('actionFieldTitleEn')}
        <input data-testid="action-title-en" value={draft.titleEn} onChange={(e) => set({ titleEn: e.target.value })} />
        {error('title')}
      </label>
      <label>
        {t('actionFieldInstructions')}
        <textarea data-testid="action-instructions" rows={5} value={draft.instructions} onChange={(e) => set({ instructions: e.target.value })} />
        <span className="hint">{t('actionFieldInstructionsHint')}</span>
        {error('instructions')}
      </label>
      <label>
        {t('actionFieldInput')}
        <select data-testid="action-input" value={draft.input} onChange={(e) => set({ input: e.target.value as Draft['input'] })}>
          {(Object.keys(INPUTS) as Action['input'][]).map((input) => (
            <option key={input} value={input}>
              {t(INPUTS[input])}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('actionFieldOutput')}
        <select data-testid="action-output" value={draft.output} onChange={(e) => set({ output: e.target.value as Draft['output'] })}>
          {(Object.keys(OUTPUTS) as Action['output'][]).map((output) => (
            <option key={output} value={output}>
              {t(OUTPUTS[output])}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('actionFieldModel')}
        <select data-testid="action-model" value={draft.model} onChange={(e) => set({ model: e.target.value })}>
          <option value="">{t('actionModelDefault')}</option>
          {models.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </select>
      </label>
      <div className="row">
        <button type="submit" className="primary" data-testid="action-save">
          {t('actionSave')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

const draftOf = (a: Action): Draft => ({ id: a.id, titleJa: a.title.ja ?? '', titleEn: a.title.en ?? '', instructions: a.instructions, input: a.input, output: a.output, model: a.model ?? '' });

export function ActionsSection({ settings, models }: { settings: ResolvedSettings; models: string[] }) {
  const available = useActions();
  const [editing, setEditing] = useState<{ index: number | null; draft: Draft } | null>(null);
  if (!available) return null;
  const policy = available.actions.filter((a) => a.origin === 'policy');
  const personal = available.actions.filter((a) => a.origin === 'personal');
  const allowed = settings.values.allowPersonalActions;

  /** Personal actions are stored as the person wrote them; the list is replaced whole, by id. */
  const savePersonal = async (spec: ActionSpec, replacing: string | null) => {
    const stored = (await personalActionsItem.getValue()).filter((raw) => (raw as { id?: unknown })?.id !== (replacing ?? spec.id));
    await personalActionsItem.setValue([...stored, spec]);
    setEditing(null);
  };
  const deletePersonal = async (id: string) => {
    await personalActionsItem.setValue((await personalActionsItem.getValue()).filter((raw) => (raw as { id?: unknown })?.id !== id));
  };

  return (
    <section data-testid="actions-section" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('actionsTitle')}</h2>
      <p className="hint">{t('optionsActionsIntro')}</p>
      <ProblemList problems={available.problems} />
      {policy.length > 0 && (
        <>
          <h3>
            {t('actionsFromPolicy')} <Locked />
          </h3>
          <ul className="action-list" data-testid="policy-actions">
            {policy.map((action) => (
              <ActionRow key={action.id} action={action} />
            ))}
          </ul>
        </>
      )}
      <h3>{t('personalActionsTitle')}</h3>
      {!allowed ? (
        <p className="muted" data-testid="personal-actions-disabled">
          {t('personalActionsDisabled')}
        </p>
      ) : (
        <>
          {personal.length === 0 && !editing && <p className="muted">{t('actionsEmpty')}</p>}
          <ul className="action-list" data-testid="personal-actions">
            {personal.map((action, index) => (
              <ActionRow key={action.id} action={action} onEdit={() => setEditing({ index, draft: draftOf(action) })} onDelete={() => void deletePersonal(action.id)} />
            ))}
          </ul>
          {editing ? (
            <ActionForm
              initial={editing.draft}
              models={models}
              onSave={(spec) => void savePersonal(spec, editing.index === null ? null : (personal[editing.index]?.id ?? null))}
              onCancel={() => setEditing(null)}
            />
          ) : (
            <button type="button" data-testid="action-add" onClick={() => setEditing({ index: null, draft: EMPTY })}>
              {t('actionAdd')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
