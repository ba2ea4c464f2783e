// Keeps the URL hash and the store in step.
//
// * On start (and on `hashchange`) a `#v1/...` hash is decoded and applied. A link from someone
//   else sets `fromLink` (its code is converted, not run, until Run) and `holdAutosave` (the
//   user's own autosaved source stays in localStorage until they edit the link's code).
// * While the user works, the hash follows the state through `history.replaceState` on a
//   debounce: one URL update per pause, never a history entry per keystroke.
// * A reload of our own tab is recognised (sessionStorage remembers the last few hashes we
//   wrote: a reload may start from the one before the pagehide flush),
//   so it is not treated as a stranger's link, and the autosaved source (written at once) wins
//   over the hash (written after the debounce), so a quick reload loses no keystrokes.
import { useStore, SOURCE_KEY, type AppState } from '../store';
import { decodeHash, encodeState, LIMITS, type SharedState } from './codec';

export const HASH_DEBOUNCE_MS = 500;
/** Chat apps and some mail clients cut links around here. */
export const LONG_LINK_CHARS = 2000;
const OWN_HASH_KEY = 'tensorglot:v1:own-hashes';
const OWN_HASHES_KEPT = 4;

const SHARED_KEYS = ['source', 'from', 'to', 'tab', 'compare', 'entry', 'traceInputs'] as const;

export function sharedStateOf(s: AppState): SharedState {
  return { source: s.source, from: s.from, to: s.to, tab: s.tab, compare: s.compare, entry: s.entry, traceInputs: s.traceInputs };
}

let lastWritten = '';
let timer: ReturnType<typeof setTimeout> | null = null;
/** Source text a link put on screen; editing away from it ends the autosave hold. */
let linkSource: string | null = null;

/** A hash this tab wrote (as a digest: hashes can be 100s of kB), and whether link content was then held back from autosave. */
interface OwnHash {
  digest: string;
  held: boolean;
}

/** FNV-1a 32-bit plus length: enough to recognise our own recent hashes. */
function digestOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `${(h >>> 0).toString(36)}.${text.length}`;
}

const session = {
  all: (): OwnHash[] => {
    try {
      const v = JSON.parse(sessionStorage.getItem(OWN_HASH_KEY) || '[]');
      return Array.isArray(v) ? v : [];
    } catch {
      return [];
    }
  },
  find: (hash: string): OwnHash | null => session.all().find((o) => o.digest === digestOf(hash)) ?? null,
  add: (hash: string, held: boolean) => {
    const digest = digestOf(hash);
    try {
      const kept = session.all().filter((o) => o.digest !== digest);
      sessionStorage.setItem(OWN_HASH_KEY, JSON.stringify([{ digest, held }, ...kept].slice(0, OWN_HASHES_KEPT)));
    } catch {
      /* private mode: reloads then look like links, which is safe */
    }
  },
};

/** The hash for the current state, or null when it is too large to be a link. */
export function currentHash(): string | null {
  const hash = '#' + encodeState(sharedStateOf(useStore.getState()));
  return hash.length - 1 > LIMITS.hashChars ? null : hash;
}

/** Write the hash now (Share calls this so the copied link is exactly the current state). */
export function flushHash(): string | null {
  if (timer) clearTimeout(timer), (timer = null);
  const hash = currentHash();
  if (hash && hash !== location.hash) {
    history.replaceState(history.state, '', hash);
  }
  if (hash) {
    lastWritten = hash;
    session.add(hash, useStore.getState().holdAutosave);
  }
  return hash;
}

export function shareUrl(): string | null {
  const hash = flushHash();
  return hash ? location.origin + location.pathname + location.search + hash : null;
}

/** Decode a hash and put it on screen; a bad link leaves the current state alone and says why. */
export function applyHash(hash: string): boolean {
  const r = decodeHash(hash);
  if (!r.ok) {
    useStore.setState({ shareError: r.message });
    return false;
  }
  const mine = session.find(hash);
  const own = mine !== null;
  // Still someone else's code until the user edits it, even after a reload: nothing runs by itself.
  const patch: Partial<AppState> = { ...r.state, shareError: null, fromLink: !own || mine.held };
  // Our own reload: the autosave is newer than the debounced hash.
  if (own && !mine.held) delete patch.source;
  else if (r.state.source !== useStore.getState().source) {
    patch.holdAutosave = true;
    linkSource = r.state.source;
  }
  // Old results describe other code: drop them so nothing stale is shown next to the link's code.
  useStore.setState({ ...patch, transpiled: null, graphs: [], verify: null, traceError: null });
  lastWritten = hash;
  return true;
}

let installed = false;

/** Call once before the first render, so editors are created with the link's content. */
export function initShareSync(onApplied?: () => void) {
  if (installed) return;
  installed = true;
  if (location.hash.length > 1) applyHash(location.hash);
  // A fresh start gets its link too (a bad link stays in the address bar until the user acts).
  else timer = setTimeout(flushHash, HASH_DEBOUNCE_MS);
  // Leaving or reloading: the address bar gets the latest state (history and bfcache keep it).
  window.addEventListener('pagehide', () => timer && flushHash());

  window.addEventListener('hashchange', () => {
    if (location.hash === lastWritten || location.hash.length <= 1) return;
    if (applyHash(location.hash)) onApplied?.();
  });

  useStore.subscribe((s, prev) => {
    // First edit away from the link's code: that is the user's work now, autosave it.
    if (s.holdAutosave && linkSource !== null && s.source !== linkSource) {
      linkSource = null;
      useStore.setState({ holdAutosave: false });
      try {
        localStorage.setItem(SOURCE_KEY, s.source);
      } catch {
        /* storage full or disabled */
      }
    }
    if (SHARED_KEYS.some((k) => s[k] !== prev[k])) {
      if (timer) clearTimeout(timer);
      timer = setTimeout(flushHash, HASH_DEBOUNCE_MS);
    }
  });
}
