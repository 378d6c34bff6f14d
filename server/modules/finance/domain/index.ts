/** Finance domain: exact money, unit costs, service cost, cost avoidance and savings, the placement ledger. Pure functions, no I/O. */
export * from './money.js'
export * from './unit-costs.js'
export * from './service-cost.js'
export * from './cost-avoidance.js'
export * from './placement-ledger.js'
