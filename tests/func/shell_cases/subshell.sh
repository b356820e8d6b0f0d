# subshells: their own variables, cwd and exit status
x=outer
(x=inner; echo "in: $x"; cd dir; pwd | sed 's|.*/||')
echo "out: $x"; pwd | sed 's|.*/||' | grep -qv dir && echo "cwd unchanged"
(exit 3); echo "subshell exit $?"
( (exit 4) ); echo "nested $?"
{ echo grouped; false; }; echo "group $?"
(echo to-stderr >&2; echo to-stdout) 2>/dev/null
(sh -c 'kill -9 $$'); echo "killed $?"
