import type { ReportCommand } from '../submission/types.ts';

/**
 * What the screenshots of a submission show, read from OCR text (src/ocr). Every fact names its image
 * (`image:images/pods.png`) and the OCR line, and carries a confidence (0–100) from the OCR words it
 * rests on. A fact that is `weak` (low confidence, or a token the noise fixes could not make
 * well-formed) is never evidence for a pass: the checks turn it into a note.
 */
export interface ScreenSource {
  /** `image:` + the image path (ScreenshotRead.source). */
  source: string;
  /** The image path alone, for messages (`images/pods.png`). */
  image: string;
  /** 1-based line of the OCR text. */
  line: number;
  /** 0–100: the lowest OCR confidence of the words the fact rests on. */
  confidence: number;
  weak: boolean;
  /** Position of the image among the submission's images (report order), for "the last table". */
  order: number;
}

export interface ScreenCommand extends ScreenSource {
  command: ReportCommand;
}

export interface PodRow extends ScreenSource {
  pod?: string;
  /** undefined when the IP column holds `<none>` (no address yet). */
  ip?: string;
  node?: string;
  namespace?: string;
}

export interface PodTable extends ScreenSource {
  rows: PodRow[];
}

export interface PoolRow extends ScreenSource {
  name: string;
  cidr?: string;
  selector?: string;
}

export interface PoolTable extends ScreenSource {
  rows: PoolRow[];
}

export interface PingTranscript extends ScreenSource {
  target: string;
  /** The address busybox resolved the target to (`PING x (10.0.0.5)`), or the target when it is an IP. */
  ip?: string;
  replies: number;
  lossPercent?: number;
  ttl?: number;
}

/** `Successfully deleted 1 'IPPool' resource(s)`, or kubectl's `ippool… "NAME" deleted`. */
export interface DeletedOutput extends ScreenSource {
  kind: 'ippool';
  /** The pool named in kubectl's output; calicoctl's message names none. */
  name?: string;
  count?: number;
}

/** The app's page in a browser: the pod that served it. */
export interface AppPage extends ScreenSource {
  pod?: string;
  ip?: string;
}

export interface MinikubeStartOutput extends ScreenSource {
  /** Nodes minikube says it starts (`Starting … node "minikube-m02" …`). */
  nodes: string[];
  /** `Configuring Calico (Container Networking Interface) ...` seen. */
  calico: boolean;
}

/** Nodes listed by `kubectl get nodes -l key=value`: each carries that label. */
export interface NodeLabelView extends ScreenSource {
  key: string;
  value: string;
  /** Node names as read. */
  nodes: string[];
  /** The command as read (noise-fixed). */
  text: string;
}

export interface ScreenNote {
  image: string;
  line?: number;
  message: string;
}

export interface ScreenEvidence {
  /** Images read by OCR, in report order. */
  images: { source: string; image: string; read: boolean; confidence: number }[];
  commands: ScreenCommand[];
  podTables: PodTable[];
  poolTables: PoolTable[];
  pings: PingTranscript[];
  deletions: DeletedOutput[];
  appPages: AppPage[];
  starts: MinikubeStartOutput[];
  nodeLabels: NodeLabelView[];
  /** Weak reads and ambiguous tokens: what was seen but is not evidence. */
  notes: ScreenNote[];
}

/** Evidence of no screenshot: a fresh object each call (readScreens fills one). */
export function emptyScreens(): ScreenEvidence {
  return {
    images: [],
    commands: [],
    podTables: [],
    poolTables: [],
    pings: [],
    deletions: [],
    appPages: [],
    starts: [],
    nodeLabels: [],
    notes: [],
  };
}
