# loops and arithmetic
for i in 1 2 3; do printf '%s ' "$i"; done; echo
i=0; while [ $i -lt 5 ]; do i=$((i + 1)); [ $i -eq 2 ] && continue; [ $i -eq 4 ] && break; echo "while $i"; done
n=3; until [ $n -eq 0 ]; do echo "until $n"; n=$((n - 1)); done
total=0; for x in $(seq 1 100); do total=$((total + x)); done; echo "total $total"
for a in x y; do for b in 1 2; do [ "$b" = 2 ] && continue 2; echo "$a$b"; done; done
case foo.txt in *.c) echo c ;; *.txt) echo text ;; *) echo other ;; esac
echo $(( 7 / 2 )) $(( -7 % 3 )) $(( 1 << 10 )) $(( 0x10 + 010 ))
