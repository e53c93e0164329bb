/** Runs `op` repeatedly for about `seconds` (after a short warm-up) and returns operations per second. */
export async function opsPerSecond(op: () => unknown | Promise<unknown>, seconds = 2): Promise<number> {
  const warmUntil = performance.now() + 200;
  while (performance.now() < warmUntil) await op();
  let count = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 64; i++) await op();
    count += 64;
    now = performance.now();
  }
  return count / ((now - start) / 1000);
}

export function report(name: string, value: number, unit: string): void {
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(value >= 100 ? 0 : 3);
  process.stdout.write(`bench: ${name} ${shown} ${unit}\n`);
}

export function progress(message: string): void {
  process.stderr.write(`… ${message}\n`);
}
