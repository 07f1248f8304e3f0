import '@fontsource-variable/inter/wght.css'
import '@fontsource-variable/source-serif-4/wght.css'
import '@fontsource-variable/source-serif-4/wght-italic.css'
import './styles.css'
import { initI18n } from './i18n/index.ts'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.tsx'

const root = document.getElementById('root')
if (!root) throw new Error('index.html lacks the #root element')

// The first render is already translated: the page's language arrives before it.
await initI18n()
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
