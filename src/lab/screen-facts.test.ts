import { describe, expect, it } from 'vitest';
import { defaultRubric } from '../rubric/rubric.ts';
import { buildSubmission } from '../submission/read.ts';
import { ocrRead } from '../testing/screenshot-builder.ts';
import { HEADER, POOLS, report } from '../testing/submission-builder.ts';
import { deriveFacts } from './facts.ts';

const submission = (readme: string) =>
  buildSubmission('/sub', '/sub', [
    { path: 'README.md', text: readme, size: readme.length },
    { path: 'ippool.yaml', text: POOLS, size: POOLS.length },
  ]);

const START = ocrRead('images/start.png', 'me@vm:~$ minikube start --nodes 2 --cni calico -p lab');
const LABELS = ocrRead(
  'images/labels.png',
  'me@vm:~$ kubectl label nodes lab rack=0\nme@vm:~$ kubectl label nodes lab-m@2 rack=1',
);

describe('deriveFacts with screenshots', () => {
  it('takes the start and the labels from screenshots only when the text shows none', () => {
    const f = deriveFacts(submission(`${HEADER}\n![s](images/start.png)\n`), defaultRubric, [START, LABELS]);
    expect(f.effectiveStart).toBeUndefined();
    expect(f.screenStart?.command.source.text).toBe('minikube start --nodes 2 --cni calico -p lab');
    expect(f.profile).toBe('lab');
    expect(f.screenLabels?.nodes.map((n) => [n.name, n.appliedLabels])).toEqual([
      ['lab', { rack: '0' }],
      ['lab-m02', { rack: '1' }],
    ]);
    // The text-only facts are untouched: the live grade applies only what the report shows as text.
    expect(f.labelCommands).toEqual([]);
  });

  it("the report's text wins", () => {
    const text = report('minikube start --nodes 2 --cni calico\nkubectl label nodes minikube rack=0');
    const f = deriveFacts(submission(text), defaultRubric, [START, LABELS]);
    expect(f.screenStart).toBeUndefined();
    expect(f.screenLabels).toBeUndefined();
    expect(f.profile).toBe('minikube');
    expect(f.screens.commands).toHaveLength(3);
  });

  it('leaves its inputs as they were, and reads no screenshot when given none', () => {
    const s = submission(`${HEADER}\n`);
    const reads = [START, LABELS];
    const before = structuredClone({ s, reads });
    deriveFacts(s, defaultRubric, reads);
    expect({ s, reads }).toEqual(before);
    expect(deriveFacts(s, defaultRubric).screens.images).toEqual([]);
  });
});
