export { wellbeingRoutes } from './routes.js'
export { wellbeingPageRoutes } from './pages/routes.js'
export { createWellbeingService, type WellbeingService } from './service.js'
export {
  scoreSdq,
  sdqBand,
  isSdqItemKey,
  DEFAULT_SDQ_CUTOFFS,
  SDQ_INFORMANTS,
  SDQ_ITEM_COUNT,
  SDQ_SUBSCALES,
  SDQ_SUBSCALE_ITEMS,
  SDQ_REVERSED_ITEMS,
  SDQ_MIN_ITEMS_ANSWERED,
  SDQ_IMPACT_ITEMS,
  SDQ_IMPACT_ITEMS_BY_INFORMANT,
  SDQ_IMPACT_OPTION_SCORES,
  type SdqAnswer,
  type SdqAnswers,
  type SdqBand,
  type SdqBandCutoffs,
  type SdqCutoffs,
  type SdqImpactAnswer,
  type SdqImpactAnswers,
  type SdqImpactItem,
  type SdqInformant,
  type SdqInput,
  type SdqScores,
  type SdqSubscale,
} from './domain/sdq.js'
export { sdqScoreRequest, sdqScoreResponse } from './sdq-schema.js'
