export { referralInformation } from './schema.js'
