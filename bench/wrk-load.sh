#!/usr/bin/env bash
# Load benchmark of the example application with a real Keycloak token, all in one run:
#   1. GET /api/v1/system/version         no authentication: the baseline
#   2. GET /api/v1/system/version         the same, sending the valid token's Authorization header,
#                                         which that endpoint ignores: what carrying a token costs
#                                         the server before any authentication (control)
#   3. GET /api/v1/users/loggedInUser     a valid token, answered from the token cache
#   4. GET /api/v1/users/loggedInUser     a well-formed token with a bad signature (every one a 401)
#   5. GET /api/v1/users/loggedInUser     a malformed token (refused by the shape check)
#   6. GET /api/v1/users/loggedInUser     a token naming a kid Keycloak does not have (refused during
#                                         the refetch cooldown, before any signature work)
#   7. GET /api/v1/system/version         control again, on a second application with the token cache
#                                         off (tokenCache.enabled=false)
#   8. GET /api/v1/users/loggedInUser     the valid token on that second application: every request
#                                         verifies it as a token seen for the first time
# It prints requests/s of each, the ratios to the baseline against the targets (cached >= 0.95,
# invalid >= 0.90), the two ratios to the control of the same application (cached >= 0.97;
# first-seen, reported), and fails if any response had an unexpected status or a socket error.
#
# Keycloak (realm data-sec) and the application are used if they already answer, for example when
# ./demo.sh runs; otherwise the script starts them itself and stops them again at the end. The
# application with the cache off is always started by the script, and stopped at the end.
# Everything is on loopback. Settings, all optional, as environment variables:
#   KEYCLOAK_PORT (8081), SERVER_PORT (8585), SERVER_ADMIN_PORT (8586)
#   FIRST_SEEN_PORT (8595), FIRST_SEEN_ADMIN_PORT (8596): the application with the token cache off
#   KEYCLOAK_ADMIN_USER / KEYCLOAK_ADMIN_PASSWORD (admin / admin): to create the benchmark client
#   BENCH_USER / BENCH_PASSWORD (admin-user / admin-password), BENCH_CLIENT (wrk-bench)
#   THREADS (2), CONNECTIONS (32), DURATION (8s), WARMUP (5s): wrk settings per scenario
#   ROUNDS (5): the scenarios run in turn this many times; ratios are taken within a round, and the
#               median over the rounds is reported, so that a slow moment does not decide a ratio
#   APP_JAR (target/app.jar), KEYCLOAK_DIR (target/bench-keycloak): where to find or unpack them
#   JAVA_OPTS: extra JVM options for an application the script starts
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly KEYCLOAK_VERSION=26.4.7
readonly REALM=data-sec
readonly AUDIENCE=open-metadata
readonly KEYCLOAK_PORT=${KEYCLOAK_PORT:-8081}
readonly SERVER_PORT=${SERVER_PORT:-8585}
readonly SERVER_ADMIN_PORT=${SERVER_ADMIN_PORT:-8586}
readonly FIRST_SEEN_PORT=${FIRST_SEEN_PORT:-8595}
readonly FIRST_SEEN_ADMIN_PORT=${FIRST_SEEN_ADMIN_PORT:-8596}
readonly KEYCLOAK_ADMIN_USER=${KEYCLOAK_ADMIN_USER:-admin}
readonly KEYCLOAK_ADMIN_PASSWORD=${KEYCLOAK_ADMIN_PASSWORD:-admin}
readonly BENCH_USER=${BENCH_USER:-admin-user}
readonly BENCH_PASSWORD=${BENCH_PASSWORD:-admin-password}
readonly BENCH_CLIENT=${BENCH_CLIENT:-wrk-bench}
readonly THREADS=${THREADS:-2}
readonly CONNECTIONS=${CONNECTIONS:-32}
readonly DURATION=${DURATION:-8s}
readonly ROUNDS=${ROUNDS:-5}
readonly WARMUP=${WARMUP:-5s}
readonly APP_JAR=${APP_JAR:-target/app.jar}
readonly KEYCLOAK_DIR=${KEYCLOAK_DIR:-target/bench-keycloak}
readonly KEYCLOAK_HOME="$KEYCLOAK_DIR/keycloak-$KEYCLOAK_VERSION"
readonly REALM_FILE=docker/realm-data-sec.json
readonly LUA_SCRIPT=bench/wrk-status.lua
readonly LOG_DIR=${LOG_DIR:-target/bench-logs}
# The first start after an unpack also builds Keycloak, which takes minutes on a small, busy machine.
readonly STARTUP_TIMEOUT_SECONDS=600
readonly STOP_TIMEOUT_SECONDS=30
readonly SCRIPT_NAME=wrk-load.sh

