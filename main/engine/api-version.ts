/** Whether the engine's API is at least `wanted` ("1.44"). */
export function apiAtLeast(apiVersion: string, wanted: string): boolean {
  const [major = 1, minor = 0] = apiVersion.split('.').map(Number);
  const [wMajor = 1, wMinor = 0] = wanted.split('.').map(Number);
  return major > wMajor || (major === wMajor && minor >= wMinor);
}
