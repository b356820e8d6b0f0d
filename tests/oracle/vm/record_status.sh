#!/usr/bin/env bash
# record_status.sh PROG — the runner of the oracle's probes (tests/oracle/probe): run PROG
# and record its exit status (128+N for a signal, as the shell reports it) as "status".
. "$(cd "$(dirname "$0")/.." && pwd)/oracle.sh"
"$1" </dev/null >/dev/null 2>&1
oracle_put_value status $?
