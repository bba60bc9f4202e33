/**
 * An exclusive lock around a read-modify-write of a shared file (the kubeconfig two grades on one
 * sim home both edit), as minikube takes one around its kubeconfig writes. The lock is a
 * `FILE.lock` created with O_EXCL; one left by a process that died is taken over once it is older
 * than `staleMs`.
 */
import { open, rm, stat } from 'node:fs/promises';

export async function withFileLock<T>(
  file: string,
  fn: () => Promise<T>,
  opts: { timeoutMs?: number; staleMs?: number } = {},
): Promise<T> {
  const lock = `${file}.lock`;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const staleMs = opts.staleMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await (await open(lock, 'wx')).close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const age = await stat(lock).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age > staleMs) await rm(lock, { force: true });
    else if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${lock}`);
    else await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 20));
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { force: true });
  }
}
