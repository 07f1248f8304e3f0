/** The silence and adoption routes (SILENCE-*, ADOPT-*). */
import type { Adoption, ExtendSilenceRequest, SilenceProcedure, SilenceResponse, StartSilenceRequest } from '@consenso/protocol'
import { request } from '../api.ts'

const base = (id: string): string => `/api/documents/${encodeURIComponent(id)}`
const post = (body: unknown = {}) => ({ method: 'POST', body: JSON.stringify(body) })

export const getSilence = (id: string): Promise<SilenceResponse> => request<SilenceResponse>(`${base(id)}/silence`)
export const startSilence = (id: string, body: StartSilenceRequest): Promise<SilenceProcedure> => request(`${base(id)}/silence`, post(body))
export const breakSilence = (id: string, objection: string): Promise<SilenceProcedure> => request(`${base(id)}/silence/break`, post({ objection }))
export const extendSilence = (id: string, body: ExtendSilenceRequest): Promise<SilenceProcedure> => request(`${base(id)}/silence/extend`, post(body))
export const withdrawSilence = (id: string): Promise<SilenceProcedure> => request(`${base(id)}/silence/withdraw`, post())
export const adoptText = (id: string): Promise<Adoption> => request(`${base(id)}/adopt`, post())
export const adoptedPdfUrl = (id: string, adoption: Adoption, lang: string): string =>
  `${base(id)}/versions/${encodeURIComponent(adoption.versionId)}/export?format=pdf&view=clean&lang=${lang === 'en' ? 'en' : 'es'}`
