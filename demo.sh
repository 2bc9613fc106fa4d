#!/usr/bin/env bash
# Runs the demo with nothing but JDK 17+ and Maven: Keycloak (its own distribution from Maven
# Central, not Docker) with realm data-sec from docker/realm-data-sec.json, and the example
# application. Ctrl-C stops both. Every run starts Keycloak from the realm file again.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

readonly KEYCLOAK_VERSION=26.4.7
readonly KEYCLOAK_PORT=8081
readonly APP_PORT=8585
readonly APP_ADMIN_PORT=8586
readonly REALM_FILE=docker/realm-data-sec.json
readonly KEYCLOAK_DIR=target/demo-keycloak
readonly KEYCLOAK_HOME="$KEYCLOAK_DIR/keycloak-$KEYCLOAK_VERSION"
readonly KEYCLOAK_LOG=target/demo-keycloak.log
readonly APP_JAR=target/app.jar
readonly APP_LOG=target/demo-app.log
readonly STARTUP_TIMEOUT_SECONDS=180
readonly STOP_TIMEOUT_SECONDS=30

keycloak_pid=""
app_pid=""

fail() {
  echo "demo.sh: $*" >&2
  exit 1
}

require_command() {
  command -v "$1" >/dev/null || fail "$1 is not installed; $2"
}

require_java_17() {
  local version major
  version=$(java -version 2>&1 | awk -F '"' '/version/ { print $2; exit }')
  major=${version%%.*}
  if ! [[ "$major" =~ ^[0-9]+$ ]] || (( major < 17 )); then
    fail "Java 17 or newer is needed, but 'java' is version ${version:-unknown} (set JAVA_HOME/PATH)"
  fi
}

# A successful connect means something listens; the subshell closes the socket again.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

require_free_ports() {
  local port
  for port in "$KEYCLOAK_PORT" "$APP_PORT" "$APP_ADMIN_PORT"; do
    if port_in_use "$port"; then
      fail "port $port is already in use (the demo needs $KEYCLOAK_PORT for Keycloak, $APP_PORT and $APP_ADMIN_PORT for the app)." \
        "See which process holds it with: ss -ltnp 'sport = :$port'   (or: lsof -i :$port)"
    fi
  done
}

