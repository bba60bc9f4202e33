#!/usr/bin/env bash
# Gradescope autograder setup (runs once, as root, when the autograder image is built).
# The autograder zip holds this file, run_autograder and kube-lab-grader/ (a copy of the grader's
# repository without node_modules). Gradescope has no Docker-in-Docker, so no minikube: grading is
# static (the committed manifests and the report).
set -euo pipefail

apt-get update
apt-get install -y --no-install-recommends ca-certificates curl gnupg
# Node.js 20 from NodeSource (the grader needs Node >= 20.19).
curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
apt-get install -y --no-install-recommends nodejs

cd /autograder/source/kube-lab-grader
npm ci --omit=dev --no-audit --no-fund
node bin/lab-grader.js --help > /dev/null
