import { useEffect, useRef, useState } from 'react';
import { useStore } from '../store';
import { shareUrl, LONG_LINK_CHARS } from '../share/sync';
import { copyText, type CopyResult } from '../share/clipboard';
import { describeShortcut } from '../lib/shortcuts';

/** Build the link for the current state, copy it, and open the popover that shows it. */
export async function share(): Promise<void> {
  const url = shareUrl();
  useStore.setState({ shareOpen: true });
  lastShare.url = url;
  lastShare.copied = url ? await copyText(url) : 'failed';
  lastShare.listeners.forEach((f) => f());
}

const lastShare: { url: string | null; copied: CopyResult | null; listeners: Set<() => void> } = { url: null, copied: null, listeners: new Set() };

const COPY_TEXT: Record<CopyResult, string> = {
  clipboard: 'Copied to the clipboard.',
  fallback: 'Copied to the clipboard.',
  failed: 'Could not copy automatically: select the link and copy it.',
};

export function ShareButton() {
  const open = useStore((s) => s.shareOpen);
  const set = useStore((s) => s.set);
  const [, redraw] = useState(0);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const f = () => redraw((n) => n + 1);
    lastShare.listeners.add(f);
    return () => void lastShare.listeners.delete(f);
  }, []);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !box.current?.contains(e.target as Node)) set({ shareOpen: false });
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', close);
    };
  }, [open, set]);

  const { url, copied } = lastShare;
  const long = url !== null && url.length > LONG_LINK_CHARS;
  return (
    <div className="share" ref={box}>
      <button data-testid="share" aria-label="Share a link to this session" aria-expanded={open} aria-haspopup="dialog" title={`Copy a link to this session (${describeShortcut('share')})`} onClick={() => (open ? set({ shareOpen: false }) : share())}>
        Share
      </button>
      {open && (
        <div className="share-popover" role="dialog" aria-label="Share link">
          {url === null ? (
            <p className="error-text">This code is too large to fit in a link. Download it instead (Converted tab).</p>
          ) : (
            <>
              <code data-testid="share-link" className="share-link" tabIndex={0} onFocus={(e) => getSelection()?.selectAllChildren(e.currentTarget)}>
                {url}
              </code>
              <p className="share-meta">
                <span data-testid="share-length">{url.length.toLocaleString('en')} characters</span>
                {' · '}
                <span role="status">{copied ? COPY_TEXT[copied] : 'Copying…'}</span>
              </p>
              {long && (
                <p className="notice" data-testid="share-warning">
                  Longer than {LONG_LINK_CHARS.toLocaleString('en')} characters: some chat apps and mail clients cut links this long.
                </p>
              )}
              <p className="share-meta">Whoever opens it sees this code, converted, and this view. Their browser does not run the code until they press Run.</p>
            </>
          )}
          <button onClick={() => set({ shareOpen: false })} aria-label="Close share dialog">
            Close
          </button>
        </div>
      )}
    </div>
  );
}

/** A link that could not be opened: say why, and that the user's own work is what they see. */
export function ShareErrorBanner() {
  const error = useStore((s) => s.shareError);
  const set = useStore((s) => s.set);
  if (!error) return null;
  return (
    <div className="banner error share-error" role="alert" data-testid="share-error">
      <span>
        <strong>This link could not be opened.</strong> {error} Your own last work is shown instead.
      </span>
      <button aria-label="Dismiss link error" onClick={() => set({ shareError: null })}>
        ✕
      </button>
    </div>
  );
}
