export function adminRoutes() {}
