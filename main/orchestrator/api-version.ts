/** Whether the engine's API is at least `wanted` ("1.44"). */
export function apiAtLeast(apiVersion: string, wanted: string): boolean {
  const [major = 1, minor = 0] = apiVersion.split('.').map(Number);
  const [wMajor = 1, wMinor = 0] = wanted.split('.').map(Number);
  return major > wMajor || (major === wMajor && minor >= wMinor);
}

/** Whether the engine honours a health check's start_interval (API 1.44, Docker 25); older ones probe at `interval` from the start. */
export function startIntervalApplies(apiVersion: string | undefined): boolean {
  return apiVersion !== undefined && apiAtLeast(apiVersion, '1.44');
}