readonly KEYCLOAK_URL="http://localhost:$KEYCLOAK_PORT"
readonly ISSUER="$KEYCLOAK_URL/realms/$REALM"
readonly APP_URL="http://127.0.0.1:$SERVER_PORT"
readonly FIRST_SEEN_URL="http://127.0.0.1:$FIRST_SEEN_PORT"
readonly UNAUTHENTICATED_PATH=/api/v1/system/version
readonly AUTHENTICATED_PATH=/api/v1/users/loggedInUser

keycloak_pid=""
app_pid=""
first_seen_pid=""

# shellcheck source=scripts/processes.sh
source scripts/processes.sh

answers() {
  [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" || true)" == "$2" ]]
}

start_keycloak_unless_running() {
  if answers "$ISSUER/.well-known/openid-configuration" 200; then
    echo "Using the Keycloak already running on port $KEYCLOAK_PORT."
    return
  fi
  port_in_use "$KEYCLOAK_PORT" && fail "port $KEYCLOAK_PORT is taken by something that is not Keycloak with realm $REALM; set KEYCLOAK_PORT"
  unpack_keycloak "$KEYCLOAK_VERSION" "$KEYCLOAK_DIR"
  start_keycloak "$KEYCLOAK_HOME" "$KEYCLOAK_PORT" "$REALM_FILE" "$LOG_DIR/keycloak.log" \
    "$KEYCLOAK_ADMIN_USER" "$KEYCLOAK_ADMIN_PASSWORD"
}

# start_app PORT ADMIN_PORT LOG [JVM option...]: the example application against this Keycloak, in
# the background; sets started_pid.
start_app() {
  local port=$1 admin_port=$2 log=$3
  shift 3
  for p in "$port" "$admin_port"; do
    port_in_use "$p" && fail "port $p is taken; set SERVER_PORT / SERVER_ADMIN_PORT / FIRST_SEEN_PORT / FIRST_SEEN_ADMIN_PORT"
  done
  [[ -f "$APP_JAR" ]] || fail "$APP_JAR is missing; build it with: mvn -B -DskipTests package"
  echo "Starting the application on ports $port/$admin_port (log: $log)..."
  # shellcheck disable=SC2086  # JAVA_OPTS holds separate options
  env SERVER_PORT="$port" SERVER_ADMIN_PORT="$admin_port" \
    AUTHENTICATION_AUTHORITY="$ISSUER" \
    AUTHENTICATION_PUBLIC_KEYS="[$ISSUER/protocol/openid-connect/certs]" \
    AUTHENTICATION_CALLBACK_URL="http://localhost:$port/callback" \
    java ${JAVA_OPTS:-} "$@" -jar "$APP_JAR" server config.yaml >"$log" 2>&1 &
  started_pid=$!
  wait_for_url "The application on port $port" "http://127.0.0.1:$port$UNAUTHENTICATED_PATH" 200 "$started_pid" "$log"
}

start_app_unless_running() {
  if answers "$APP_URL$UNAUTHENTICATED_PATH" 200; then
    echo "Using the application already running on port $SERVER_PORT."
    return
  fi
  start_app "$SERVER_PORT" "$SERVER_ADMIN_PORT" "$LOG_DIR/app.log"
  app_pid=$started_pid
}

