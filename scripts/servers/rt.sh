#!/usr/bin/env bash
# A real Request Tracker 5 on 127.0.0.1 for kbdesk's desk tests and benchmarks.
#
#   scripts/servers/rt.sh start    install (Debian packages), configure, start; idempotent
#   scripts/servers/rt.sh stop     stop the server started by `start`, by the PID it recorded
#   scripts/servers/rt.sh status   exit 0 and print the connection file when REST2 answers
#   scripts/servers/rt.sh reset    stop, then delete the instance (database, token, logs)
#
# `start` installs request-tracker5, rt5-db-sqlite and rt5-standalone with apt-get when they are
# missing (needs root; a fresh Debian 12 machine takes about 2 minutes for that), makes an instance
# of its own under $KBDESK_RT_HOME (SQLite database, site config, logs; nothing under /etc is
# changed), a queue with two ticket custom fields, a test user with the rights the desk adapter
# needs and an auth token, starts RT's own Plack server (Starlet) as www-data on 127.0.0.1 only,
# waits until REST2 answers an authenticated request, and writes the connection details to
# $KBDESK_RT_HOME/connection.json (url, queue, user, password, token, pid). Tests read that file
# (tests/desk_servers.py); `stop` kills the process group of the recorded PID and nothing else.
#
# Environment: KBDESK_RT_HOME (default /var/tmp/kbdesk-rt), KBDESK_RT_PORT (default 8987).
#
# Facts behind the configuration (measured on Debian 12, RT 5.0.3):
# - Debian's /etc/request-tracker5/RT_SiteConfig.pm is root-only (0600) and its snippets set
#   WebPath to /rt; a server running as www-data cannot read it and silently runs on defaults.
#   This instance points RT_SITE_CONFIG and RT_SITE_CONFIG_DIR at its own files instead, readable
#   by www-data's group, and sets WebPath to '' (RT serves at the root of the port).
# - The default $BcryptCost (12) makes every authenticated REST2 call take ~0.8 s, because the
#   token is checked like a password; cost 4 (the minimum) brings it to ~25 ms. It must be set
#   before users and tokens are created: a hash keeps the cost it was made with.
# - exim4 cannot start here, so $MailCommand is 'mbox' (RT appends outgoing mail to
#   /var/lib/request-tracker5/<date>.mbox instead of sending it).
# - Comments are invisible without ShowTicketComments; the test user has it.
# - RT 5.0 has no command that makes an auth token: a few lines of RT's Perl API do it below.
set -euo pipefail

RT_HOME="${KBDESK_RT_HOME:-/var/tmp/kbdesk-rt}"
PORT="${KBDESK_RT_PORT:-8987}"
HOST=127.0.0.1
RUN_USER=www-data
QUEUE=kbdesk
PLAIN_QUEUE=kbdesk-plain   # no custom fields: tickets are found by their subject there
TEST_USER=kbdesk-test
PACKAGES=(request-tracker5 rt5-db-sqlite rt5-standalone curl)
RT_LIB=/usr/share/request-tracker5/lib
RT_SERVER=/usr/share/request-tracker5/libexec/rt-server
SETUP_DB=/usr/sbin/rt-setup-database-5
START_TIMEOUT=180

CONFIG="$RT_HOME/RT_SiteConfig.pm"
CONFIG_DIR="$RT_HOME/RT_SiteConfig.d"
DB="$RT_HOME/db/rtdb"
PID_FILE="$RT_HOME/rt.pid"
LOG="$RT_HOME/rt-server.log"
TOKEN_FILE="$RT_HOME/token"
PASSWORD_FILE="$RT_HOME/password"
CONNECTION="$RT_HOME/connection.json"

say() { echo "rt.sh: $*" >&2; }
die() { say "error: $*"; exit 1; }

as_run_user() {
    # RT_SITE_CONFIG_DIR replaces both snippet folders, Debian's included, so nothing of the
    # system configuration leaks in
    runuser -u "$RUN_USER" -- env RT_SITE_CONFIG="$CONFIG" RT_SITE_CONFIG_DIR="$CONFIG_DIR" "$@"
}

running_pid() {
    [ -f "$PID_FILE" ] || return 1
    local pid
    pid="$(cat "$PID_FILE")"
    # the recorded process, and still RT's server (after a reboot the number may belong to another)
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
        && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q rt-server && echo "$pid"
}

install_packages() {
    local missing=() p
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    [ "$(id -u)" = 0 ] || die "Request Tracker is not installed (${missing[*]}); run this script as root to install it"
    command -v apt-get >/dev/null || die "apt-get not found: Request Tracker 5 is installed from Debian's packages"
    say "installing ${missing[*]} (about 2 minutes for RT on a fresh machine)"
    apt-get update -qq >/dev/null
    # exim4 comes along as the default MTA; it cannot start in a container, which is harmless here
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
}

