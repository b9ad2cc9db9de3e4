/**
 * Where two texts first differ, with some context; undefined when they are equal. A failure then
 * names the place instead of printing two 10 KB lines.
 */
export function firstDifference(actual: string, expected: string): string | undefined {
  if (actual === expected) return undefined;
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  const from = Math.max(0, i - 60);
  return `at ${i}: …${actual.slice(from, i + 40)}… expected …${expected.slice(from, i + 40)}…`;
}