# The same application with tokenCache.enabled=false (a Dropwizard dw.* override), so that every
# request with the valid token costs a first-seen verification. Its metrics must then have no
# token-cache meters at all, which proves the cache is really off.
start_first_seen_app() {
  start_app "$FIRST_SEEN_PORT" "$FIRST_SEEN_ADMIN_PORT" "$LOG_DIR/app-cache-off.log" \
    -Ddw.authenticationConfiguration.tokenCache.enabled=false
  first_seen_pid=$started_pid
  if curl -sf --max-time 10 "http://127.0.0.1:$FIRST_SEEN_ADMIN_PORT/metrics" | grep -q 'token-cache'; then
    fail "the application on port $FIRST_SEEN_PORT still has a token cache"
  fi
}

# shellcheck disable=SC2317  # reached through the EXIT trap, which shellcheck does not follow
stop_everything() {
  if [[ -n "$first_seen_pid" ]]; then stop_process "the application with the cache off" "$first_seen_pid"; fi
  cleanup
}

json_string() {
  grep -o "\"$1\":\"[^\"]*\"" | head -n 1 | cut -d '"' -f 4
}

# A public client allowed to use the password grant, whose access tokens name the application's
# client in aud, so that the application accepts them. Created once; later runs reuse it.
ensure_bench_client() {
  local admin_token clients
  admin_token=$(curl -sf "$KEYCLOAK_URL/realms/master/protocol/openid-connect/token" \
    -d grant_type=password -d client_id=admin-cli \
    --data-urlencode "username=$KEYCLOAK_ADMIN_USER" --data-urlencode "password=$KEYCLOAK_ADMIN_PASSWORD" \
    | json_string access_token) || fail "cannot log in to Keycloak's admin API as $KEYCLOAK_ADMIN_USER"
  clients=$(curl -sf -H "Authorization: Bearer $admin_token" \
    "$KEYCLOAK_URL/admin/realms/$REALM/clients?clientId=$BENCH_CLIENT") || fail "cannot list the clients of realm $REALM"
  if [[ "$clients" == *"\"clientId\":\"$BENCH_CLIENT\""* ]]; then
    return
  fi
  echo "Creating client $BENCH_CLIENT in realm $REALM (password grant, audience $AUDIENCE)..."
  curl -sf -o /dev/null -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' \
    "$KEYCLOAK_URL/admin/realms/$REALM/clients" --data @- <<EOF || fail "cannot create client $BENCH_CLIENT"
{
  "clientId": "$BENCH_CLIENT",
  "enabled": true,
  "publicClient": true,
  "directAccessGrantsEnabled": true,
  "standardFlowEnabled": false,
  "implicitFlowEnabled": false,
  "protocol": "openid-connect",
  "protocolMappers": [{
    "name": "audience $AUDIENCE",
    "protocol": "openid-connect",
    "protocolMapper": "oidc-audience-mapper",
    "config": {
      "included.client.audience": "$AUDIENCE",
      "access.token.claim": "true",
      "id.token.claim": "false",
      "introspection.token.claim": "true"
    }
  }]
}
EOF
}

user_token() {
  curl -sf "$ISSUER/protocol/openid-connect/token" -d grant_type=password -d "client_id=$BENCH_CLIENT" \
    -d scope=openid --data-urlencode "username=$BENCH_USER" --data-urlencode "password=$BENCH_PASSWORD" \
    | json_string access_token
}

base64url() {
  base64 -w 0 | tr '+/' '-_' | tr -d '='
}

status_of() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 ${2:+-H "Authorization: Bearer $2"} "$1"
}

