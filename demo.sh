#!/usr/bin/env bash
# Runs the demo with nothing but JDK 17+ and Maven: Keycloak (its own distribution from Maven
# Central, not Docker) with realm data-sec from docker/realm-data-sec.json, and the example
# application. Ctrl-C stops both. Every run starts Keycloak from the realm file again.
# It builds target/app.jar only when the jar is missing or older than pom.xml or a file under
# src/main, so that it neither rebuilds needlessly nor disturbs a build that just made the jar.
# APP_JAR names another, already built jar, which is then used as it is (never built).
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
readonly DEFAULT_APP_JAR=target/app.jar
readonly APP_JAR=${APP_JAR:-$DEFAULT_APP_JAR}
readonly APP_LOG=target/demo-app.log
# The first start after an unpack also builds Keycloak, which takes minutes on a small, busy machine.
readonly STARTUP_TIMEOUT_SECONDS=600
readonly STOP_TIMEOUT_SECONDS=30
readonly SCRIPT_NAME=demo.sh

keycloak_pid=""
app_pid=""

# shellcheck source=scripts/processes.sh
source scripts/processes.sh

require_java_17() {
  local version major
  version=$(java -version 2>&1 | awk -F '"' '/version/ { print $2; exit }')
  major=${version%%.*}
  if ! [[ "$major" =~ ^[0-9]+$ ]] || (( major < 17 )); then
    fail "Java 17 or newer is needed, but 'java' is version ${version:-unknown} (set JAVA_HOME/PATH)"
  fi
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

app_jar_is_current() {
  [[ -f "$APP_JAR" ]] && [[ -z "$(find pom.xml src/main -newer "$APP_JAR" -print -quit)" ]]
}

build_app() {
  if [[ "$APP_JAR" != "$DEFAULT_APP_JAR" ]]; then
    [[ -f "$APP_JAR" ]] || fail "APP_JAR names $APP_JAR, which does not exist"
    echo "Using $APP_JAR as it is."
    return
  fi
  if app_jar_is_current; then
    echo "Using $APP_JAR, which is newer than the sources."
    return
  fi
  echo "Building $APP_JAR (mvn -B -q -DskipTests package)..."
  mvn -B -q -DskipTests package
  [[ -f "$APP_JAR" ]] || fail "the build finished but $APP_JAR is missing"
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
  unpack_keycloak "$KEYCLOAK_VERSION" "$KEYCLOAK_DIR"
  start_keycloak "$KEYCLOAK_HOME" "$KEYCLOAK_PORT" "$REALM_FILE" "$KEYCLOAK_LOG" admin admin
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
