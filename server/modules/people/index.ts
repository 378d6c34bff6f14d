export { peopleRoutes } from './routes.js'
export { createPeopleService, isUuid, type PeopleService } from './service.js'
export { childInput, childResource, type ChildInput, type ChildResource } from './domain/child.js'
export { SEX_CODES, ETHNICITY_CODES, SEND_CODES } from './domain/codes.js'
