// The last Verify report as the graph panes see it: its verdict index and whether the code
// has changed since (then the colouring is shown dimmed, as stale).
import { useMemo } from 'react';
import { useStore, type AppState } from '../../store';
import { verdictIndex, type VerdictIndex } from './verdicts';

interface Stamp {
  for_source?: string;
  for_to?: string;
}

// The Verify panel stamps its results with the code they were for; a verify() started elsewhere
// (shortcut, test hook) does not, so note the code at the moment a report lands.
let landed: { report: unknown; source: string; to: string } | null = null;
useStore.subscribe((s, prev) => {
  if (s.verify !== prev.verify) landed = s.verify ? { report: s.verify, source: s.source, to: s.to } : null;
});

export function verifyIsStale(s: Pick<AppState, 'verify' | 'source' | 'to'>): boolean {
  const r = s.verify as (AppState['verify'] & Stamp) | null;
  if (!r) return false;
  const source = r.for_source ?? (landed?.report === r ? landed.source : undefined);
  const to = r.for_to ?? (landed?.report === r ? landed.to : undefined);
  return (source !== undefined && source !== s.source) || (to !== undefined && to !== s.to);
}

export function useVerdicts(): { index: VerdictIndex | null; stale: boolean } {
  const report = useStore((s) => s.verify);
  const stale = useStore(verifyIsStale);
  const index = useMemo(() => verdictIndex(report), [report]);
  return { index, stale };
}
