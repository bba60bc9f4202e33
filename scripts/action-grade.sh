#!/usr/bin/env bash
# The grading step of action.yml, kept here so it can run (and be tested) outside GitHub:
#   INPUT_PATH=… INPUT_CLUSTER=none|sim|minikube [INPUT_CALICO=…] [INPUT_KUBERNETES_VERSION=…]
#   [INPUT_RUBRIC=…] [INPUT_REPORT_DIR=…] [INPUT_FAIL_ON_FAILURE=true|false] scripts/action-grade.sh
# Inputs arrive as environment variables, never pasted into this script's text, so a crafted input
# cannot run as shell. It grades, then scripts/action-report.ts turns the report directory into
# annotations, the step summary and the step outputs ($GITHUB_STEP_SUMMARY, $GITHUB_OUTPUT).
# Exit code: the grader's (0 pass, 1 a check failed, 2 bad input, 3 infrastructure), except that
# INPUT_FAIL_ON_FAILURE=false turns 1 into 0.
set -euo pipefail

root="${GRADER_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
path="${INPUT_PATH:-.}"
cluster="${INPUT_CLUSTER:-minikube}"
report_dir="${INPUT_REPORT_DIR:-lab-grader-report}"
fail_on_failure="${INPUT_FAIL_ON_FAILURE:-true}"

usage_error() {
  printf 'action-grade: %s\n' "$1" >&2
  exit 2
}

case "$cluster" in
  none | sim | minikube) ;;
  *) usage_error "cluster must be none, sim or minikube" ;;
esac
case "$fail_on_failure" in
  true | false) ;;
  *) usage_error "fail-on-failure must be true or false" ;;
esac

if [ "$cluster" = none ]; then
  # Static grading only: the files and the report, no cluster.
  args=(check "$path")
else
  # `grade --cluster minikube` starts a fresh profile with the lab's flags
  # (--nodes 2 --container-runtime containerd --cni calico) and deletes it afterwards.
  args=(grade "$path" --cluster "$cluster")
  if [ -n "${INPUT_CALICO:-}" ]; then args+=(--calico "$INPUT_CALICO"); fi
  if [ -n "${INPUT_KUBERNETES_VERSION:-}" ]; then args+=(--kubernetes-version "$INPUT_KUBERNETES_VERSION"); fi
fi
if [ -n "${INPUT_RUBRIC:-}" ]; then args+=(--rubric "$INPUT_RUBRIC"); fi
args+=(--report-dir "$report_dir")

# A results.json left by an earlier run must not be reported as this one's.
rm -f -- "$report_dir/results.json"

set +e
node "$root/bin/lab-grader.js" "${args[@]}"
code=$?
set -e

workspace="${GITHUB_WORKSPACE:-$PWD}"
repo_root="$(git -C "$workspace" rev-parse --show-toplevel 2>/dev/null || printf '%s' "$workspace")"
"$root/node_modules/.bin/tsx" "$root/scripts/action-report.ts" \
  --report-dir "$report_dir" --exit-code "$code" --repo-root "$repo_root"

if [ "$code" -eq 1 ] && [ "$fail_on_failure" = false ]; then exit 0; fi
exit "$code"
