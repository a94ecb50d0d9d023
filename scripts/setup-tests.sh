#!/usr/bin/env bash
# Install what the test suite needs on a fresh Debian machine (run as root):
# the package with its test extras, and Debian's Chromium and Jena for the
# browser and RDF-validation tests, LibreOffice Writer and poppler for the PDF
# fixtures the format tests render, Tesseract for the scanned page.  Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(chromium libapache-jena-java default-jre-headless libreoffice-writer-nogui poppler-utils
                 tesseract-ocr tesseract-ocr-eng)
missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
python -m pip install -q -e '.[test]'
