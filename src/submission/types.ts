/**
 * What was read from a student's submission. Everything here is data: nothing from a
 * submission is ever executed. Paths are relative to `Submission.labDir` with `/` separators.
 */

export interface Finding {
  severity: 'error' | 'warning' | 'info';
  /** Relative path of the file concerned ('' for the submission as a whole). */
  file: string;
  line?: number;
  col?: number;
  message: string;
  /** The file exists but was not read (size, encoding, the file cap): its content is unknown. */
  unread?: boolean;
}

/** One Kubernetes-style object from a YAML document. */
export interface ManifestObject {
  file: string;
  /** 0-based index of the document in its file. */
  docIndex: number;
  /** 1-based line where the document starts. */
  line: number;
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
  /** The parsed document, as plain JSON data. */
  body: Record<string, unknown>;
}

export type ObjectClass = 'ippool' | 'deployment' | 'service' | 'pod' | 'configmap' | 'secret' | 'other';

export interface ClassifiedObject extends ManifestObject {
  class: ObjectClass;
}

/** A manifest file (.yaml, .yml or .json). */
export interface YamlFileInfo {
  file: string;
  documents: number;
  /** Set when the file failed to parse: the first error with its position. */
  error?: { message: string; line?: number; col?: number };
  /**
   * With `error`: the kinds that the documents which failed name in their text (`kind: Service`), so a
   * check can say its object does not parse instead of calling it missing. Empty when none is named.
   */
  failedKinds?: string[];
}

export type HeaderField =
  | 'University'
  | 'Faculty'
  | 'Course'
  | 'Year'
  | 'Group'
  | 'Author'
  | 'Lab'
  | 'Date of create'
  | 'Date of finished';

export const HEADER_FIELDS: readonly HeaderField[] = [
  'University',
  'Faculty',
  'Course',
  'Year',
  'Group',
  'Author',
  'Lab',
  'Date of create',
  'Date of finished',
];

/** A shell command found in a code block of the report, after alias and prefix expansion. */
export interface ShellCommand {
  /**
   * Words after quote removal; `minikube kubectl --` already stripped to `kubectl`, aliases expanded,
   * and the program name normalised for kubectl, minikube and calicoctl (`./calicoctl`, `kubectl.exe`).
   */
  argv: string[];
  /** The command as written (continuations joined). */
  text: string;
  file: string;
  /** 1-based line of the command's first line in the report. */
  line: number;
  /** `< file` redirection, if any (also `cat file | command`). */
  stdinFile?: string;
  /** Body of a `<<EOF` here-document fed to the command, if any. */
  heredoc?: string;
  /**
   * The pod whose interactive shell ran this command: set for the lines that follow
   * `kubectl exec -it POD -- sh` in the same code block (e.g. a `/ # ping …` line).
   */
  inPod?: string;
}

export interface MinikubeStartCommand {
  kind: 'minikube-start';
  /** Every `--flag[=value]` / `-f value` as written, in order, long names without dashes. */
  flags: { name: string; value: string | null; token: string }[];
  profile?: string;
  nodes?: number;
  cni?: string;
  networkPlugin?: string;
  containerRuntime?: string;
  kubernetesVersion?: string;
  driver?: string;
  /** Tokens that look like misspelled flags, e.g. `--network-plugin-cni`. */
  unknownFlags: string[];
  source: ShellCommand;
}

export interface LabelCommand {
  kind: 'label';
  nodes: string[];
  /** value null = label removal (`key-`). */
  labels: { key: string; value: string | null }[];
  overwrite: boolean;
  source: ShellCommand;
}

export interface CalicoctlCommand {
  kind: 'calicoctl';
  verb: string;
  /** `-f FILE` argument as written (`-` for stdin). */
  file?: string;
  /** File fed on stdin via `< file` (with `-f -`). */
  stdinFile?: string;
  /** `ippool` / `ippools` / … for `get|delete|patch RESOURCE NAME`. */
  resource?: string;
  names: string[];
  /** `-p '{...}'` for patch. */
  patch?: string;
  /** How calicoctl was run: a host binary, `kubectl exec … -- calicoctl`, or the `kubectl calico` plugin. */
  via?: 'binary' | 'kubectl-exec' | 'kubectl-plugin';
  /** With `kubectl exec`: whether `-i` was given (without it `-f -` reads an empty stdin). */
  execStdin?: boolean;
  allowVersionMismatch?: boolean;
  source: ShellCommand;
}

export interface KubectlApplyCommand {
  kind: 'kubectl-apply';
  verb: 'apply' | 'create';
  /** `-f` arguments: local paths or URLs. */
  files: string[];
  /** File fed on stdin via `< file` (with `-f -`). */
  stdinFile?: string;
  source: ShellCommand;
}

export interface KubectlDeleteCommand {
  kind: 'kubectl-delete';
  /** e.g. `ippools`, `ippools.crd.projectcalico.org`, `pod`. */
  resource?: string;
  names: string[];
  files: string[];
  source: ShellCommand;
}

export interface KubectlPatchCommand {
  kind: 'kubectl-patch';
  resource: string;
  name: string;
  patch?: string;
  /** `--type json|merge|strategic`, when given. */
  patchType?: string;
  source: ShellCommand;
}

export interface ExecPingCommand {
  kind: 'ping';
  /** Pod the ping was run from, when given (`kubectl exec POD -- ping …`). */
  pod?: string;
  target: string;
  source: ShellCommand;
}

export type ReportCommand =
  | MinikubeStartCommand
  | LabelCommand
  | CalicoctlCommand
  | KubectlApplyCommand
  | KubectlDeleteCommand
  | KubectlPatchCommand
  | ExecPingCommand;

export interface ReportInfo {
  file: string;
  /** The report's text as decoded (BOM, UTF-16), for readers after the parse (the screenshots' links). */
  text?: string;
  /** Header fields found (value may be '' when the field is present but empty). */
  header: Partial<Record<HeaderField, string>>;
  /** Every shell command from the code blocks, in document order. */
  shell: ShellCommand[];
  /** The commands the grader understands, in document order. */
  commands: ReportCommand[];
  /**
   * The report's code blocks (fenced, and 4-space indented), for output evidence such as ping.
   * `line` is the line of the opening fence (the text starts on the next line); for an indented block,
   * the line before its first line. `lang` is the fence's language, lower-cased ('' when none).
   */
  codeBlocks: { lang: string; text: string; line: number; indented?: boolean }[];
  /** Why this file was taken as the report. */
  reason?: string;
}

export interface Submission {
  /** The path as given by the user (absolute). */
  root: string;
  /** The Lab 4 folder inside root (absolute; equal to root when root is the lab folder). */
  labDir: string;
  /** All regular files considered, relative to labDir. */
  files: string[];
  yamlFiles: YamlFileInfo[];
  objects: ClassifiedObject[];
  /** The main report (README.md or the markdown with the course header), if any. */
  report?: ReportInfo;
  findings: Finding[];
  /**
   * Set when the given folder is a repository with other labs' folders but none for Lab 4: why no lab
   * folder was graded (nothing else is read then).
   */
  missingLabFolder?: string;
}
