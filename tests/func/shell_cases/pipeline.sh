# pipelines: applets and builtins connected by pipes, the status of a pipeline
sort fruits.txt | uniq -c | sort -rn | head -n 2
cat nums.txt | grep 7 | wc -l
echo "a b c" | tr ' ' '\n' | tac
printf '%s\n' one two three | while read -r w; do echo "word=$w"; done
false | true; echo "status $?"
true | false; echo "status $?"
set -o pipefail 2>/dev/null && { true | false | true; echo "pipefail $?"; }
seq 1 100000 | head -n 1
