/**
 * The names minutes give delegations besides their code and official names (MINUTES-3..6):
 * short forms and demonyms of the built-in delegations, the plural "the secretariats", the
 * groups as secretariats write them, and the roles ("la Presidencia Pro Tempore") that only an
 * administrator's alias can resolve, because who holds them changes. An instance's own
 * delegations and aliases come from storage; these only add to them.
 */

/** More names of a built-in delegation, by code (demonyms match "la delegación chilena"). */
export const BUILT_IN_NAMES: Readonly<Record<string, readonly string[]>> = {
  BLZ: ['beliceño', 'beliceña', 'Belizean'],
  CAN: ['canadiense', 'Canadian'],
  CRI: ['costarricense', 'Costa Rican'],
  SLV: ['salvadoreño', 'salvadoreña', 'Salvadoran'],
  USA: ['EE.UU.', 'EEUU', 'EE. UU.', 'Estados Unidos de América', 'estadounidense', 'United States of America', 'US', 'U.S.', 'American delegation'],
  GTM: ['guatemalteco', 'guatemalteca', 'Guatemalan'],
  HND: ['hondureño', 'hondureña', 'Honduran'],
  MEX: ['Mexico', 'mexicano', 'mexicana', 'Mexican'],
  NIC: ['nicaragüense', 'Nicaraguan'],
  PAN: ['Panama', 'panameño', 'panameña', 'Panamanian'],
  DOM: ['Rep. Dominicana', 'dominicano', 'dominicana', 'Dominican'],
  ARG: ['argentino', 'argentina', 'Argentine', 'Argentinian'],
  BOL: ['boliviano', 'boliviana', 'Bolivian'],
  BRA: ['Brazil', 'brasileño', 'brasileña', 'Brazilian'],
  CHL: ['chileno', 'chilena', 'Chilean'],
  COL: ['colombiano', 'colombiana', 'Colombian'],
  ECU: ['ecuatoriano', 'ecuatoriana', 'Ecuadorian'],
  GUY: ['guyanés', 'guyanesa', 'Guyanese'],
  PRY: ['paraguayo', 'paraguaya', 'Paraguayan'],
  PER: ['Peru', 'peruano', 'peruana', 'Peruvian'],
  SUR: ['Suriname', 'surinamés', 'surinamesa', 'Surinamese'],
  URY: ['uruguayo', 'uruguaya', 'Uruguayan'],
  VEN: ['venezolano', 'venezolana', 'Venezuelan'],
  'ST-CRM': ['ST CRM', 'ST de la CRM', 'STCRM', 'Secretaría Técnica CRM', 'Secretaría de la CRM', 'CRM Secretariat', 'Technical Secretariat of the CRM', 'RCM Technical Secretariat'],
  'ST-CSM': ['ST CSM', 'ST de la CSM', 'STCSM', 'Secretaría Técnica CSM', 'Secretaría de la CSM', 'CSM Secretariat', 'Technical Secretariat of the CSM', 'SACM Technical Secretariat'],
  OIM: ['IOM', 'Organización Internacional para las Migraciones', 'International Organization for Migration'],
}

/** Codes written in capitals are matched only in capitals (so "us" and "pan" are words). */
export const CASE_SENSITIVE = /^[A-Z][A-Z0-9.\- ]*$/

/** Every secretariat of the instance, as a plural ("las STs", "ambas Secretarías Técnicas"). */
export const SECRETARIATS_NAMES: readonly string[] = [
  'STs', 'las ST', 'ambas ST', 'ambas Secretarías Técnicas', 'ambas Secretarías', 'las Secretarías Técnicas', 'Secretarías Técnicas', 'las Secretarías',
  'both Technical Secretariats', 'both Secretariats', 'the Technical Secretariats', 'the Secretariats', 'Technical Secretariats',
]

/** Names of the built-in party groups (by id) besides the names stored with them. */
export const GROUP_NAMES: Readonly<Record<string, readonly string[]>> = {
  crm: ['los países de la CRM', 'países de la CRM', 'países miembros de la CRM', 'Países Miembros de la CRM', 'Estados miembros de la CRM', 'miembros de la CRM', 'CRM countries', 'CRM member countries', 'CRM member states', 'members of the CRM', 'RCM member countries'],
  csm: ['los países de la CSM', 'países de la CSM', 'países miembros de la CSM', 'Estados miembros de la CSM', 'miembros de la CSM', 'CSM countries', 'CSM member countries', 'CSM member states', 'members of the CSM', 'SACM member countries'],
  'ad-hoc': ['Grupo Ad-Hoc', 'Grupo Ad Hoc', 'Grupo ad hoc CRM-CSM', 'ad hoc group', 'Ad-Hoc Group', 'ad hoc working group'],
}

/**
 * Roles a delegation holds for a while: read as a name nobody is resolved to until an
 * administrator adds the role as an alias of the delegation holding it.
 */
export const ROLE_NAMES: readonly string[] = [
  'Presidencia Pro Tempore', 'la PPT', 'PPT', 'Pro Tempore Presidency', 'Presidency Pro Tempore', 'la Presidencia', 'the Presidency', 'the Chair', 'la Vicepresidencia', 'the Vice-Presidency',
]
