#!/usr/bin/env bash
# The grading step of action.yml, kept here so it can run (and be tested) outside GitHub:
#   INPUT_PATH=… INPUT_CLUSTER=none|sim|minikube [INPUT_CALICO=…] [INPUT_KUBERNETES_VERSION=…]
#   [INPUT_RUBRIC=…] [INPUT_REPORT_DIR=…] [INPUT_FAIL_ON_FAILURE=true|false] scripts/action-grade.sh
# Inputs arrive as environment variables, never pasted into this script's text, so a crafted input
# cannot run as shell. The grader, seeing GITHUB_ACTIONS=true, publishes the grade itself: annotations
# on the files at fault, the step summary and the outputs score, max-score, status and result
# (src/report/publish.ts). This script adds the report-dir output; when the grader published nothing,
# scripts/action-report.ts publishes the results.json it left, or says that nothing was graded.
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
case "$report_dir" in
  *$'\n'* | *$'\r'*) usage_error "report-dir must be one line" ;;
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

outputs="${GITHUB_OUTPUT:-/dev/null}"
published_before=$(wc -c <"$outputs")
set +e
node "$root/bin/lab-grader.js" "${args[@]}"
code=$?
set -e

# The grader published nothing: publish the results.json it left, or say that nothing was graded.
if [ "$(wc -c <"$outputs")" = "$published_before" ]; then
  "$root/node_modules/.bin/tsx" "$root/scripts/action-report.ts" --report-dir "$report_dir" --exit-code "$code"
fi
case "$report_dir" in
  /*) printf 'report-dir=%s\n' "$report_dir" >>"$outputs" ;;
  *) printf 'report-dir=%s\n' "$PWD/$report_dir" >>"$outputs" ;;
esac

if [ "$code" -eq 1 ] && [ "$fail_on_failure" = false ]; then exit 0; fi
exit "$code"
