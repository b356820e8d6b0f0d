# command substitution: $(...), backquotes, nesting, exit status, trailing newlines
n=$(wc -l < nums.txt); echo "lines: $n"
echo "nested: $(echo "$(echo inner | tr a-z A-Z)")"
echo "backquotes: `echo old style`"
v=$(printf 'a\n\n\n'); echo "[$v]"
v=$(exit 7); echo "status $?"
echo "arith $(( $(echo 6) * 7 ))"
for f in $(ls dir); do echo "entry $f"; done
