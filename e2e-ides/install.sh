#!/usr/bin/env bash
# Installs what the e2e-ides suite drives through devproxy, so that `mvn -B verify` runs it instead of
# skipping it. CI's .ci/run calls this; on a developer machine run it once as root:
#
#   sudo e2e-ides/install.sh
#
# - Debian packages (installed only if missing, with one apt-get update): Chromium, Xvfb, x11vnc, xterm,
#   noVNC, websockify, Jupyter Notebook with its Python kernel, and ripgrep (for code-server, below).
# - code-server from the npm registry into a fixed folder outside the work tree, kept between runs:
#   $DEVPROXY_E2E_HOME/code-server-$CODE_SERVER_VERSION (default /opt/devproxy-e2e/...). A fresh
#   clone (CI) then needs no second 80 s install, and `mvn clean` never deletes it. The suite finds it
#   there (or where DEVPROXY_E2E_HOME points).
#
# Nothing is downloaded from anywhere but Debian's archive and the npm registry. Prints its own timings.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3          # the newest code-server that runs on Node 20 (Debian/our CI's Node)
E2E_HOME="${DEVPROXY_E2E_HOME:-/opt/devproxy-e2e}"
CODE_SERVER_DIR="$E2E_HOME/code-server-$CODE_SERVER_VERSION"
started=$SECONDS

say() { echo "[e2e-ides/install] $*"; }

if [ "$(id -u)" != 0 ]; then
  say "needs root (apt-get, $E2E_HOME): run it with sudo" >&2
  exit 1
fi

# --- Debian packages -------------------------------------------------------------------------------
# package → why
#   chromium          the browser the suite drives (headless, /usr/bin/chromium)
#   nodejs npm        playwright-core drives Chromium; npm installs code-server
#   xvfb x11vnc xterm a desktop for noVNC: a virtual X server, its VNC server, and a window to click in
#   novnc websockify  the noVNC page (/usr/share/novnc) and the WebSocket-to-VNC bridge serving it
#   jupyter-notebook python3-ipykernel   Jupyter Notebook 6 and the kernel it starts
#   ripgrep           code-server's @vscode/ripgrep would download rg from the internet; we hand it this one
#   build-essential pkg-config python3 libkrb5-dev libxkbfile-dev libsecret-1-dev
#                     code-server's native modules (kerberos, native-keymap, ...) are compiled by node-gyp
wanted=(chromium xvfb x11vnc xterm novnc websockify jupyter-notebook python3-ipykernel ripgrep
  build-essential pkg-config python3 libkrb5-dev libxkbfile-dev libsecret-1-dev)
missing=()
# Node.js may come from elsewhere than Debian (NodeSource's nodejs bundles npm and conflicts with
# Debian's npm): ask for the commands, not the packages.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
for package in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  say "Debian packages installed in $((SECONDS - started)) s"
else
  say "Debian packages already installed"
fi

# --- code-server -----------------------------------------------------------------------------------
if [ -f "$CODE_SERVER_DIR/.installed" ]; then
  say "code-server $CODE_SERVER_VERSION already installed in $CODE_SERVER_DIR"
else
  npm_started=$SECONDS
  rm -rf "$CODE_SERVER_DIR"
  mkdir -p "$CODE_SERVER_DIR"
  scratch="$(mktemp -d)"
  trap 'rm -rf "$scratch"' EXIT

  # @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache, under os.tmpdir(), already
  # holds the release archive it wants ("Using cached download"). Put Debian's rg there, under that
  # name, for every @vscode/ripgrep version code-server's lock files pin; TMPDIR keeps it private.
  export TMPDIR="$scratch"
  case "$(uname -m)" in
    x86_64) rg_target=x86_64-unknown-linux-musl ;;
    aarch64) rg_target=aarch64-unknown-linux-musl ;;
    *) say "no ripgrep mapping for $(uname -m)" >&2; exit 1 ;;
  esac
  mkdir -p "$scratch/rg"
  cp /usr/bin/rg "$scratch/rg/rg"
  tar -czf "$scratch/rg.tar.gz" -C "$scratch/rg" rg
  for ripgrep_package in 1.15.9 1.15.10 1.15.11 1.15.12 1.15.13 1.15.14; do
    for rg_release in v13.0.0-10 v13.0.0-13 v13.0.0-4; do
      mkdir -p "$scratch/vscode-ripgrep-cache-$ripgrep_package"
      cp "$scratch/rg.tar.gz" "$scratch/vscode-ripgrep-cache-$ripgrep_package/ripgrep-$rg_release-$rg_target.tar.gz"
    done
  done

  say "installing code-server $CODE_SERVER_VERSION from the npm registry into $CODE_SERVER_DIR"
  # unsafe_perm: as root, npm would run code-server's postinstall without the rights it needs.
  # yes: node-pty's install step runs npx, which would otherwise stop to ask.
  (
    cd "$CODE_SERVER_DIR"
    echo '{"name": "devproxy-e2e-code-server", "private": true}' > package.json
    npm_config_unsafe_perm=true npm_config_yes=true \
      timeout 1200 npm install --no-audit --no-fund --omit=dev "code-server@$CODE_SERVER_VERSION"
  )
  "$CODE_SERVER_DIR/node_modules/.bin/code-server" --version
  touch "$CODE_SERVER_DIR/.installed"
  say "code-server installed in $((SECONDS - npm_started)) s"
fi

say "done in $((SECONDS - started)) s"
