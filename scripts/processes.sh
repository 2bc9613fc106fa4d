# Shell functions shared by demo.sh and bench/wrk-load.sh: starting Keycloak's distribution and the
# example application as child processes, waiting for them, and stopping them again.
# The caller sets SCRIPT_NAME, STARTUP_TIMEOUT_SECONDS and STOP_TIMEOUT_SECONDS, and declares
# keycloak_pid and app_pid; cleanup() stops whatever those name.
# shellcheck shell=bash

fail() {
  echo "$SCRIPT_NAME: $*" >&2
  exit 1
}

require_command() {
  command -v "$1" >/dev/null || fail "$1 is not installed; $2"
}

# A successful connect means something listens; the subshell closes the socket again.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
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

# unpack_keycloak VERSION DIR: Keycloak's distribution from Maven Central, unpacked into
# DIR/keycloak-VERSION by the test kit's KeycloakDistribution (run as a single-file program), the
# same code that unpacks it for the integration tests. It trusts only its own completion marker.
unpack_keycloak() {
  local version=$1 dir=$2
  local home="$dir/keycloak-$version"
  local unpacker=src/test/java/io/github/datasec/dwauth/testing/keycloak/KeycloakDistribution.java
  if java "$unpacker" check "$home"; then
    return 0
  fi
  echo "Unpacking Keycloak $version from Maven Central into $dir..."
  mkdir -p "$dir"
  rm -rf "$dir"/.download-*
  local download
  download=$(mktemp -d "$dir/.download-XXXXXX")
  mvn -B -q dependency:copy \
    -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip" \
    -DoutputDirectory="$download" || fail "cannot download Keycloak $version from Maven Central"
  java "$unpacker" unpack "$download/keycloak-quarkus-dist-$version.zip" "$home" \
    || fail "cannot unpack Keycloak $version into $home"
  rm -rf "$download"
}

# start_keycloak HOME PORT REALM_FILE LOG ADMIN_USER ADMIN_PASSWORD: starts Keycloak in development
# mode from a fresh database with the realm file imported, sets keycloak_pid and waits until the
# realm answers.
start_keycloak() {
  local home=$1 port=$2 realm_file=$3 log=$4 admin_user=$5 admin_password=$6 realm
  realm=$(grep -o '"realm" *: *"[^"]*"' "$realm_file" | head -n 1 | cut -d '"' -f 4)
  # A fresh development database, so the realm always matches the realm file.
  rm -rf "$home/data"
  mkdir -p "$home/data/import"
  cp "$realm_file" "$home/data/import/$realm-realm.json"
  echo "Starting Keycloak on port $port (log: $log)..."
  KC_BOOTSTRAP_ADMIN_USERNAME="$admin_user" KC_BOOTSTRAP_ADMIN_PASSWORD="$admin_password" \
    "$home/bin/kc.sh" start-dev --http-port="$port" --import-realm >"$log" 2>&1 &
  keycloak_pid=$!
  wait_for_url Keycloak "http://localhost:$port/realms/$realm/.well-known/openid-configuration" 200 \
    "$keycloak_pid" "$log"
}
