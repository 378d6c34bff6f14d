/** SSDA903: the import of the DfE return and the statutory indicators (issue 5). */
export { importSsda903, MAX_STORED_VIOLATIONS, type ImportProgress, type ImportSsda903Options, type Ssda903ImportResult } from './import.js'
export { countSsda903Rows, listSsda903Imports, loadSsda903Data, type Ssda903ImportRecord } from './repository.js'
export { computeIndicators, type IndicatorOptions, type Ssda903Indicators } from './domain/indicators.js'
