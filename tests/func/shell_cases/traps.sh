# traps: EXIT, a signal the shell sends itself, ignoring, resetting
trap 'echo "exit trap, status $?"' EXIT
trap 'echo got USR1' USR1
kill -USR1 $$
echo after usr1
trap '' USR2
kill -USR2 $$
echo survived ignored usr2
trap - USR2
sh -c 'trap "echo sub term; exit 9" TERM; kill -TERM $$; sleep 1; echo not reached'; echo "sub $?"
sh -c 'trap "echo inner exit" EXIT; exit 4'; echo "inner $?"
exit 6
