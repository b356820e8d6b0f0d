# background jobs and wait
sleep 0.2 & p=$!
echo started
wait $p; echo "sleep done $?"
(exit 5) & q=$!
wait $q; echo "bg exit $?"
for i in 1 2 3; do (echo "job $i" > out.$i) & done
wait
cat out.1 out.2 out.3
sh -c 'kill -TERM $$' & r=$!
wait $r; echo "bg killed $?"
{ sleep 0.1; echo late; } &
echo early
wait
