import type { ClaimStatus, Stage } from '../api/types';

export const STAGE_LABELS: Readonly<Record<Stage, string>> = {
  DRAFT: 'Draft',
  FACT_CHECK: 'Fact-check',
  SUMMARIZE: 'Summarize',
  REVIEW: 'Review',
  APPROVED: 'Approved',
  SCHEDULED: 'Scheduled',
  PUBLISHED: 'Published',
  RETRACTED: 'Retracted',
  DISCARDED: 'Discarded',
};

export const STATUS_LABELS: Readonly<Record<ClaimStatus, string>> = {
  PENDING: 'Pending',
  VERIFIED: 'Verified',
  ATTRIBUTED: 'Attributed',
  NEEDS_SOURCE: 'Needs source',
  DISPUTED: 'Disputed',
  DISMISSED: 'Dismissed',
};

const ROLE_LABELS: Readonly<Record<string, string>> = {
  writer: 'Writer',
  editor: 'Editor',
  fact_checker: 'Fact-checker',
  publisher: 'Publisher',
  admin: 'Admin',
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role] ?? role;
}

/** "3 min", "2 h 5 min", "4 d 2 h". */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function dateTime(iso: string | null | undefined): string {
  return iso ? DATE_TIME.format(new Date(iso)) : '—';
}

export function since(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  return duration((now - new Date(iso).getTime()) / 1000);
}

/** An event type as a sentence fragment: "ClaimVerdictRecorded" → "Claim verdict recorded". */
export function eventLabel(type: string): string {
  const words = type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A normalised value: 3e8 users → "300,000,000 users". */
export function normalised(value: number | null, unit: string | null): string {
  if (value === null) return '—';
  const number = Math.abs(value) >= 1e15 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential() : value.toLocaleString('en');
  return unit ? `${number} ${unit}` : number;
}
