/**
 * What the container runtime reports when `kubectl exec` names a program that is not there. There is
 * no shell between kubectl and the program, so runc's exec error is printed instead of `sh: X: not found`.
 */

/** runc (containerd and cri-dockerd alike): `exec: "X": executable file not found in $PATH`. */
export function notInPath(name: string): string {
  return `OCI runtime exec failed: exec failed: unable to start container process: exec: "${name}": executable file not found in $PATH: unknown\n`;
}

/** A path with a slash is stat'ed directly: `stat /calicoctl: no such file or directory`. */
export function noSuchFile(path: string): string {
  return `OCI runtime exec failed: exec failed: unable to start container process: exec: "${path}": stat ${path}: no such file or directory: unknown\n`;
}

/**
 * containerd (and CRI-O) fail the exec call itself: the apiserver relays an InternalError and kubectl
 * prints `error: Internal error occurred: error executing command in container: failed to exec in
 * container: failed to start exec "<id>": OCI runtime exec failed: …` and exits 1 (seen in
 * nigelpoulton/TheK8sBook#30). With the docker runtime the message is the command's output and the
 * exit code is 126 (docker/for-linux#246).
 */
export class RuntimeExecError extends Error {
  constructor(execId: string, runtimeMessage: string) {
    super(
      `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${execId}": ${runtimeMessage.trimEnd()}`,
    );
    this.name = 'RuntimeExecError';
  }
}

/** The exit status kubectl shows for runtime exec failures ("command terminated with exit code 126"). */
export const EXEC_FAILED_EXIT_CODE = 126;
