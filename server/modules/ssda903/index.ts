/** SSDA903: the import of the DfE return and the statutory indicators (issue 5). */
export { importSsda903, MAX_STORED_VIOLATIONS, type ImportProgress, type ImportSsda903Options, type Ssda903ImportResult } from './import.js'
export { countSsda903Rows, listSsda903Imports, loadSsda903Data, type Ssda903ImportRecord } from './repository.js'
export { computeIndicators, type IndicatorOptions, type Ssda903Indicators } from './domain/indicators.js'
export { ssda903ImportJob, SSDA903_IMPORT_JOB, createUpload, runUpload, queueUpload, type JobSender, type UploadedFile } from './uploads.js'
export { resolveFollowUpsFromSsda903, placementTypeForPlace } from './follow-ups.js'
export { loadPopulation, parsePopulationCsv, replacePopulation } from './population.js'
export { ssda903PageRoutes } from './pages/routes.js'