write_config() {
    install -d -m 0750 -o root -g "$RUN_USER" "$RT_HOME" "$CONFIG_DIR"
    install -d -m 0770 -o "$RUN_USER" -g "$RUN_USER" "$RT_HOME/db" "$RT_HOME/log"
    local tmp
    tmp="$(mktemp "$RT_HOME/.config.XXXXXX")"
    cat > "$tmp" <<EOF
# Written by kbdesk's scripts/servers/rt.sh; a test instance, not for production.
Set(\$rtname, 'kbdesk-test');
Set(\$Organization, 'kbdesk.test');
Set(\$CorrespondAddress, 'rt@kbdesk.test');
Set(\$CommentAddress, 'rt-comment@kbdesk.test');
Set(\$WebDomain, '$HOST');
Set(\$WebPort, $PORT);
Set(\$WebPath, '');
Set(\$DatabaseType, 'SQLite');
Set(\$DatabaseName, '$DB');
Set(\$BcryptCost, 4);
Set(\$MailCommand, 'mbox');
Set(\$LogToSyslog, undef);
Set(\$LogToSTDERR, 'error');
Set(\$LogToFile, 'warning');
Set(\$LogDir, '$RT_HOME/log');
Set(\$LogToFileNamed, 'rt.log');
1;
EOF
    chown root:"$RUN_USER" "$tmp"
    chmod 0640 "$tmp"
    mv -f "$tmp" "$CONFIG"
}

init_database() {
    [ -s "$DB" ] && return 0
    say "creating the database $DB"
    rm -f "$TOKEN_FILE" "$PASSWORD_FILE" "$CONNECTION"
    as_run_user "$SETUP_DB" --action init >"$RT_HOME/log/setup-database.log" 2>&1 \
        || { tail -20 "$RT_HOME/log/setup-database.log" >&2; die "rt-setup-database failed"; }
}

