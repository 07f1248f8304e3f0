/** The focal-point directory's HTTP calls (FOCAL-10..21). */
import type { FocalPoint, FocalPointInput, FocalPointsResponse } from '@consenso/protocol'
import { request } from '../api.ts'

export const getFocalPoints = (signal?: AbortSignal): Promise<FocalPointsResponse> => request<FocalPointsResponse>('/api/focal-points', { signal })
export const createFocalPoint = (input: FocalPointInput): Promise<FocalPoint> => request('/api/focal-points', { method: 'POST', body: JSON.stringify(input) })
export const updateFocalPoint = (id: string, input: FocalPointInput): Promise<FocalPoint> =>
  request(`/api/focal-points/${encodeURIComponent(id)}`, { method: 'PUT', body: JSON.stringify(input) })
export const deleteFocalPoint = (id: string): Promise<void> => request(`/api/focal-points/${encodeURIComponent(id)}`, { method: 'DELETE' })

/** A plain link: the browser downloads it with the session cookie; the filters shown go with it. */
export function exportUrl(format: 'vcf' | 'xlsx', lang: 'es' | 'en', filters: { delegation: string; process: string }): string {
  const query = new URLSearchParams({ format, lang })
  if (filters.delegation) query.set('delegation', filters.delegation)
  if (filters.process) query.set('process', filters.process)
  return `/api/focal-points/export?${query.toString()}`
}
