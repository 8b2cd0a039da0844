/**
 * An organization's ticket conventions: which issue types it files, which description sections
 * each type gets, default labels, section headings and the Jira project. Settings (and later
 * policy) store a value of this schema; drafting, the converters and the create request read it.
 */
import { z } from 'zod';
import { Label } from './ticket';

export const SECTION_KEYS = ['background', 'stepsToReproduce', 'expected', 'actual', 'whatToDo', 'acceptanceCriteria'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

/** Which sections a type gets: a defect is told as steps and outcomes, everything else as work to do. */
export const Layout = z.enum(['bug', 'task']);
export type Layout = z.infer<typeof Layout>;

export const LAYOUT_SECTIONS: Record<Layout, readonly SectionKey[]> = {
  bug: ['background', 'stepsToReproduce', 'expected', 'actual'],
  task: ['background', 'whatToDo', 'acceptanceCriteria'],
};

export const HEADING_KEYS = [...SECTION_KEYS, 'source'] as const;
export type HeadingKey = (typeof HEADING_KEYS)[number];
export type Headings = Record<HeadingKey, string>;

const DEFAULT_HEADINGS: { en: Headings; ja: Headings } = {
  en: {
    background: 'Background',
    stepsToReproduce: 'Steps to reproduce',
    expected: 'Expected result',
    actual: 'Actual result',
    whatToDo: 'What to do',
    acceptanceCriteria: 'Acceptance criteria',
    source: 'Source',
  },
  ja: {
    background: '背景',
    stepsToReproduce: '再現手順',
    expected: '期待される結果',
    actual: '実際の結果',
    whatToDo: 'やること',
    acceptanceCriteria: '受け入れ条件',
    source: '出典',
  },
};

export const IssueTypeTemplate = z.object({ name: z.string().trim().min(1), layout: Layout });
export type IssueTypeTemplate = z.infer<typeof IssueTypeTemplate>;

// Jira project keys: an uppercase letter, then uppercase letters, digits or underscores. Empty means
// "not configured yet": drafting and copying work without a project, only creating needs one.
const ProjectKey = z.union([z.literal(''), z.string().regex(/^[A-Z][A-Z0-9_]{0,254}$/)]);

export const JiraTemplates = z.object({
  projectKey: ProjectKey.default(''),
  issueTypes: z
    .array(IssueTypeTemplate)
    .min(1)
    .default([
      { name: 'Bug', layout: 'bug' },
      { name: 'Task', layout: 'task' },
      { name: 'Story', layout: 'task' },
    ]),
  defaultLabels: z.array(Label).default([]),
  /** Replaces the built-in heading whatever the ticket's language (an organization's own wording). */
  headings: z.partialRecord(z.enum(HEADING_KEYS), z.string().trim().min(1)).default({}),
});
export type JiraTemplates = z.infer<typeof JiraTemplates>;

export const DEFAULT_TEMPLATES: JiraTemplates = JiraTemplates.parse({});

/** Types the organization did not describe (typed by hand, or renamed in Jira) get the task sections. */
export function layoutOf(issueType: string, templates: JiraTemplates): Layout {
  return templates.issueTypes.find((type) => type.name === issueType)?.layout ?? 'task';
}

export function sectionsFor(issueType: string, templates: JiraTemplates): readonly SectionKey[] {
  return LAYOUT_SECTIONS[layoutOf(issueType, templates)];
}

/** Japanese headings for Japanese tickets, English for every other language. */
export function headingsFor(language: string, templates: JiraTemplates): Headings {
  const builtIn = language.toLowerCase().startsWith('ja') ? DEFAULT_HEADINGS.ja : DEFAULT_HEADINGS.en;
  return { ...builtIn, ...templates.headings };
}
