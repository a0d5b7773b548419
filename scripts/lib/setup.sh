# Shared set-up for scripts/run and scripts/test: installs each missing tool, saying what it does.
# Sourced, not executed. Every function is idempotent and fast when the tool is already there.

# Versions that build together on this toolchain (see ARCHITECTURE.md, Invariants).
# cargo-leptos 0.3.11+ needs a newer rustc than the machine's 1.95.
CARGO_LEPTOS_VERSION="0.3.10"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

# The wasm-bindgen version the lock file pins; the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$(repo_root)/Cargo.lock"
}

ensure_wasm_target() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "Installing the Rust wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_cargo_leptos() {
  if [ "$(cargo leptos --version 2>/dev/null)" != "cargo-leptos ${CARGO_LEPTOS_VERSION}" ]; then
    say "Installing cargo-leptos ${CARGO_LEPTOS_VERSION} (first time only; about 15 minutes on 2 cores)"
    cargo install cargo-leptos --locked --version "${CARGO_LEPTOS_VERSION}"
  fi
}

ensure_wasm_bindgen() {
  local version
  version="$(wasm_bindgen_version)"
  [ -n "$version" ] || fail "cannot read the wasm-bindgen version from Cargo.lock"
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen ${version}" ]; then
    say "Installing wasm-bindgen-cli ${version} (must equal the wasm-bindgen crate; about 3 minutes)"
    # Not --locked: its lock file names a crate version the registry no longer serves.
    cargo install wasm-bindgen-cli --version "${version}" --force
  fi
}

# binaryen's wasm-opt from npm, first on PATH (Debian's wasm-opt 108 breaks hydration silently).
ensure_wasm_opt() {
  local tools
  tools="$(repo_root)/tools"
  if [ ! -x "${tools}/node_modules/.bin/wasm-opt" ]; then
    npm_ci "${tools}" "wasm-opt (npm binaryen, pinned in tools/package.json)"
  fi
  export PATH="${tools}/node_modules/.bin:${PATH}"
}

# Whether Debian packages can be installed here (root with apt-get).
can_apt() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null
}

