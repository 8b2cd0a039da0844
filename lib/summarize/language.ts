/** Which language a summary is written in: the person's choice, or the page's own language. */
import type { SummaryLanguage } from '../settings/schema';

export type OutputLanguage = 'ja' | 'en' | string;

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/g;

/** The page's language from its text when `<html lang>` is missing or generic. */
export function detectLanguage(text: string, declared: string): OutputLanguage {
  const sample = text.slice(0, 4000);
  const letters = sample.match(/[\p{L}]/gu)?.length ?? 0;
  const japanese = sample.match(JAPANESE)?.length ?? 0;
  const hasKana = /[\u3040-\u30ff]/.test(sample);
  if (letters > 0 && japanese / letters > 0.3 && hasKana) return 'ja';
  const tag = declared.toLowerCase().split('-')[0] ?? '';
  if (tag && tag !== 'ja') return tag;
  return 'en';
}

export function summaryLanguage(choice: SummaryLanguage, text: string, declared: string): OutputLanguage {
  return choice === 'match' ? detectLanguage(text, declared) : choice;
}

const NAMES: Record<string, string> = { ja: 'Japanese (日本語)', en: 'English', de: 'German', fr: 'French', zh: 'Chinese', ko: 'Korean', es: 'Spanish' };

export function languageName(code: OutputLanguage): string {
  return NAMES[code] ?? code;
}
