/**
 * `v1 Event` objects as kubelet, scheduler and controllers write them. Repeats of the same
 * (object, reason, message, source) are folded into one Event with a growing `count`, like the
 * client-go event correlator does.
 */
import type { SimClock } from '../clock.ts';
import { formatTimestamp } from '../store/memory-store.ts';
import type { ClusterStore, KubeObject } from '../store/types.ts';

export interface EventSpec {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** `kubelet`, `default-scheduler`, `replicaset-controller`, ... */
  component: string;
  /** Node name for kubelet events. */
  host?: string;
  /** e.g. `spec.containers{frontend}` */
  fieldPath?: string;
}

export class EventRecorder {
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly store: ClusterStore,
    private readonly clock: SimClock,
    private readonly random: () => number,
  ) {}

  record(involved: KubeObject, spec: EventSpec): void {
    const namespace = involved.metadata.namespace ?? 'default';
    const now = formatTimestamp(this.clock.now());
    const key = [
      involved.metadata.uid,
      spec.fieldPath ?? '',
      spec.reason,
      spec.message,
      spec.component,
      spec.host ?? '',
    ].join('\u0000');
    const existingName = this.seen.get(key);
    if (existingName && this.store.get('events', namespace, existingName)) {
      this.store.update('events', namespace, existingName, (ev) => {
        ev.count = (ev.count ?? 1) + 1;
        ev.lastTimestamp = now;
      });
      return;
    }
    // The real name is `<object>.<hex of the time in ns>`.
    const stamp = (
      BigInt(this.clock.now().getTime()) * 1_000_000n +
      BigInt(Math.floor(this.random() * 1_000_000))
    )
      .toString(16)
      .padStart(16, '0');
    const name = `${involved.metadata.name}.${stamp}`;
    try {
      this.store.create('events', {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: {
          apiVersion: involved.apiVersion,
          kind: involved.kind,
          name: involved.metadata.name,
          ...(involved.metadata.namespace ? { namespace: involved.metadata.namespace } : {}),
          uid: involved.metadata.uid,
          resourceVersion: involved.metadata.resourceVersion,
          ...(spec.fieldPath ? { fieldPath: spec.fieldPath } : {}),
        },
        reason: spec.reason,
        message: spec.message,
        type: spec.type,
        count: 1,
        firstTimestamp: now,
        lastTimestamp: now,
        source: { component: spec.component, ...(spec.host ? { host: spec.host } : {}) },
        reportingComponent: spec.component,
        reportingInstance: spec.host ?? '',
        eventTime: null,
      });
      this.seen.set(key, name);
    } catch {
      // The namespace may be gone (events of deleted objects): nothing to record.
    }
  }
}
