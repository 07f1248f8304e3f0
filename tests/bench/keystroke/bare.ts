/**
 * The keystroke bench's yardstick: a bare Tiptap editor — StarterKit and Collaboration,
 * nothing else — on the same Yjs and the same websocket (Consenso's /collab/:id, y-websocket
 * protocol) as Consenso's editor. The draft id comes in the page's hash.
 */
import { Editor } from '@tiptap/core'
import Collaboration from '@tiptap/extension-collaboration'
import StarterKit from '@tiptap/starter-kit'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

const documentId = location.hash.slice(1)
const ydoc = new Y.Doc()
const provider = new WebsocketProvider(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`, documentId, ydoc, {
  params: Object.fromEntries(new URLSearchParams(location.search)),
})
provider.on('sync', (synced: boolean) => {
  if (!synced || document.querySelector('.ProseMirror')) return
  const editor = new Editor({
    element: document.querySelector<HTMLElement>('#editor')!,
    extensions: [StarterKit.configure({ undoRedo: false }), Collaboration.configure({ document: ydoc, field: 'default' })],
  })
  ;(window as unknown as { benchEditor: Editor }).benchEditor = editor
})
