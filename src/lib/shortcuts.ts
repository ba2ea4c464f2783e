// Keyboard shortcuts: one table drives the key handler and the help dialog.
// Chosen not to collide with the browser (Ctrl+Shift+T reopens a tab, Ctrl+T opens one) nor with
// Monaco's own bindings; letters are matched by physical key (e.code), so macOS Option
// combinations that type symbols still work.
import { useStore } from '../store';
import { run, stop, setFrameworks } from '../actions';
import { FRAMEWORKS } from '../../workers/protocol';
import { share } from '../panes/ShareButton';
import { toggleTheme } from './theme';

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

type Mods = { mod?: boolean; alt?: boolean; shift?: boolean };
export interface Shortcut {
  id: string;
  label: string;
  /** e.code (KeyS, Enter, Escape, F1) or, for printable symbols, e.key ('?'). */
  code?: string;
  key?: string;
  mods?: Mods;
  /** Only when focus is not in a text field or editor (so typing "?" still types). */
  outsideText?: boolean;
  action?: () => void;
}

const focusExamples = () => document.querySelector<HTMLSelectElement>('[data-testid="examples"]')?.focus();

function nextTarget() {
  const { from, to } = useStore.getState();
  const targets = FRAMEWORKS.filter((f) => f !== from);
  setFrameworks(from, targets[(targets.indexOf(to) + 1) % targets.length]);
}

export const SHORTCUTS: Shortcut[] = [
  { id: 'run', label: 'Run the code', code: 'Enter', mods: { mod: true }, action: () => void run() },
  { id: 'stop', label: 'Stop running code', code: 'Escape', action: () => useStore.getState().running && stop() },
  { id: 'share', label: 'Share: copy a link to this session', code: 'KeyS', mods: { alt: true, shift: true }, action: () => void share() },
  { id: 'next-target', label: 'Next target framework', code: 'KeyT', mods: { alt: true, shift: true }, action: nextTarget },
  { id: 'examples', label: 'Focus the examples list (type to search)', code: 'KeyE', mods: { alt: true, shift: true }, action: focusExamples },
  { id: 'diff', label: 'Toggle the diff view', code: 'KeyD', mods: { alt: true, shift: true }, action: () => useStore.setState((s) => ({ diffView: !s.diffView, tab: 'converted' })) },
  { id: 'theme', label: 'Toggle light/dark theme', code: 'KeyL', mods: { alt: true, shift: true }, action: toggleTheme },
  { id: 'help-key', label: 'Show this help (outside the editors)', key: '?', outsideText: true, action: () => useStore.setState({ helpOpen: true }) },
  { id: 'help', label: 'Show this help (outside the editors)', code: 'F1', outsideText: true, action: () => useStore.setState({ helpOpen: true }) },
  // Monaco's own, listed so users find them.
  { id: 'find', label: 'Find in the focused editor; in the Graph tab, search its nodes', code: 'KeyF', mods: { mod: true } },
  { id: 'palette', label: 'Editor command palette (in an editor)', code: 'F1' },
];

const KEY_NAMES: Record<string, string> = { Enter: 'Enter', Escape: 'Esc' };

export function describeShortcut(id: string): string {
  const s = SHORTCUTS.find((x) => x.id === id);
  if (!s) return '';
  const parts: string[] = [];
  if (s.mods?.mod) parts.push(isMac ? '⌘' : 'Ctrl');
  if (s.mods?.alt) parts.push(isMac ? '⌥' : 'Alt');
  if (s.mods?.shift) parts.push(isMac ? '⇧' : 'Shift');
  parts.push(s.key ?? KEY_NAMES[s.code!] ?? s.code!.replace(/^Key/, ''));
  return parts.join(isMac ? '' : '+');
}

const inText = (t: EventTarget | null) => t instanceof Element && !!t.closest('input, textarea, select, [contenteditable="true"], .monaco-editor');

export function matches(s: Shortcut, e: KeyboardEvent): boolean {
  const m = s.mods ?? {};
  if (!!m.mod !== (e.ctrlKey || e.metaKey) || !!m.alt !== e.altKey) return false;
  if (s.outsideText && inText(e.target)) return false;
  if (s.key) return e.key === s.key;
  return !!m.shift === e.shiftKey && e.code === s.code;
}

/** Listen in the capture phase, before Monaco sees the key. Returns the uninstaller. */
export function installShortcuts(): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.isComposing) return;
    const s = SHORTCUTS.find((x) => x.action && matches(x, e));
    if (!s) return;
    // Escape is only ours while code runs; otherwise it closes Monaco widgets and dialogs.
    if (s.id === 'stop' && !useStore.getState().running) return;
    e.preventDefault();
    e.stopPropagation();
    s.action!();
  };
  window.addEventListener('keydown', onKey, true);
  return () => window.removeEventListener('keydown', onKey, true);
}