# Runs wrk once against a URL; prints "<requests/s> <2xx> <401> <other> <socket errors>".
run_wrk() {
  local duration=$1 url=$2 token=${3:-} output
  local -a header=()
  [[ -n "$token" ]] && header=(-H "Authorization: Bearer $token")
  output=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" -s "$LUA_SCRIPT" "${header[@]}" "$url")
  local rps status
  rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$output")
  status=$(grep '^STATUS ' <<<"$output") || fail "wrk printed no status counts: $output"
  # "STATUS 2xx=N 401=N other=N socket_errors=N" becomes "N N N N".
  echo "$rps $(awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); printf "%s ", kv[2] } }' <<<"$status")"
}

# Fills TOKENS, one per scenario, from a new Keycloak token, and checks each gets the expected status.
prepare_tokens() {
  local token
  token=$(user_token) || fail "cannot get a token for $BENCH_USER with client $BENCH_CLIENT"
  [[ -n "$token" ]] || fail "Keycloak answered without an access token"
  # Same header and payload, one signature character changed: well-formed, signed by a known key, invalid.
  local signature=${token##*.}
  local middle=$(( ${#signature} / 2 ))
  local replacement=A
  [[ "${signature:middle:1}" == A ]] && replacement=B
  local bad_signature="${token%.*}.${signature:0:middle}${replacement}${signature:middle+1}"
  # One dot lost.
  local malformed="${token%%.*}${token#*.}"
  local unknown_kid_header
  unknown_kid_header=$(printf '{"alg":"RS256","typ":"JWT","kid":"kid-that-keycloak-does-not-have"}' | base64url)
  local unknown_kid="$unknown_kid_header.${token#*.}"
  TOKENS=("" "$token" "$token" "$bad_signature" "$malformed" "$unknown_kid" "$token" "$token")

  local i code
  for i in "${!NAMES[@]}"; do
    code=$(status_of "${URLS[i]}" "${TOKENS[i]}")
    if [[ "${EXPECTED[i]}" == 2xx && "$code" != 200 ]] || [[ "${EXPECTED[i]}" == 401 && "$code" != 401 ]]; then
      fail "${NAMES[i]}: ${URLS[i]} answered $code (is the application configured for $ISSUER?)"
    fi
  done
}

median() {
  tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

main() {
  require_command wrk "install it with: apt-get install -y wrk"
  require_command curl "install it with: apt-get install -y curl"
  require_command java "install JDK 17 or newer"
  mkdir -p "$LOG_DIR"
  local load_at_start
  load_at_start=$(cut -d ' ' -f 1-3 /proc/loadavg)
  trap stop_everything EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  start_keycloak_unless_running
  start_app_unless_running
  start_first_seen_app
  ensure_bench_client

  NAMES=("unauthenticated" "unauth + token header" "cached valid token" "bad signature" "malformed token"
    "unknown kid (cooldown)" "cache off: control" "cache off: first-seen")
  URLS=("$APP_URL$UNAUTHENTICATED_PATH" "$APP_URL$UNAUTHENTICATED_PATH" "$APP_URL$AUTHENTICATED_PATH"
    "$APP_URL$AUTHENTICATED_PATH" "$APP_URL$AUTHENTICATED_PATH" "$APP_URL$AUTHENTICATED_PATH"
    "$FIRST_SEEN_URL$UNAUTHENTICATED_PATH" "$FIRST_SEEN_URL$AUTHENTICATED_PATH")
  EXPECTED=(2xx 2xx 2xx 401 401 401 2xx 2xx)
  TARGETS=("" "" 0.95 0.90 0.90 0.90 "" "")
  # Scenario -> the control of the same application, for the ratios that leave the HTTP stack out.
  CONTROL_OF=([2]=1 [7]=6)
  prepare_tokens

  echo "Warming up each scenario for $WARMUP..."
  local i
  for i in "${!NAMES[@]}"; do
    run_wrk "$WARMUP" "${URLS[i]}" "${TOKENS[i]}" >/dev/null
  done

  echo "Measuring $ROUNDS rounds of wrk -t$THREADS -c$CONNECTIONS -d$DURATION per scenario on $(nproc) cores;" \
    "load average when the script started: $load_at_start, now: $(cut -d ' ' -f 1-3 /proc/loadavg)"
  # ratios[i] collects scenario i's requests/s divided by the same round's unauthenticated requests/s;
  # to_control[i] those divided by the same round's control of the same application: the bundle's share alone.
  local -a rates=() ratios=() to_control=() round_rates=()
  local problems=0 round
  printf '%-6s %-24s %12s %9s %9s %7s %7s %8s\n' round scenario requests/s 2xx 401 other errors ratio
  for (( round = 1; round <= ROUNDS; round++ )); do
    # Keycloak's access tokens live five minutes; every round gets a new one.
    (( round == 1 )) || prepare_tokens
    local baseline=""
    for i in "${!NAMES[@]}"; do
      local result r s u o e ratio
      result=$(run_wrk "$DURATION" "${URLS[i]}" "${TOKENS[i]}")
      read -r r s u o e <<<"$result"
      [[ -n "$baseline" ]] || baseline=$r
      ratio=$(awk -v a="$r" -v b="$baseline" 'BEGIN { printf "%.3f", a / b }')
      rates[i]+="$r "
      ratios[i]+="$ratio "
      round_rates[i]=$r
      if [[ -n "${CONTROL_OF[i]:-}" ]]; then
        to_control[i]+="$(awk -v a="$r" -v b="${round_rates[CONTROL_OF[i]]}" 'BEGIN { printf "%.3f", a / b }') "
      fi
      printf '%-6s %-24s %12s %9s %9s %7s %7s %8s\n' "$round" "${NAMES[i]}" "$r" "$s" "$u" "$o" "$e" "$ratio"
      if [[ "${EXPECTED[i]}" == 2xx ]] && (( u + o > 0 )); then
        echo "  unexpected: $((u + o)) responses were not 2xx" >&2; problems=$((problems + 1))
      fi
      if [[ "${EXPECTED[i]}" == 401 ]] && (( s + o > 0 )); then
        echo "  unexpected: $((s + o)) responses were not 401" >&2; problems=$((problems + 1))
      fi
      if (( e > 0 )); then
        echo "  unexpected: $e socket errors" >&2; problems=$((problems + 1))
      fi
    done
  done
  echo "Load average after: $(cut -d ' ' -f 1-3 /proc/loadavg)"

  echo
  printf '%-24s %16s %22s %s\n' scenario "median req/s" "median ratio to unauth" target
  for i in "${!NAMES[@]}"; do
    local median_rate median_ratio verdict=""
    median_rate=$(median <<<"${rates[i]}")
    median_ratio=$(median <<<"${ratios[i]}")
    if [[ -n "${TARGETS[i]}" ]]; then
      verdict=$(awk -v r="$median_ratio" -v t="${TARGETS[i]}" 'BEGIN {
        printf ">= %.2f  %s", t, (r >= t ? "MET" : sprintf("MISSED by %.1f%%", (t - r) / t * 100)) }')
    fi
    printf '%-24s %16.1f %22.3f %s\n' "${NAMES[i]}" "$median_rate" "$median_ratio" "$verdict"
  done
  echo
  local cached_ratio first_seen_ratio
  cached_ratio=$(median <<<"${to_control[2]}")
  first_seen_ratio=$(median <<<"${to_control[7]}")
  echo "Against the control of the same application (the same Authorization header to $UNAUTHENTICATED_PATH):"
  awk -v r="$cached_ratio" 'BEGIN { printf "  cached valid token / control:               median %.3f  >= 0.97  %s\n", r,
    (r >= 0.97 ? "MET" : sprintf("MISSED by %.1f%%", (0.97 - r) / 0.97 * 100)) }'
  printf '  first-seen token (cache off) / control:    median %.3f  (reported)\n' "$first_seen_ratio"
  if (( problems > 0 )); then
    fail "$problems measurement(s) had unexpected responses"
  fi
  echo "Every response had the expected status: 2xx without a token and with the valid one, 401 for every invalid token."
}

main "$@"
