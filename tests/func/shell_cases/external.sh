# external programs by path: static helpers of both ABIs, a #! script, exec
# oracle-needs: i386
./bin/hello64 one "two words"
./bin/hello32 three
HELLO_EXIT=9 ./bin/hello64; echo "status $?"
HELLO_EXIT=8 ./bin/hello32; echo "status $?"
./bin/script.sh x y; echo "script $?"
out=$(./bin/hello64 captured); echo "[$out]"
./bin/hello64 | tr a-z A-Z
(exec ./bin/hello32 via-exec); echo "exec $?"
sh -c 'exec ./bin/hello64 from-sh'
env -i HELLO_EXIT=2 ./bin/hello64 envi; echo "env $?"
