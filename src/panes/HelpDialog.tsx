import { useEffect, useRef } from 'react';
import { useStore } from '../store';
import { SHORTCUTS, describeShortcut } from '../lib/shortcuts';

/** Keyboard shortcuts and a few words on links; opened with the ? button, `?` or F1. */
export function HelpDialog() {
  const open = useStore((s) => s.helpOpen);
  const set = useStore((s) => s.set);
  const dialog = useRef<HTMLDialogElement>(null);

  // The store follows the dialog at once (Escape's cancel event, the Close button): its close event
  // comes a task later, and a "?" pressed before it must reopen, not be taken for "already open".
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  return (
    <dialog ref={dialog} className="help-dialog" data-testid="help-dialog" aria-labelledby="help-title" onCancel={() => set({ helpOpen: false })} onClose={() => !dialog.current?.open && set({ helpOpen: false })} onClick={(e) => e.target === dialog.current && set({ helpOpen: false })}>
      <h2 id="help-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.filter((s) => s.id !== 'help-key').map((s) => (
            <tr key={s.id}>
              <td>
                <kbd>{describeShortcut(s.id)}</kbd>
                {s.id === 'help' && (
                  <>
                    {' '}or <kbd>?</kbd>
                  </>
                )}
              </td>
              <td>{s.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Links and your work</h2>
      <ul>
        <li>The address bar always holds a link to what you see: code, frameworks, view and trace inputs.</li>
        <li>Code opened from a link is converted (which is static and safe) but never runs until you press Run.</li>
        <li>Your own code is autosaved in this browser; opening a link does not replace it until you edit the link's code.</li>
        <li>Hover or move the cursor over a line to see the lines it became, in the same colour, on the other side.</li>
      </ul>
      <form method="dialog">
        <button autoFocus aria-label="Close help" onClick={() => set({ helpOpen: false })}>
          Close
        </button>
      </form>
    </dialog>
  );
}
