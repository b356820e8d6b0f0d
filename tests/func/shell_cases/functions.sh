# functions: arguments, return codes, recursion, shadowing a command
fact() { if [ "$1" -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }
echo "fact 10 = $(fact 10)"
args() { echo "count $#: $*"; shift; echo "after shift: $1"; return 5; }
args a "b c" d; echo "returned $?"
greet() { local who="$1"; echo "hi $who"; }
who=outside; greet inside; echo "who still $who"
ls() { echo "ls is a function now"; }
ls; command ls dir
unset -f ls
fib() { if [ $1 -lt 2 ]; then echo $1; return; fi; echo $(( $(fib $(($1-1))) + $(fib $(($1-2))) )); }
echo "fib 12 = $(fib 12)"
