import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';
import { initShareSync } from './share/sync';
import { initTheme } from './lib/theme';
import { scheduleTranspile } from './actions';

// Before the first render: a link's state must be in the store when the editors are created.
initTheme();
initShareSync(() => scheduleTranspile(0));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
