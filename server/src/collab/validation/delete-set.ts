/** Yjs's delete set, as `Y.decodeUpdate` returns it (its class is not among Yjs's exported types). */
export type DeleteSet = ReturnType<typeof import('yjs').decodeUpdate>['ds']
