#!/usr/bin/env bash
# Install what the test suite needs on a fresh Debian machine (run as root):
# the package with its test extras, and Debian's Chromium, Jena and LibreOffice
# Writer for the browser, RDF-validation and synthesis.docx tests.  Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(chromium libapache-jena-java default-jre-headless libreoffice-writer-nogui)
missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
python -m pip install -q -e '.[test]'
