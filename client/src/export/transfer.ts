/**
 * Downloads and uploads of whole files with progress and cancellation: exports are read as a
 * stream so the bar moves; imports go through XMLHttpRequest because fetch cannot report
 * upload progress. Failures carry the server's error code so the UI can say what went wrong
 * in the person's language.
 */
import type { ApiError } from '@consenso/protocol'

export interface Progress {
  /** Bytes moved so far. */
  loaded: number
  /** Total bytes, when known. */
  total: number | null
}

export class TransferError extends Error {
  constructor(
    /** 0 when the server could not be reached. */
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message)
    this.name = 'TransferError'
  }
}

function isApiError(value: unknown): value is ApiError {
  return typeof value === 'object' && value !== null && typeof (value as ApiError).error === 'string' && typeof (value as ApiError).message === 'string'
}

/** The file name the server chose (RFC 6266 `filename*` first, then `filename`). */
export function fileNameFrom(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback
  const extended = /filename\*=UTF-8''([^;]+)/iu.exec(disposition)
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!)
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]+)"/iu.exec(disposition)?.[1] ?? fallback
}

export async function download(url: string, options: { signal: AbortSignal; onProgress: (progress: Progress) => void }): Promise<{ blob: Blob; name: string }> {
  let response: Response
  try {
    response = await fetch(url, { credentials: 'same-origin', signal: options.signal })
  } catch (error) {
    if (options.signal.aborted) throw error
    throw new TransferError(0, null, 'network')
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null)
    throw new TransferError(response.status, isApiError(body) ? body.error : null, isApiError(body) ? body.message : response.statusText)
  }
  const total = Number(response.headers.get('content-length')) || null
  const chunks: Uint8Array[] = []
  let loaded = 0
  options.onProgress({ loaded, total })
  const reader = response.body?.getReader()
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      loaded += value.byteLength
      options.onProgress({ loaded, total })
    }
  } else {
    chunks.push(new Uint8Array(await response.arrayBuffer()))
  }
  const type = response.headers.get('content-type') ?? 'application/octet-stream'
  return { blob: new Blob(chunks as BlobPart[], { type }), name: fileNameFrom(response.headers.get('content-disposition'), 'consenso-export') }
}

/** Hands a file to the browser as a download. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  // The download has started from the link; the object URL can go once the browser has it.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

export function upload<T>(url: string, file: File, contentType: string, options: { signal: AbortSignal; onProgress: (progress: Progress) => void }): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', url)
    xhr.setRequestHeader('content-type', contentType)
    xhr.setRequestHeader('accept', 'application/json')
    xhr.responseType = 'json'
    xhr.upload.onprogress = (event) => options.onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size })
    xhr.onload = () => {
      const body: unknown = xhr.response
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T)
      else reject(new TransferError(xhr.status, isApiError(body) ? body.error : null, isApiError(body) ? body.message : xhr.statusText))
    }
    xhr.onerror = () => reject(new TransferError(0, null, 'network'))
    xhr.onabort = () => reject(new DOMException('cancelled', 'AbortError'))
    options.signal.addEventListener('abort', () => xhr.abort(), { once: true })
    xhr.send(file)
  })
}

export function percent(progress: Progress | null): number | null {
  if (!progress?.total) return null
  return Math.min(100, Math.round((progress.loaded / progress.total) * 100))
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError'
}