# Queue, custom fields, test user, rights and token; each is loaded first and created only when
# missing, so running it again changes nothing. Prints the token when it made a new one.
provision() {
    local password new_token
    if [ ! -s "$PASSWORD_FILE" ]; then
        (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$PASSWORD_FILE")
    fi
    password="$(cat "$PASSWORD_FILE")"
    local want_token=1
    [ -s "$TOKEN_FILE" ] && want_token=0
    new_token="$(runuser -u "$RUN_USER" -- env RT_SITE_CONFIG="$CONFIG" RT_SITE_CONFIG_DIR="$CONFIG_DIR" \
        KBDESK_RT_QUEUE="$QUEUE" KBDESK_RT_PLAIN_QUEUE="$PLAIN_QUEUE" KBDESK_RT_USER="$TEST_USER" KBDESK_RT_PASSWORD="$password" \
        KBDESK_RT_WANT_TOKEN="$want_token" perl -I"$RT_LIB" -e '
use strict; use warnings;
use RT; RT::LoadConfig(); RT::Init();
my $system = RT->SystemUser;
sub check { my ($ok, $msg) = @_; die "$msg\n" unless $ok; }

my @queues;
for my $name ($ENV{KBDESK_RT_QUEUE}, $ENV{KBDESK_RT_PLAIN_QUEUE}) {
    my $q = RT::Queue->new($system);
    $q->Load($name);
    check($q->Create(Name => $name, Description => "kbdesk escalations")) unless $q->Id;
    $q->Load($name);
    push @queues, $q;
}
my $queue = $queues[0];

for my $name ("kbdesk Bundle ID", "kbdesk Version") {
    my $cf = RT::CustomField->new($system);
    $cf->LoadByName(Name => $name, LookupType => RT::Ticket->CustomFieldLookupType);
    unless ($cf->Id) {
        check($cf->Create(Name => $name, Type => "FreeformSingle",
                          LookupType => RT::Ticket->CustomFieldLookupType));
    }
    $cf->AddToObject($queue) unless $cf->IsAdded($queue->Id);
}

my $user = RT::User->new($system);
$user->Load($ENV{KBDESK_RT_USER});
unless ($user->Id) {
    check($user->Create(Name => $ENV{KBDESK_RT_USER}, EmailAddress => "$ENV{KBDESK_RT_USER}\@kbdesk.test",
                        RealName => "kbdesk test agent", Privileged => 1));
}
$user->SetPassword($ENV{KBDESK_RT_PASSWORD}) unless $user->IsPassword($ENV{KBDESK_RT_PASSWORD});

# what the adapter does: create, read, search, read attachments and comments, custom fields
for my $q (@queues) {
    for my $right (qw(CreateTicket ShowTicket SeeQueue ModifyTicket ReplyToTicket CommentOnTicket
                      ShowTicketComments SeeCustomField ModifyCustomField ShowOutgoingEmail)) {
        next if $user->PrincipalObj->HasRight(Right => $right, Object => $q);
        check($user->PrincipalObj->GrantRight(Right => $right, Object => $q));
    }
}
check($user->PrincipalObj->GrantRight(Right => "ManageAuthTokens", Object => RT->System))
    unless $user->PrincipalObj->HasRight(Right => "ManageAuthTokens", Object => RT->System);

if ($ENV{KBDESK_RT_WANT_TOKEN}) {
    my $current = RT::CurrentUser->new($user);
    my $token = RT::AuthToken->new($current);
    my ($id, $msg, $auth) = $token->Create(Owner => $user->Id, Description => "kbdesk tests");
    die "token: $msg\n" unless $id;
    print $auth;
}
')" || die "provisioning the queue, user and token failed"
    if [ -n "$new_token" ]; then
        (umask 077; printf '%s' "$new_token" > "$TOKEN_FILE")
    fi
}

start_server() {
    local pid
    if pid="$(running_pid)"; then
        say "already running (pid $pid)"
        return 0
    fi
    if (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; then
        die "port $PORT on $HOST is already taken by another program; set KBDESK_RT_PORT"
    fi
    say "starting RT on http://$HOST:$PORT"
    : > "$LOG"
    chown "$RUN_USER" "$LOG"
    # setsid: the server and its workers form one process group, so stop can end exactly them
    setsid runuser -u "$RUN_USER" -- env RT_SITE_CONFIG="$CONFIG" RT_SITE_CONFIG_DIR="$CONFIG_DIR" \
        "$RT_SERVER" --server Starlet --host "$HOST" --port "$PORT" --max-workers 4 \
        >>"$LOG" 2>&1 < /dev/null &
    echo $! > "$PID_FILE"
}

wait_ready() {
    local token deadline code
    token="$(cat "$TOKEN_FILE")"
    deadline=$((SECONDS + START_TIMEOUT))
    while :; do
        code="$(curl -s -o /dev/null -w '%{http_code}' -m 5 -H "Authorization: token $token" \
            "http://$HOST:$PORT/REST/2.0/queue/$QUEUE" || true)"
        [ "$code" = 200 ] && return 0
        if ! running_pid >/dev/null; then
            tail -20 "$LOG" >&2
            die "the RT server exited while starting (log: $LOG)"
        fi
        [ $SECONDS -lt $deadline ] || { tail -20 "$LOG" >&2; die "REST2 did not answer within ${START_TIMEOUT} s (last HTTP status $code)"; }
        sleep 0.5
    done
}

write_connection() {
    local tmp
    tmp="$(mktemp "$RT_HOME/.connection.XXXXXX")"
    python3 - "$tmp" <<EOF
import json, sys
data = {
    "version": 1,
    "url": "http://$HOST:$PORT",
    "queue": "$QUEUE",
    "plain_queue": "$PLAIN_QUEUE",
    "user": "$TEST_USER",
    "password": open("$PASSWORD_FILE").read().strip(),
    "token": open("$TOKEN_FILE").read().strip(),
    "pid": int(open("$PID_FILE").read()),
    "mbox_dir": "/var/lib/request-tracker5",
}
with open(sys.argv[1], "w") as f:
    json.dump(data, f, indent=2)
EOF
    chmod 0644 "$tmp"
    mv -f "$tmp" "$CONNECTION"
}

cmd_start() {
    local t0=$SECONDS
    install_packages
    [ "$(id -u)" = 0 ] || die "run as root: the server runs as $RUN_USER"
    write_config
    init_database
    provision
    start_server
    wait_ready
    write_connection
    say "ready in $((SECONDS - t0)) s: http://$HOST:$PORT (connection details: $CONNECTION)"
}

cmd_stop() {
    local pid
    if ! pid="$(running_pid)"; then
        say "not running"
        rm -f "$PID_FILE"
        return 0
    fi
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
    for _ in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$PID_FILE"
    say "stopped (pid $pid)"
}

cmd_status() {
    local pid
    pid="$(running_pid)" || { say "not running"; return 1; }
    local code
    code="$(curl -s -o /dev/null -w '%{http_code}' -m 5 -H "Authorization: token $(cat "$TOKEN_FILE")" \
        "http://$HOST:$PORT/REST/2.0/queue/$QUEUE" || true)"
    [ "$code" = 200 ] || { say "pid $pid runs but REST2 answers HTTP $code"; return 1; }
    cat "$CONNECTION"
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    reset) cmd_stop; rm -rf "$RT_HOME"; say "removed $RT_HOME" ;;
    *) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