# Stops one process, politely first; kc.sh passes the TERM on to Keycloak's JVM.
# shellcheck disable=SC2317  # reached through the EXIT trap, which shellcheck does not follow
stop_process() {
  local name=$1 pid=$2 waited=0
  kill -0 "$pid" 2>/dev/null || return 0
  echo "Stopping $name (pid $pid)..."
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if (( waited >= STOP_TIMEOUT_SECONDS )); then
      echo "$name did not stop within $STOP_TIMEOUT_SECONDS s; killing it." >&2
      pkill -KILL -P "$pid" 2>/dev/null || true
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  wait "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317  # reached through the EXIT trap, which shellcheck does not follow
cleanup() {
  trap - EXIT INT TERM
  if [[ -n "$app_pid" ]]; then stop_process "the example application" "$app_pid"; fi
  if [[ -n "$keycloak_pid" ]]; then stop_process "Keycloak" "$keycloak_pid"; fi
}

show_log_tail() {
  if [[ -f "$1" ]]; then
    echo "Last lines of $1:" >&2
    tail -n 40 "$1" >&2
  fi
}

# Waits until the URL answers with the wanted HTTP status ("any" accepts every answer).
wait_for_url() {
  local name=$1 url=$2 wanted=$3 pid=$4 log=$5 code
  local deadline=$((SECONDS + STARTUP_TIMEOUT_SECONDS))
  while true; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" || true)
    if [[ "$code" != 000 && ( "$wanted" == any || "$code" == "$wanted" ) ]]; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      show_log_tail "$log"
      fail "$name exited while starting (full log: $log)"
    fi
    if (( SECONDS >= deadline )); then
      show_log_tail "$log"
      fail "$name did not answer $url within $STARTUP_TIMEOUT_SECONDS s (full log: $log)"
    fi
    sleep 1
  done
}

build_app() {
  echo "Building $APP_JAR (mvn -B -q -DskipTests package)..."
  mvn -B -q -DskipTests package
  [[ -f "$APP_JAR" ]] || fail "the build finished but $APP_JAR is missing"
}

unpack_keycloak() {
  if [[ -x "$KEYCLOAK_HOME/bin/kc.sh" ]]; then
    return 0
  fi
  echo "Unpacking Keycloak $KEYCLOAK_VERSION from Maven Central into $KEYCLOAK_DIR..."
  rm -rf "$KEYCLOAK_DIR"
  # overWriteReleases: the plugin's markers outlive a deleted folder and would skip the unpack.
  mvn -B -q dependency:unpack \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
    -DoutputDirectory="$KEYCLOAK_DIR" \
    -Dmdep.overWriteReleases=true
  [[ -x "$KEYCLOAK_HOME/bin/kc.sh" ]] || fail "unpacking did not produce $KEYCLOAK_HOME/bin/kc.sh"
}

start_keycloak() {
  # A fresh development database, so the realm always matches the realm file.
  rm -rf "$KEYCLOAK_HOME/data"
  mkdir -p "$KEYCLOAK_HOME/data/import"
  cp "$REALM_FILE" "$KEYCLOAK_HOME/data/import/data-sec-realm.json"
  echo "Starting Keycloak on port $KEYCLOAK_PORT (log: $KEYCLOAK_LOG)..."
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin \
    "$KEYCLOAK_HOME/bin/kc.sh" start-dev --http-port="$KEYCLOAK_PORT" --import-realm \
    >"$KEYCLOAK_LOG" 2>&1 &
  keycloak_pid=$!
  wait_for_url Keycloak "http://localhost:$KEYCLOAK_PORT/realms/data-sec/.well-known/openid-configuration" 200 \
    "$keycloak_pid" "$KEYCLOAK_LOG"
}

start_app() {
  echo "Starting the example application on ports $APP_PORT and $APP_ADMIN_PORT (log: $APP_LOG)..."
  java -jar "$APP_JAR" server config.yaml >"$APP_LOG" 2>&1 &
  app_pid=$!
  wait_for_url "The example application" "http://localhost:$APP_ADMIN_PORT/healthcheck" any "$app_pid" "$APP_LOG"
  local health
  health=$(curl -s --max-time 5 -w '\n%{http_code}' "http://localhost:$APP_ADMIN_PORT/healthcheck")
  if [[ "${health##*$'\n'}" != 200 ]]; then
    echo "Warning: the application's health check reports a problem: ${health%$'\n'*}" >&2
  fi
}

print_welcome() {
  cat <<EOF

The demo is running.
  Application:            http://localhost:$APP_PORT/
  Demo users (realm data-sec):
    admin-user / admin-password   (realm role admin)
    data-user  / data-password    (realm role data-steward)
  Keycloak admin console: http://localhost:$KEYCLOAK_PORT/admin/   (admin / admin)
  Logs:                   $KEYCLOAK_LOG, $APP_LOG

Press Ctrl-C to stop both.
EOF
}

main() {
  require_command java "install JDK 17 or newer"
  require_command mvn "install Apache Maven"
  require_command curl "install curl"
  require_java_17
  require_free_ports

  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  mkdir -p target
  build_app
  unpack_keycloak
  start_keycloak
  start_app
  print_welcome

  while kill -0 "$keycloak_pid" 2>/dev/null && kill -0 "$app_pid" 2>/dev/null; do
    sleep 1
  done
  if ! kill -0 "$keycloak_pid" 2>/dev/null; then
    show_log_tail "$KEYCLOAK_LOG"
    fail "Keycloak stopped unexpectedly"
  fi
  show_log_tail "$APP_LOG"
  fail "the example application stopped unexpectedly"
}

main "$@"
