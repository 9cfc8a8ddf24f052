#!/usr/bin/env bash
# Install Debian's headless Chromium and its driver for the static-widget browser
# tests, when they are missing and we can (root with apt-get). Never fails the
# build: without a browser those tests are skipped with a printed reason.
set -u
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing chromium and chromium-driver (Debian packages) for the browser tests..."
  if apt-get update -qq >/dev/null 2>&1 && \
     DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1; then
    echo "chromium installed: $(chromium --version 2>/dev/null)"
    exit 0
  fi
  echo "could not install chromium; the browser tests will be skipped"
  exit 0
fi
echo "chromium/chromedriver not found and cannot be installed here (needs root + apt-get);"
echo "the browser tests will be skipped. Install Debian's 'chromium chromium-driver' to run them."
exit 0