# Installs Debian packages quietly; call only when can_apt.
apt_install() {
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Installs the npm packages pinned in DIR/package-lock.json; WHAT names them for the log.
npm_ci() {
  local dir="$1" what="$2"
  command -v npm >/dev/null || fail "npm is needed for ${what}; install Node.js and npm"
  say "Installing ${what}"
  npm ci --prefix "${dir}" --no-audit --no-fund
}

# Recreates DIR/.venv holding one pinned PyPI requirement.
fresh_venv() {
  local dir="$1" requirement="$2" venv="${3:-.venv}"
  command -v python3 >/dev/null || fail "python3 is needed for ${requirement}; install Python 3.10 or newer"
  say "Installing ${requirement} into ${dir#"$(repo_root)/"}/${venv}"
  rm -rf "${dir:?}/${venv}"
  python3 -m venv "${dir}/${venv}" || fail "python3 -m venv failed: install the python3-venv package"
  "${dir}/${venv}/bin/pip" install --quiet --disable-pip-version-check "${requirement}"
}

ensure_chromium() {
  local chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [ ! -x "$chromium" ]; then
    if can_apt; then
      say "Installing Debian's Chromium for the browser tests (apt-get)"
      apt_install chromium
    else
      fail "${chromium} not found: install Debian's chromium package (sudo apt-get install chromium) or set CHROMIUM_PATH"
    fi
  fi
}

ensure_e2e_packages() {
  local e2e
  e2e="$(repo_root)/tests/e2e"
  if [ ! -d "${e2e}/node_modules/playwright-core" ] || [ ! -d "${e2e}/node_modules/axe-core" ]; then
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm_ci "${e2e}" "the browser tests' npm packages (playwright-core, axe-core; no browser download)"
  fi
}

# The Terraform bundle checks: HashiCorp's HCL parser and formatter (npm, pinned in
# tests/terraform/package-lock.json) and checkov (PyPI, pinned) in a virtualenv beside them.
CHECKOV_VERSION="3.3.30"
MOTO_VERSION="5.2.6"
ensure_terraform_validators() {
  local dir
  dir="$(repo_root)/tests/terraform"
  if [ ! -d "${dir}/node_modules/@cdktf/hcl-tools" ] || [ ! -d "${dir}/node_modules/@cdktf/hcl2json" ]; then
    npm_ci "${dir}" "the Terraform checks' npm packages (@cdktf/hcl2json, @cdktf/hcl-tools)"
  fi
  if [ "$("${dir}/.venv/bin/checkov" --version 2>/dev/null)" != "${CHECKOV_VERSION}" ]; then
    fresh_venv "${dir}" "checkov==${CHECKOV_VERSION}"
  fi
  # moto emulates the AWS APIs on loopback for the real `terraform plan` (tests/terraform/plan.test.mjs);
  # its own virtualenv, since its boto3 and checkov's pins differ.
  if [ "$("${dir}/.moto-venv/bin/python" -c 'import moto; print(moto.__version__)' 2>/dev/null)" != "${MOTO_VERSION}" ]; then
    fresh_venv "${dir}" "moto[server]==${MOTO_VERSION}" .moto-venv
  fi
}

# The app-config checks run each framework's own toolchain: Prisma, tsc, ioredis and types
# (npm, pinned in tests/app-config/package-lock.json), Django (PyPI, pinned) in a virtualenv,
# Ruby (Debian) for Rails' ERB and YAML, and a JDK for java.util.Properties.
DJANGO_VERSION="5.2.19"

ensure_app_config_validators() {
  local dir
  dir="$(repo_root)/tests/app-config"
  if [ ! -d "${dir}/node_modules/prisma" ] || [ ! -d "${dir}/node_modules/typescript" ]; then
    npm_ci "${dir}" "the app-config checks' npm packages (prisma, @prisma/client and adapters, ioredis, typescript, tsx)"
  fi
  if [ "$("${dir}/.venv/bin/python" -c 'import django; print(django.get_version())' 2>/dev/null)" != "${DJANGO_VERSION}" ]; then
    fresh_venv "${dir}" "django==${DJANGO_VERSION}"
  fi
  local missing=()
  command -v ruby >/dev/null || missing+=(ruby)
  command -v java >/dev/null || missing+=(default-jdk-headless)
  if [ "${#missing[@]}" -gt 0 ]; then
    if can_apt; then
      say "Installing ${missing[*]} for the app-config checks (apt-get)"
      apt_install "${missing[@]}"
    else
      fail "the app-config checks need ${missing[*]}: install them (sudo apt-get install ${missing[*]})"
    fi
  fi
}

# Schemathesis, which fuzzes the JSON API from its OpenAPI document.
SCHEMATHESIS_VERSION="4.32.5"
ensure_schemathesis() {
  local dir
  dir="$(repo_root)/tests/openapi"
  if [ "$("${dir}/.venv/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version ${SCHEMATHESIS_VERSION}" ]; then
    fresh_venv "${dir}" "schemathesis==${SCHEMATHESIS_VERSION}"
  fi
  command -v psql >/dev/null || fail "psql is needed to create the fuzzing run's PostgreSQL database: install postgresql-client"
  command -v curl >/dev/null || fail "curl is needed by tests/openapi/run.sh: install curl"
}

# The app-config checks run the generated TypeScript against Redis as well as PostgreSQL.
ensure_redis() {
  local url="${REGIONWISE_TEST_REDIS_URL:-redis://127.0.0.1:6379/0}"
  local hostport="${url#redis://}"; hostport="${hostport%%/*}"
  local host="${hostport%%:*}" port="${hostport##*:}"
  [ "$port" != "$hostport" ] || port=6379
  if (exec 3<>"/dev/tcp/${host}/${port}") 2>/dev/null; then
    return
  fi
  if [ "${host}" = 127.0.0.1 ] && can_apt; then
    say "Installing and starting Redis for the app-config checks (apt-get)"
    command -v redis-server >/dev/null || apt_install redis-server
    redis-server --port "${port}" --bind 127.0.0.1 --save '' --daemonize yes >/dev/null
    sleep 1
  fi
  (exec 3<>"/dev/tcp/${host}/${port}") 2>/dev/null \
    || fail "Redis is not reachable at ${host}:${port}. The app-config checks run the generated TypeScript against it: start Redis, or set REGIONWISE_TEST_REDIS_URL."
}

# The storage tests need PostgreSQL; they never skip it.
require_postgres() {
  source "$(repo_root)/tests/lib/server.sh"
  local url; url="$(postgres_admin_url)"
  local hostport="${url#*@}"; hostport="${hostport%%/*}"
  local host="${hostport%%:*}" port="${hostport##*:}"
  [ "$port" != "$hostport" ] || port=5432
  if ! (exec 3<>"/dev/tcp/${host}/${port}") 2>/dev/null; then
    fail "PostgreSQL is not reachable at ${host}:${port}. The storage tests run on SQLite and PostgreSQL and never skip: start PostgreSQL, or set REGIONWISE_TEST_POSTGRES_URL to a server where the user may create databases."
  fi
}

build_release() {
  say "Building the release app: server binary and wasm bundle, split into the first chunk and the lazily loaded parts (cargo leptos build --release --split)"
  (cd "$(repo_root)" && cargo leptos build --release --split)
}
