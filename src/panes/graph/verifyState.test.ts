import { describe, expect, it } from 'vitest';
import { useStore } from '../../store';
import { verifyIsStale } from './verifyState';
import type { VerifyResult } from '../../../workers/protocol';

const report = (extra: Record<string, unknown> = {}): VerifyResult => ({ verdict: 'PASS', outputs: [], layers: [], first_divergence: null, error: null, ms: 1, ...extra });

describe('verify colouring goes stale when the code changes', () => {
  it('a report that landed for the current code is fresh; an edit or another target makes it stale', () => {
    useStore.setState({ source: 'a = 1\n', to: 'tensorflow', verify: null });
    expect(verifyIsStale(useStore.getState())).toBe(false);
    useStore.setState({ verify: report() });
    expect(verifyIsStale(useStore.getState())).toBe(false);
    useStore.setState({ source: 'a = 2\n' });
    expect(verifyIsStale(useStore.getState())).toBe(true);
    useStore.setState({ source: 'a = 1\n' });
    expect(verifyIsStale(useStore.getState())).toBe(false);
    useStore.setState({ to: 'jax' });
    expect(verifyIsStale(useStore.getState())).toBe(true);
  });

  it('the Verify panel’s stamp wins over the moment the report landed', () => {
    useStore.setState({ source: 'edited meanwhile', to: 'tensorflow', verify: null });
    useStore.setState({ verify: report({ for_source: 'verified text', for_to: 'tensorflow' }) });
    expect(verifyIsStale(useStore.getState())).toBe(true);
    useStore.setState({ source: 'verified text' });
    expect(verifyIsStale(useStore.getState())).toBe(false);
  });

  it('cleared source: stale; no report: never stale', () => {
    useStore.setState({ source: 'x', verify: report() });
    useStore.setState({ source: '' });
    expect(verifyIsStale(useStore.getState())).toBe(true);
    useStore.setState({ verify: null });
    expect(verifyIsStale(useStore.getState())).toBe(false);
  });
});
